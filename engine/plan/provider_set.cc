// ProviderSet: lazy creation and one-time configuration of provider instances.
// Configuration errors name the provider address so users know which block to fix.
#include "engine/plan/provider_set.h"

namespace fedplan {

Provider* ProviderSet::configure(const ProviderAddr& addr, const Value& config,
                                 Diagnostics& diags) {
  std::lock_guard<std::mutex> lock(mu_);
  ConfiguredProvider& cp = providers_[addr];
  if (cp.configured) return cp.provider.get();
  if (cp.failed) return nullptr;
  cp.provider = registry_.create(addr.type);
  if (!cp.provider) {
    cp.failed = true;
    diags.error(
        "Unknown provider \"" + addr.type + "\"",
        "fedplan has no provider of that type; it knows: " +
            [&] {
              std::string names;
              for (const std::string& n : registry_.names())
                names += (names.empty() ? "" : ", ") + n;
              return names;
            }() +
            ".");
    return nullptr;
  }
  Diagnostics cd = cp.provider->configure(config);
  for (Diagnostic& d : cd.items)
    if (d.address.empty()) d.address = "provider[" + addr.to_string() + "]";
  bool failed = cd.has_errors();
  diags.append(std::move(cd));
  if (failed) {
    cp.failed = true;
    return nullptr;
  }
  cp.configured = true;
  return cp.provider.get();
}

Provider* ProviderSet::get(const ProviderAddr& addr) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = providers_.find(addr);
  return it != providers_.end() && it->second.configured ? it->second.provider.get() : nullptr;
}

const ProviderSchema* ProviderSet::schema(const std::string& type) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = schemas_.find(type);
  if (it == schemas_.end()) it = schemas_.emplace(type, registry_.create(type)).first;
  return it->second ? &it->second->schema() : nullptr;
}

}  // namespace fedplan
