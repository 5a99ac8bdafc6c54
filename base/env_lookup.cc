// The process environment and a fixed one behind EnvLookup, and `~` expansion with HOME.
#include "base/env_lookup.h"

#include <cstdlib>

namespace fedplan {

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

std::string expand_home(const std::string& path, const EnvLookup& env) {
  if (path.empty() || path[0] != '~' || (path.size() > 1 && path[1] != '/')) return path;
  std::optional<std::string> home = env ? env("HOME") : std::nullopt;
  if (!home || home->empty()) return path;
  std::string h = *home;
  while (h.size() > 1 && h.back() == '/') h.pop_back();
  return h + path.substr(1);
}

}  // namespace fedplan
