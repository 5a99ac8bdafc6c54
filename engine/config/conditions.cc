// Preconditions: a false condition stops the plan (or the step) with the author's message,
// an unknown one waits for apply, a condition that is not a bool is a configuration error.
#include "engine/config/conditions.h"

#include "lang/types.h"

namespace fedplan {
namespace {

std::string message_of(ConfigEvaluator& e, const ResourceInstance& ri, const Condition& c) {
  Diagnostics ignored;
  Value m = e.evaluate(*ri.module, *c.error_message, ri.binding, ignored);
  if (ignored.has_errors() || !m.wholly_known()) return "The condition did not hold.";
  if (m.contains_sensitive()) return "(The error message refers to a sensitive value.)";
  ConvertResult s = convert(m, Type::string());
  if (!s.ok() || s.value.is_null()) return "The condition did not hold.";
  return s.value.as_string();
}

}  // namespace

ConditionsResult check_preconditions(ConfigEvaluator& e, const ResourceInstance& ri,
                                     Diagnostics& diags) {
  ConditionsResult result = ConditionsResult::Passed;
  for (const Condition& c : ri.resource->lifecycle.preconditions) {
    Diagnostics ed;
    Value v = e.evaluate(*ri.module, *c.condition, ri.binding, ed);
    if (ed.has_errors()) {
      diags.append(std::move(ed));
      result = ConditionsResult::Failed;
      continue;
    }
    if (!v.known()) {
      if (result == ConditionsResult::Passed) result = ConditionsResult::Pending;
      continue;
    }
    if (v.is_null() || v.kind() != ValueKind::Bool) {
      diags
          .error("Invalid precondition result",
                 "A precondition must be true or false; this one is " +
                     (v.is_null() ? std::string("null") : v.type_name()) + ".",
                 c.condition->span.range())
          .address = ri.addr.to_string();
      result = ConditionsResult::Failed;
      continue;
    }
    if (!v.as_bool()) {
      diags.error("Resource precondition failed", message_of(e, ri, c), c.condition->span.range())
          .address = ri.addr.to_string();
      result = ConditionsResult::Failed;
    }
  }
  return result;
}

}  // namespace fedplan
