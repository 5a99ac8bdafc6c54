// Deposed objects in a plan: the old objects of create_before_destroy replacements that were
// not deleted yet (see State::deposed). Every plan deletes them, as Terraform's does.
#pragma once

#include "engine/plan/plan.h"
#include "engine/plan/planner.h"
#include "state/state.h"

namespace fedplan {

// Appends a Delete change (with `deposed` set to its key) for every deposed object in
// `prior`, or, with -target, for those inside a target. They are not refreshed: deleting an
// object that is already gone is a success for every provider.
void plan_deposed_deletes(const State& prior, const PlanOptions& options, Plan& plan);

}  // namespace fedplan
