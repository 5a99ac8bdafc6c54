// plan_change for the firewalld resources: one rule for all of them. Attributes that name the
// object force a replacement; computed per-host results stay as they are when nothing changed.
#pragma once

#include <string>
#include <vector>

#include "providers/provider.h"

namespace fedplan::firewalld {

// How one resource type plans.
struct PlanShape {
  std::vector<std::string> force_new;  // attributes whose change means replace
  std::vector<std::string> computed;   // attributes only apply knows (unknown when it acts)
};

// Finishes a plan from the normalized config attributes `planned` (defaults filled in, values
// possibly unknown). With no change to `prior` the plan is `prior` itself (a no-op); with a
// change the computed attributes become unknown; a changed or unknown force_new attribute is
// listed in requires_replace. `config` null (delete) plans null. `drifted`: the prior state
// shows a difference only the computed attributes hold (an update even if nothing else moved).
PlanResult finish_plan(const PlanRequest& request, ValueMap planned, const PlanShape& shape,
                       bool drifted = false);

// An attribute schema entry; set required/computed/force_new on the result.
AttributeSchema make_attr(std::string name, Type type, std::string description);

}  // namespace fedplan::firewalld
