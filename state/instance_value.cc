// A recorded instance <-> its Value: the attributes are plain JSON, and the sensitive marks are
// stored as paths beside them.
#include "state/instance_value.h"

#include "lang/value_json.h"

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
                        std::vector<InstanceAddr> dependencies) {
  InstanceState s;
  s.addr = addr;
  s.provider = provider;
  s.attributes = to_json(v);
  s.sensitive_paths = nlohmann::json::array();
  for (const ValuePath& p : sensitive_paths(v)) s.sensitive_paths.push_back(path_to_json(p));
  s.dependencies = std::move(dependencies);
  return s;
}

}  // namespace fedplan
