// What plan and apply check beyond the changes themselves: check blocks at the end of each,
// and postconditions with `self` once an instance's value is planned, applied or read.
#pragma once

#include <vector>

#include "engine/plan/loaded_config.h"
#include "engine/plan/plan.h"

namespace fedplan {

// Evaluates the assertions of every check block in every module instance with what `values`
// holds. A false or failed assertion is a warning in `diags` ("Check block assertion
// failed"), never an error; an unknown one leaves its check unknown.
std::vector<CheckResult> evaluate_checks(const LoadedConfig& cfg, const InstanceValues& values,
                                         Diagnostics& diags);

// The postconditions of `ri` (null: none) with `self` = `value`; false, with the errors in
// `diags`, when one is false or cannot be evaluated. Unknown ones are not reported.
bool postconditions_hold(const LoadedConfig& cfg, const InstanceValues& values,
                         const ResourceInstance* ri, const Value& value, Diagnostics& diags);

// At the end of a plan: the postconditions of every planned instance (not deleted) whose
// value is known enough, with `values` holding the planned values.
void check_planned_postconditions(const LoadedConfig& cfg, const InstanceValues& values,
                                  const std::vector<ResourceChange>& changes, Diagnostics& diags);

}  // namespace fedplan
