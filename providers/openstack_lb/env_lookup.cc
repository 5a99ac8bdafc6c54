// The two environment lookups: the process's own (getenv) and a fixed map.
// getenv is only read, never written, so concurrent lookups are safe.
#include "providers/openstack_lb/env_lookup.h"

#include <cstdlib>

namespace fedplan::openstack_lb {

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

EnvLookup env_from_map(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace fedplan::openstack_lb
