// Conditions as Terraform has them: preconditions and postconditions of resources and data
// sources, preconditions of outputs, and the assertions of check blocks.
#pragma once

#include "engine/config/evaluator.h"

namespace fedplan {

// How the conditions of one object came out.
enum class ConditionsResult { Passed, Failed, Pending };

// How a false condition is reported.
struct ConditionReport {
  std::string summary;    // "Resource precondition failed"
  const char* kind = "";  // "precondition", for "A precondition must be true or false"
  std::string address;    // the object the conditions are about
  Severity severity = Severity::Error;
};

// Evaluates `conditions` of module instance `mi`, with `binding` and `names` (`self`) in
// scope. A false one is a diagnostic of `how.severity` with its error_message as the detail, at
// the condition's source range, naming `how.address`; so is a condition that is not a bool or
// cannot be evaluated (a warning too, when `how` says so). A condition that depends on values
// not known yet is Pending (not reported); the caller checks again once they are known.
ConditionsResult check_conditions(ConfigEvaluator& e, const ModuleInstance& mi,
                                  const Binding& binding, const std::vector<Condition>& conditions,
                                  const ValueMap& names, const ConditionReport& how,
                                  Diagnostics& diags);

// `lifecycle { precondition }` of `ri`: checked when it is planned and again before it is
// applied.
ConditionsResult check_preconditions(ConfigEvaluator& e, const ResourceInstance& ri,
                                     Diagnostics& diags);

// `lifecycle { postcondition }` of `ri` with `self` its value: checked when it is planned
// (Pending while what they read is unknown) and after it is applied or read.
ConditionsResult check_postconditions(ConfigEvaluator& e, const ResourceInstance& ri,
                                      const Value& self, Diagnostics& diags);

// `precondition` blocks of output `o` of module instance `mi`, before its value is taken.
ConditionsResult check_output_preconditions(ConfigEvaluator& e, const ModuleInstance& mi,
                                            const Output& o, Diagnostics& diags);

}  // namespace fedplan
