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
// the state's lineage, serial and digest must be those the plan was made against. Then every
// change is checked with check_saved_changes. False with diagnostics (a stale plan says why
// and to run `fedplan plan` again; an edited one names the change and the field).
bool load_saved_plan(const Plan& saved, const State& current, const ProviderRegistry& registry,
                     const FunctionContext& functions, LoadedConfig& cfg, Diagnostics& diags);

// Re-derives what a fresh plan from `cfg`, `current`, the refreshed values `saved` records
// (its drift) and its options (targets, replace, destroy) could contain, without calling a
// provider, and compares every change: its address, provider, action, deposed key and the
// value it starts from, and that no change a plan would list is missing; each drift entry must
// be a refresh of its record, the same object (Provider::other_object). Returns "" when they
// agree, else the first difference: "changes[2] (kube_object.a).action: delete, but ...".
// What only a provider decides (update or no-op, the planned values) is checked by apply.
std::string check_saved_changes(const Plan& saved, const LoadedConfig& cfg, const State& current,
                                const ProviderRegistry& registry);

}  // namespace fedplan
