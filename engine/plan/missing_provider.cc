// Missing providers: what to tell a user whose state still needs a provider instance that
// the configuration dropped, so the destroy of its objects cannot run.
#include "engine/plan/missing_provider.h"

#include <algorithm>

namespace fedplan {

namespace {

// The module instance at `path`, or nullptr when the configuration no longer has it.
const ModuleInstance* missing_provider_module(const Instances& instances, const ModulePath& path) {
  for (const auto& m : instances.modules)
    if (m->path == path) return m.get();
  return nullptr;
}

// "a, b and 3 more": the first few addresses of a long list.
std::string missing_provider_list(const std::vector<InstanceAddr>& addrs) {
  const size_t shown = std::min<size_t>(addrs.size(), 3);
  std::string out;
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out += (i + 1 == shown && addrs.size() == shown) ? " and " : ", ";
    out += addrs[i].to_string();
  }
  if (addrs.size() > shown) out += " and " + std::to_string(addrs.size() - shown) + " more";
  return out;
}

}  // namespace

void report_missing_provider(const ProviderAddr& provider, const std::vector<InstanceAddr>& orphans,
                             const Instances& instances, Diagnostics& diags) {
  if (orphans.empty()) return;
  const std::string objects = missing_provider_list(orphans);
  const std::string first = orphans.front().to_string();
  const ModuleInstance* mi = missing_provider_module(instances, provider.module);
  const ProviderConfig* block =
      mi ? mi->module->find_provider(provider.type, provider.alias) : nullptr;
  if (!provider.key.empty() && block && block->for_each) {
    Diagnostic& d = diags.error(
        "Provider instance not present",
        "The provider instance provider[" + provider.to_string() + "] is still needed to destroy " +
            objects + ", which the state records but the configuration no longer has; its key " +
            provider.key.to_string() + " is gone from the for_each of provider \"" + provider.type +
            "\" \"" + provider.alias +
            "\". Keep the key until an apply has destroyed those objects: first stop using it "
            "(when the for_each comes from an inventory with a decommission setting, such as "
            "the federation module's `present = false`, set it on the entry " +
            provider.key.to_string() +
            "; otherwise remove the resources or module instances that use it), apply, then "
            "remove the key. Or forget them with `fedplan state rm " +
            first + "`.",
        block->for_each->span);
    d.address = first;
    return;
  }
  Diagnostic& d = diags.error(
      "Provider configuration not present",
      "To delete " + objects +
          ", which the configuration no longer has, fedplan needs its provider configuration "
          "provider[" +
          provider.to_string() +
          "]. Restore that provider block until the apply is done, or forget the object with "
          "`fedplan state rm " +
          first + "`.");
  d.address = first;
}

}  // namespace fedplan
