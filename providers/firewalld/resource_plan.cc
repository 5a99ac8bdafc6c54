// The shared plan rule of the firewalld resources (see resource_plan.h).
#include "providers/firewalld/resource_plan.h"

#include "providers/sdk/attrs.h"
#include "providers/sdk/replace.h"

namespace fedplan::firewalld {

PlanResult finish_plan(const PlanRequest& request, ValueMap planned, const ResourceSchema& schema,
                       bool drifted) {
  PlanResult r;
  if (request.config.is_null()) return r;  // delete
  auto computed = [&](const std::string& name) {
    const AttributeSchema* a = schema.attribute(name);
    return a && a->read_only;
  };
  auto with_unknowns = [&] {
    for (const AttributeSchema& a : schema.attributes)
      if (a.read_only && !planned.count(a.name)) planned[a.name] = Value::unknown();
    return Value::object(std::move(planned));
  };
  if (request.prior.is_null()) {
    r.planned = with_unknowns();
    return r;
  }
  r.requires_replace = sdk::replace_paths(schema, request.prior, Value::object(planned));
  bool changed = drifted || !r.requires_replace.empty();
  for (const auto& [name, v] : planned)
    if (!computed(name) && !sdk::same_content(sdk::attr(request.prior, name), v)) changed = true;
  if (!changed) {
    r.planned = request.prior;
    return r;
  }
  r.planned = with_unknowns();
  return r;
}

AttributeSchema make_attr(std::string name, Type type, std::string description) {
  AttributeSchema a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.description = std::move(description);
  return a;
}

Value string_list(const std::vector<std::string>& items, bool as_set) {
  ValueList vs;
  for (const std::string& s : items) vs.push_back(Value::string(s));
  return as_set ? Value::set(std::move(vs)) : Value::list(std::move(vs));
}

}  // namespace fedplan::firewalld
