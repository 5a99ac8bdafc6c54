// State records <-> Values, and content equality for change detection.
// Sensitive marks are stored as paths beside the plain JSON attributes.
#include "engine/plan/state_values.h"

#include "engine/lang/value_json.h"

namespace fedplan {

Value value_of(const InstanceState& inst) {
  Value v = from_json(inst.attributes);
  if (inst.sensitive_paths.is_array() && !inst.sensitive_paths.empty()) {
    std::vector<ValuePath> paths;
    for (const auto& p : inst.sensitive_paths) paths.push_back(path_from_json(p));
    v = mark_paths_sensitive(v, paths);
  }
  return v;
}

InstanceState record_of(const InstanceAddr& addr, const ProviderAddr& provider, const Value& v,
                        std::vector<std::string> dependencies) {
  InstanceState s;
  s.addr = addr;
  s.provider = provider;
  s.attributes = to_json(v);
  s.sensitive_paths = nlohmann::json::array();
  for (const ValuePath& p : sensitive_paths(v)) s.sensitive_paths.push_back(path_to_json(p));
  s.dependencies = std::move(dependencies);
  return s;
}

bool same_value(const Value& a, const Value& b) {
  if (!a.wholly_known() || !b.wholly_known()) return false;
  if (to_json(a) != to_json(b)) return false;
  std::vector<ValuePath> pa = sensitive_paths(a);
  std::vector<ValuePath> pb = sensitive_paths(b);
  return pa == pb;
}

}  // namespace fedplan
