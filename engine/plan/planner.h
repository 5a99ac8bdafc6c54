// Planner: refresh through providers, then for every instance compare the refreshed prior
// state with the evaluated config through the provider's plan_change, giving a Plan.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/plan/dependencies.h"
#include "engine/plan/loaded_config.h"
#include "engine/plan/plan.h"
#include "engine/plan/provider_set.h"
#include "engine/plan/walk_values.h"
#include "state/state.h"

namespace fedplan {

// What the user asked of this plan.
struct PlanOptions {
  bool destroy = false;  // plan to delete everything in the state
  bool refresh = true;   // read live state first (-refresh=false skips it)
  // -refresh-only: refresh and show the drift, propose no change (no creates, updates or
  // deletes; moved, removed and import blocks wait for a normal plan).
  bool refresh_only = false;
  std::vector<TargetAddr> targets;
  std::vector<InstanceAddr> replace;
  int parallelism = 10;  // provider calls (refreshes, dry runs, data reads) in flight at once
};

// A line of progress ("kube_object.a: Refreshing state..."), shown while long phases run.
using Progress = std::function<void(const std::string&)>;

// Builds the plan. `prior` is the state as read (it is not modified); `prior_digest` is the
// SHA-256 of its stored form, recorded so a saved plan can tell when it went stale.
Plan make_plan(const LoadedConfig& cfg, const State& prior, const std::string& prior_digest,
               ProviderSet& providers, const PlanOptions& options, const Progress& progress,
               Diagnostics& diags);

}  // namespace fedplan
