// Applier: carries out a Plan by walking its changes in dependency order with a bounded pool
// of workers, calling providers, and saving state as steps finish.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "engine/apply/apply_step.h"
#include "engine/plan/loaded_config.h"
#include "engine/plan/plan.h"
#include "engine/plan/planner.h"
#include "engine/plan/provider_set.h"
#include "state/backend.h"

namespace fedplan {

class StateCipher;

// A moment of one step (apply_step.h), for a caller that reports steps as data (`apply -json`).
struct StepMoment {
  const ResourceChange& change;
  StepEvent event;
  int64_t elapsed_seconds;
  std::string line;  // the progress line of the moment
  std::string id;    // the object's string `id` attribute (the new object's once complete)
};
using StepHook = std::function<void(const StepMoment&)>;

// How to apply.
struct ApplyOptions {
  int parallelism = 10;                            // steps in flight at once (-parallelism)
  const std::atomic<bool>* interrupted = nullptr;  // set by Ctrl-C: start nothing new
  Progress progress;                               // "kube_object.a: Creating..." lines
  StepHook on_step;                                // the same moments as data; may be null
  Clock* clock = nullptr;                          // for elapsed times; the system clock when null
  int still_every_seconds = 10;                    // "Still creating... [10s elapsed]" period
  int retries = 3;                                 // attempts after a retryable failure
  // Where the state goes when a state write fails mid-apply (fedplan.errored.state.json
  // beside the state); empty: nowhere, the caller keeps the State it passed.
  std::string errored_state_path;
  const StateCipher* errored_state_cipher = nullptr;  // seals that file as the state is sealed
  // Test hook (FEDPLAN_TEST_KILL_AFTER_CALL, docs/commands.md): SIGKILL this process right
  // after its N-th provider call returns, before the result is recorded. 0: never.
  int kill_after_call = 0;
};

// What happened.
struct ApplySummary {
  int added = 0, changed = 0, destroyed = 0;
  int imported = 0;  // objects import blocks adopted (recorded before any other step)
  std::vector<std::string> failed;
  std::vector<std::string> skipped;  // not started because something they need failed
  // A state write failed: the steps it held ran but are not complete (the state file does
  // not record them), and the ready steps were not started.
  bool state_write_failed = false;
  std::vector<std::string> unsaved;
  std::vector<std::string> not_started;
  std::string errored_state;  // where the state the apply held was written instead
  bool interrupted = false;
  bool ok() const { return failed.empty() && !interrupted && !state_write_failed; }
};

// Applies `plan` to `state` (updated in place, saved through `backend` as steps finish and
// once at the end). `cfg` must be loaded from the same configuration the plan was made from.
ApplySummary apply_plan(const LoadedConfig& cfg, const Plan& plan, State& state,
                        StateBackend& backend, ProviderSet& providers, const ApplyOptions& options,
                        Diagnostics& diags);

// True when `fresh` agrees with `saved` everywhere `saved` was known: the check that a
// provider's final plan is what the user approved.
bool consistent_with_plan(const Value& saved, const Value& fresh);

}  // namespace fedplan
