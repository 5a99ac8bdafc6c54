// ProviderSet: the configured provider instances of one run, created from the registry on
// first use and configured once, shared by the planner, the applier and import (thread-safe).
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "base/address.h"
#include "engine/config/evaluator.h"
#include "providers/provider.h"

namespace fedplan {

// One provider configuration's live instance.
struct ConfiguredProvider {
  std::unique_ptr<Provider> provider;
  bool configured = false;
  bool failed = false;
};

class ProviderSet {
 public:
  explicit ProviderSet(const ProviderRegistry& registry) : registry_(registry) {}

  // Creates and configures the provider at `addr` with `config` unless already done.
  // Returns nullptr (with diagnostics) when the type is unknown or configure failed.
  Provider* configure(const ProviderAddr& addr, const Value& config, Diagnostics& diags);
  // The one way a run configures a provider from the configuration: evaluates its block with
  // `e` (an implied provider, with no block, gets its settings null), refuses a configuration
  // that depends on values not yet known, records its max_parallel, and configures it.
  Provider* configure(const ProviderAddr& addr, const Instances& instances, ConfigEvaluator& e,
                      Diagnostics& diags);
  // The configured provider's own limit (Provider::max_parallel) when it has one, else its
  // block's max_parallel setting, 0 when neither (no bound but -parallelism).
  int max_parallel(const ProviderAddr& addr) const;
  // The configured provider at `addr`, or nullptr.
  Provider* get(const ProviderAddr& addr) const;
  // An unconfigured instance of `type`, for schemas (cached).
  const ProviderSchema* schema(const std::string& type);

 private:
  const ProviderRegistry& registry_;
  mutable std::mutex mu_;
  std::map<ProviderAddr, ConfiguredProvider> providers_;
  std::map<ProviderAddr, int> max_parallel_;
  std::map<std::string, std::unique_ptr<Provider>> schemas_;
};

}  // namespace fedplan
