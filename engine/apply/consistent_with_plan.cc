// The check that a provider's final plan at apply is what the user approved: every value the
// saved plan knew is the same in the fresh one (split out of applier.cc, which it serves).
#include "engine/apply/applier.h"
#include "lang/value_json.h"

namespace fedplan {

bool consistent_with_plan(const Value& saved, const Value& fresh) {
  if (!saved.known()) return true;
  if (!fresh.known()) return false;
  if (saved.is_mapping() && fresh.is_mapping()) {
    for (const auto& [k, v] : saved.attributes()) {
      const Value* f = fresh.get(k);
      if (!f) {
        if (!v.is_null()) return false;
        continue;
      }
      if (!consistent_with_plan(v, *f)) return false;
    }
    return true;
  }
  if (saved.is_sequence() && fresh.is_sequence()) {
    if (saved.elements().size() != fresh.elements().size()) return false;
    for (size_t i = 0; i < saved.elements().size(); ++i)
      if (!consistent_with_plan(saved.elements()[i], fresh.elements()[i])) return false;
    return true;
  }
  return to_json(saved.unmarked_deep()) == to_json(fresh.unmarked_deep());
}

}  // namespace fedplan
