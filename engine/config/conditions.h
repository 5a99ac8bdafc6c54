// Preconditions of resources and data sources (`lifecycle { precondition { ... } }`): checked
// when an instance is planned and again just before it is applied.
#pragma once

#include "engine/config/evaluator.h"

namespace fedplan {

// How the conditions of one instance came out.
enum class ConditionsResult { Passed, Failed, Pending };

// Evaluates every precondition of `ri`. A false one is an error with its error_message, at
// the condition's source range, naming the instance. A condition that depends on values not
// known yet is Pending (not an error); the caller checks again once they are known.
ConditionsResult check_preconditions(ConfigEvaluator& e, const ResourceInstance& ri,
                                     Diagnostics& diags);

}  // namespace fedplan
