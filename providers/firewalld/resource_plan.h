// What the firewalld resources share: one plan rule for all of them (attributes that name the
// object force a replacement; computed per-host results stay as they are when nothing
// changed), and the small builders of their schemas and states.
#pragma once

#include <string>
#include <vector>

#include "providers/provider.h"

namespace fedplan::firewalld {

// Finishes a plan from the normalized config attributes `planned` (defaults filled in, values
// possibly unknown). With no change to `prior` the plan is `prior` itself (a no-op); with a
// change the read-only attributes of `schema` become unknown (only apply knows them); a
// changed or unknown force_new attribute is listed in requires_replace. `config` null (delete)
// plans null. `drifted`: the prior state shows a difference only the read-only attributes hold
// (an update even if nothing else moved).
PlanResult finish_plan(const PlanRequest& request, ValueMap planned, const ResourceSchema& schema,
                       bool drifted = false);

// An attribute schema entry; set required/computed/force_new on the result.
AttributeSchema make_attr(std::string name, Type type, std::string description);

// A list Value of strings (sorted and unique when `as_set`).
Value string_list(const std::vector<std::string>& items, bool as_set = false);

}  // namespace fedplan::firewalld
