// Check blocks warn, postconditions stop: both evaluated with a walk's values, in a fresh
// ConfigEvaluator (the walk is over, or the instance's dependencies are done).
#include "engine/plan/checks.h"

#include <unordered_map>

#include "base/address_hash.h"
#include "engine/config/conditions.h"

namespace fedplan {

namespace {

constexpr const char* kCheckFailed = "Check block assertion failed";

CheckResult check_one(ConfigEvaluator& e, const ModuleInstance& mi, const CheckBlock& c,
                      Diagnostics& diags) {
  CheckResult out;
  out.module = mi.path;
  out.name = c.name;
  ConditionReport how{kCheckFailed, "check assertion", out.address(), Severity::Warning};
  Diagnostics cd;
  ConditionsResult r = check_conditions(e, mi, Binding{}, c.asserts, {}, how, cd);
  out.status = r == ConditionsResult::Passed    ? CheckStatus::Pass
               : r == ConditionsResult::Pending ? CheckStatus::Unknown
                                                : CheckStatus::Fail;
  for (const Diagnostic& d : cd.items) {
    if (d.summary == kCheckFailed)
      out.problems.push_back(d.detail);
    else
      out.status = CheckStatus::Error;
  }
  diags.append(std::move(cd));
  return out;
}

}  // namespace

std::vector<CheckResult> evaluate_checks(const LoadedConfig& cfg, const InstanceValues& values,
                                         Diagnostics& diags) {
  std::vector<CheckResult> out;
  ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
  e.use_instances(&cfg.instances);
  for (const auto& mi : cfg.instances.modules)
    for (const auto& [name, c] : mi->module->checks) out.push_back(check_one(e, *mi, c, diags));
  return out;
}

bool postconditions_hold(const LoadedConfig& cfg, const InstanceValues& values,
                         const ResourceInstance* ri, const Value& value, Diagnostics& diags) {
  if (!ri || ri->resource->lifecycle.postconditions.empty()) return true;
  ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
  e.use_instances(&cfg.instances);
  return check_postconditions(e, *ri, value, diags) != ConditionsResult::Failed;
}

void check_planned_postconditions(const LoadedConfig& cfg, const InstanceValues& values,
                                  const std::vector<ResourceChange>& changes, Diagnostics& diags) {
  std::unordered_map<InstanceAddr, const ResourceInstance*, InstanceAddrHash> with;
  for (const ResourceInstance& ri : cfg.instances.resources)
    if (!ri.resource->lifecycle.postconditions.empty()) with.emplace(ri.addr, &ri);
  if (with.empty()) return;
  ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
  e.use_instances(&cfg.instances);
  for (const ResourceChange& ch : changes) {
    auto it = with.find(ch.addr);
    if (it == with.end() || ch.action == Action::Delete || !ch.deposed.empty()) continue;
    check_postconditions(e, *it->second, ch.after, diags);
  }
}

}  // namespace fedplan
