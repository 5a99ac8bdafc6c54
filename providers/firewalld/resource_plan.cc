// The shared plan rule of the firewalld resources (see resource_plan.h).
#include "providers/firewalld/resource_plan.h"

#include <algorithm>

namespace fedplan::firewalld {
namespace {

const Value& attr_or_null(const Value& obj, const std::string& name) {
  static const Value kNull;
  if (!obj.known() || !obj.is_mapping()) return kNull;
  const Value* v = obj.get(name);
  return v ? *v : kNull;
}

bool same(const Value& a, const Value& b) {
  return a.wholly_known() && b.wholly_known() && a.equal_content(b);
}

}  // namespace

PlanResult finish_plan(const PlanRequest& request, ValueMap planned, const PlanShape& shape,
                       bool drifted) {
  PlanResult r;
  if (request.config.is_null()) return r;  // delete
  auto is_computed = [&](const std::string& name) {
    return std::find(shape.computed.begin(), shape.computed.end(), name) != shape.computed.end();
  };
  if (request.prior.is_null()) {
    for (const std::string& c : shape.computed)
      if (!planned.count(c)) planned[c] = Value::unknown();
    r.planned = Value::object(std::move(planned));
    return r;
  }
  for (const std::string& name : shape.force_new) {
    if (!same(attr_or_null(request.prior, name), planned[name]))
      r.requires_replace.push_back({PathStep::attr(name)});
  }
  bool changed = drifted || !r.requires_replace.empty();
  for (const auto& [name, v] : planned) {
    if (!is_computed(name) && !same(attr_or_null(request.prior, name), v)) changed = true;
  }
  if (!changed) {
    r.planned = request.prior;
    return r;
  }
  for (const std::string& c : shape.computed)
    if (!planned.count(c)) planned[c] = Value::unknown();
  r.planned = Value::object(std::move(planned));
  return r;
}

AttributeSchema make_attr(std::string name, Type type, std::string description) {
  AttributeSchema a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.description = std::move(description);
  return a;
}

}  // namespace fedplan::firewalld
