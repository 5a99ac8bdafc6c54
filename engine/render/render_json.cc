// The JSON renderer, in the shape of `terraform show -json` for a plan (format_version 1.2).
// Stricter than Terraform on secrets: a sensitive value is written as null, never its content,
// and the *_sensitive masks say where it was.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/render/change_lines.h"
#include "engine/render/render.h"
#include "engine/render/render_checks.h"
#include "engine/render/render_json_values.h"

namespace fedplan {
namespace {

using json = nlohmann::json;

json actions_json(Action a) {
  switch (a) {
    case Action::NoOp:
      return {"no-op"};
    case Action::Create:
      return {"create"};
    case Action::Read:
      return {"read"};
    case Action::Update:
      return {"update"};
    case Action::DeleteThenCreate:
      return {"delete", "create"};
    case Action::CreateThenDelete:
      return {"create", "delete"};
    case Action::Delete:
      return {"delete"};
    case Action::Forget:
      return {"forget"};
  }
  return {"no-op"};
}

// The `change` object: actions, both sides redacted (unknowns left out of `after`), and the
// nested masks.
json change_json(Action action, const Value& before, const Value& after) {
  json c = json::object();
  c["actions"] = actions_json(action);
  c["before"] = redacted_json(before, true);
  c["after"] = json_without_unknowns(after);
  c["after_unknown"] = unknown_tree(after);
  c["before_sensitive"] = sensitive_tree(before);
  c["after_sensitive"] = sensitive_tree(after);
  return c;
}

// The identifying keys Terraform puts on every resource_changes / resource_drift entry.
json instance_json(const InstanceAddr& addr, const ProviderAddr& provider) {
  json j = instance_keys_json(addr, provider);
  if (!addr.resource.module.root()) j["module_address"] = addr.resource.module.to_string();
  if (!provider.type.empty()) j["provider_config"] = provider.to_string();
  return j;
}

json resource_change_json(const ResourceChange& ch) {
  json j = instance_json(ch.addr, ch.provider);
  if (!ch.deposed.empty()) j["deposed"] = ch.deposed;  // as in `terraform show -json`
  if (ch.reason != ActionReason::None) j["action_reason"] = action_reason_name(ch.reason);
  if (ch.previous_addr) j["previous_address"] = ch.previous_addr->to_string();
  json c = change_json(ch.action, ch.before, ch.after);
  if (ch.importing) c["importing"] = {{"id", *ch.importing}};
  if (!ch.replace_paths.empty()) {
    json paths = json::array();
    for (const ValuePath& p : ch.replace_paths) paths.push_back(path_to_json(p));
    c["replace_paths"] = std::move(paths);
  }
  j["change"] = std::move(c);
  return j;
}

json drift_json(const Drift& d) {
  json j = instance_json(d.addr, d.provider);
  j["change"] = change_json(d.live.is_null() ? Action::Delete : Action::Update, d.recorded, d.live);
  return j;
}

json output_json(const OutputChange& o) {
  json c = change_json(o.action, o.before, o.after);
  if (o.sensitive) {
    c["before"] = nullptr;
    c["after"] = nullptr;
    c["before_sensitive"] = true;
    c["after_sensitive"] = true;
  }
  return c;
}

json variable_json(const Value& v) {
  json j = json::object();
  j["value"] = redacted_json(v, true);
  json mask = sensitive_mask(v);
  if (!(mask.is_boolean() && !mask.get<bool>())) j["sensitive"] = std::move(mask);
  return j;
}

}  // namespace

std::string render_json(const Plan& plan, const RenderOptions&) {
  json doc = json::object();
  doc["format_version"] = "1.2";
  doc["terraform_version"] = kTerraformVersion;
  doc["fedplan_version"] = kFedplanVersion;
  json vars = json::object();
  for (const auto& [name, v] : plan.variables) vars[name] = variable_json(v);
  doc["variables"] = std::move(vars);
  doc["planned_values"] = planned_values_json(plan);

  std::vector<const Drift*> drift;
  for (const Drift& d : plan.drift) drift.push_back(&d);
  std::stable_sort(drift.begin(), drift.end(),
                   [](const Drift* a, const Drift* b) { return a->addr < b->addr; });
  json drift_list = json::array();
  for (const Drift* d : drift) drift_list.push_back(drift_json(*d));
  if (!drift_list.empty()) doc["resource_drift"] = std::move(drift_list);

  std::vector<const ResourceChange*> changes;
  for (const ResourceChange& ch : plan.changes) changes.push_back(&ch);
  std::stable_sort(
      changes.begin(), changes.end(),
      [](const ResourceChange* a, const ResourceChange* b) { return a->addr < b->addr; });
  json change_list = json::array();
  for (const ResourceChange* ch : changes) change_list.push_back(resource_change_json(*ch));
  doc["resource_changes"] = std::move(change_list);

  json outputs = json::object();
  for (const OutputChange& o : plan.outputs) outputs[o.name] = output_json(o);
  doc["output_changes"] = std::move(outputs);

  json prior = json::object();
  prior["format_version"] = "1.0";
  prior["terraform_version"] = kTerraformVersion;
  prior["lineage"] = plan.prior_lineage;
  prior["serial"] = plan.prior_serial;
  prior["values"] = prior_values_json(plan);
  doc["prior_state"] = std::move(prior);
  doc["configuration"] = configuration_json(plan);
  doc["relevant_attributes"] = relevant_attributes_json(plan);
  if (!plan.targets.empty()) doc["target_addrs"] = plan.targets;
  if (json checks = checks_json(plan); !checks.is_null()) doc["checks"] = std::move(checks);
  if (!plan.timestamp.empty()) doc["timestamp"] = plan.timestamp;
  doc["errored"] = plan.errored;
  doc["applyable"] = plan.has_changes();
  doc["complete"] = plan.complete;
  return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace fedplan
