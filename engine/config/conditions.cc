// Conditions: a false one stops the plan (or the step) with the author's message, or warns
// (check blocks); an unknown one waits for apply; one that is not a bool is a mistake.
#include "engine/config/conditions.h"

#include "lang/types.h"

namespace fedplan {
namespace {

std::string message_of(ConfigEvaluator& e, const ModuleInstance& mi, const Binding& binding,
                       const ValueMap& names, const Condition& c) {
  Diagnostics ignored;
  Value m = e.evaluate(mi, *c.error_message, binding, names, ignored);
  if (ignored.has_errors() || !m.wholly_known()) return "The condition did not hold.";
  if (m.contains_sensitive()) return "(The error message refers to a sensitive value.)";
  ConvertResult s = convert(m, Type::string());
  if (!s.ok() || s.value.is_null()) return "The condition did not hold.";
  return s.value.as_string();
}

}  // namespace

ConditionsResult check_conditions(ConfigEvaluator& e, const ModuleInstance& mi,
                                  const Binding& binding, const std::vector<Condition>& conditions,
                                  const ValueMap& names, const ConditionReport& how,
                                  Diagnostics& diags) {
  ConditionsResult result = ConditionsResult::Passed;
  auto report = [&](std::string summary, std::string detail, const Span& at) {
    Diagnostic& d = how.severity == Severity::Error
                        ? diags.error(std::move(summary), std::move(detail), at.range())
                        : diags.warning(std::move(summary), std::move(detail), at.range());
    d.address = how.address;
    result = ConditionsResult::Failed;
  };
  for (const Condition& c : conditions) {
    Diagnostics ed;
    Value v = e.evaluate(mi, *c.condition, binding, names, ed);
    if (ed.has_errors()) {
      for (Diagnostic& d : ed.items) {
        d.severity = how.severity == Severity::Error ? d.severity : Severity::Warning;
        if (d.address.empty()) d.address = how.address;
      }
      diags.append(std::move(ed));
      result = ConditionsResult::Failed;
      continue;
    }
    if (!v.known()) {
      if (result == ConditionsResult::Passed) result = ConditionsResult::Pending;
      continue;
    }
    if (v.is_null() || v.kind() != ValueKind::Bool) {
      report(std::string("Invalid ") + how.kind + " result",
             std::string("A ") + how.kind + " must be true or false; this one is " +
                 (v.is_null() ? std::string("null") : v.type_name()) + ".",
             c.condition->span);
      continue;
    }
    if (!v.as_bool()) report(how.summary, message_of(e, mi, binding, names, c), c.condition->span);
  }
  return result;
}

ConditionsResult check_preconditions(ConfigEvaluator& e, const ResourceInstance& ri,
                                     Diagnostics& diags) {
  if (ri.resource->lifecycle.preconditions.empty()) return ConditionsResult::Passed;
  ConditionReport how{"Resource precondition failed", "precondition", ri.addr.to_string()};
  return check_conditions(e, *ri.module, ri.binding, ri.resource->lifecycle.preconditions, {}, how,
                          diags);
}

ConditionsResult check_postconditions(ConfigEvaluator& e, const ResourceInstance& ri,
                                      const Value& self, Diagnostics& diags) {
  if (ri.resource->lifecycle.postconditions.empty()) return ConditionsResult::Passed;
  ConditionReport how{"Resource postcondition failed", "postcondition", ri.addr.to_string()};
  return check_conditions(e, *ri.module, ri.binding, ri.resource->lifecycle.postconditions,
                          ValueMap{{"self", self}}, how, diags);
}

ConditionsResult check_output_preconditions(ConfigEvaluator& e, const ModuleInstance& mi,
                                            const Output& o, Diagnostics& diags) {
  if (o.preconditions.empty()) return ConditionsResult::Passed;
  std::string addr =
      mi.path.root() ? "output." + o.name : mi.path.to_string() + ".output." + o.name;
  ConditionReport how{"Module output value precondition failed", "precondition", addr};
  return check_conditions(e, mi, Binding{}, o.preconditions, {}, how, diags);
}

}  // namespace fedplan
