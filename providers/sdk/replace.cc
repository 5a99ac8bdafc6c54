// The replace rule and the content equality it uses (see replace.h).
#include "providers/sdk/replace.h"

#include "lang/value_equality.h"
#include "providers/sdk/attrs.h"

namespace fedplan::sdk {

bool same_content(const Value& a, const Value& b) {
  if (!a.wholly_known() || !b.wholly_known()) return false;
  if (!a.contains_sensitive() && !b.contains_sensitive()) return same_value(a, b);
  return same_value(a.unmarked_deep(), b.unmarked_deep());
}

std::vector<ValuePath> replace_paths(const ResourceSchema& schema, const Value& prior,
                                     const Value& planned) {
  std::vector<ValuePath> out;
  if (prior.is_null() || planned.is_null()) return out;
  for (const AttributeSchema& a : schema.attributes)
    if (a.force_new && !same_content(attr(prior, a.name), attr(planned, a.name)))
      out.push_back({PathStep::attr(a.name)});
  return out;
}

}  // namespace fedplan::sdk
