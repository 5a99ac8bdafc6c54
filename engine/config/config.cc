// Lookups on a loaded Module.
// Kept out of the header so config.h stays a list of plain structs.
#include "engine/config/config.h"

namespace fedplan {

const ProviderConfig* Module::find_provider(const std::string& type,
                                            const std::string& alias) const {
  for (const ProviderConfig& p : providers)
    if (p.type == type && p.alias == alias) return &p;
  return nullptr;
}

const Resource* Module::find_resource(ResourceMode mode, const std::string& type,
                                      const std::string& name) const {
  auto it = resources.find((mode == ResourceMode::Data ? "data." : "") + type + "." + name);
  return it == resources.end() ? nullptr : &it->second;
}

}  // namespace fedplan
