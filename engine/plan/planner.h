// Planner: refresh through providers, then for every instance compare the refreshed prior
// state with the evaluated config through the provider's plan_change, giving a Plan.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/address_hash.h"
#include "engine/plan/loaded_config.h"
#include "engine/plan/plan.h"
#include "engine/plan/provider_set.h"
#include "state/state.h"

namespace fedplan {

// What the user asked of this plan.
struct PlanOptions {
  bool destroy = false;  // plan to delete everything in the state
  bool refresh = true;   // read live state first (-refresh=false skips it)
  std::vector<TargetAddr> targets;
  std::vector<InstanceAddr> replace;
  int parallelism = 10;  // provider calls (dry runs, data reads) in flight at once
};

// A line of progress ("kube_object.a: Refreshing state..."), shown while long phases run.
using Progress = std::function<void(const std::string&)>;

// Instance values known during a walk: planned, applied or recorded. Thread-safe.
class WalkValues : public InstanceValues {
 public:
  std::optional<Value> get(const InstanceAddr& addr) const override;
  void set(const InstanceAddr& addr, Value v);

 private:
  mutable std::mutex mu_;
  std::unordered_map<InstanceAddr, Value, InstanceAddrHash> values_;
};

// Builds the plan. `prior` is the state as read (it is not modified); `prior_digest` is the
// SHA-256 of its stored form, recorded so a saved plan can tell when it went stale.
Plan make_plan(const LoadedConfig& cfg, const State& prior, const std::string& prior_digest,
               ProviderSet& providers, const PlanOptions& options, const Progress& progress,
               Diagnostics& diags);

// Orders the addresses so that each comes before everything it depends on (per the state's
// recorded dependencies): the order deletes must run in.
std::vector<InstanceAddr> destroy_order(const State& state, const std::vector<InstanceAddr>& addrs);

}  // namespace fedplan
