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

Provider* ProviderSet::configure(const ProviderAddr& addr, const Instances& instances,
                                 ConfigEvaluator& e, Diagnostics& diags) {
  if (Provider* done = get(addr)) return done;
  Value config = Value::object({});
  std::optional<SourceRange> where;
  auto pi = instances.providers.find(addr);
  if (pi != instances.providers.end()) {
    const ProviderSchema* s = schema(addr.type);
    Diagnostics d;
    config = e.provider_config(pi->second, s ? &s->config : nullptr, d);
    bool failed = d.has_errors();
    diags.append(std::move(d));
    if (failed) return nullptr;
    if (pi->second.config && !pi->second.config->span.empty())
      where = pi->second.config->span.range();
  }
  if (!config.wholly_known()) {
    diags.error("Provider configuration depends on values not yet known",
                "The configuration of provider[" + addr.to_string() +
                    "] uses values known only after apply; providers must be configurable "
                    "before their resources are planned, applied or imported.",
                where);
    return nullptr;
  }
  if (const Value* mp = config.get("max_parallel"))
    if (mp->known() && mp->kind() == ValueKind::Number && mp->as_number() >= 1) {
      std::lock_guard<std::mutex> lock(mu_);
      max_parallel_[addr] = static_cast<int>(mp->as_number());
    }
  return configure(addr, config, diags);
}

int ProviderSet::max_parallel(const ProviderAddr& addr) const {
  std::lock_guard<std::mutex> lock(mu_);
  // The provider's own answer first: it has read its block's max_parallel, and may give more
  // steps than it runs calls (firewalld queues waiting steps into shared runs).
  auto p = providers_.find(addr);
  if (p != providers_.end() && p->second.configured)
    if (int own = p->second.provider->max_parallel(); own > 0) return own;
  auto it = max_parallel_.find(addr);
  return it != max_parallel_.end() ? it->second : 0;
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
