// Applying a saved plan: the configuration it was made from, with the variables it recorded as
// the only inputs, and the refusal of a plan whose configuration or state has moved on.
#pragma once

#include "engine/plan/loaded_config.h"
#include "engine/plan/plan.h"
#include "state/state.h"

namespace fedplan {

// Loads the configuration `saved` was planned from (saved.config_dir) into `cfg`, with the
// plan's variables as its inputs (nothing may change what was approved), and checks that the
// plan still applies to `current`, the state as read under the lock: the configuration files,
// the state's lineage, serial and digest must be those the plan was made against. False with
// diagnostics (a stale plan says why and to run `fedplan plan` again).
bool load_saved_plan(const Plan& saved, const State& current, const ProviderRegistry& registry,
                     const FunctionContext& functions, LoadedConfig& cfg, Diagnostics& diags);

}  // namespace fedplan
