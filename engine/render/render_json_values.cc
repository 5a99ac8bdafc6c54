// planned_values, prior_state.values and the nested masks of the JSON renderer. Values are
// grouped by module as Terraform does: root_module, then child_modules nested by path.
#include "engine/render/render_json_values.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/render/value_diff.h"

#ifndef FEDPLAN_VERSION
#define FEDPLAN_VERSION "0.0.0"
#endif

namespace fedplan {

const char* const kFedplanVersion = FEDPLAN_VERSION;

namespace {

using json = nlohmann::json;

json mask_tree(const Value& v, bool (*hit)(const Value&)) {
  if (hit(v)) return true;
  if (!v.known() || v.is_null()) return false;
  if (v.is_sequence()) {
    json out = json::array();
    for (const Value& e : v.elements()) out.push_back(mask_tree(e, hit));
    return out;
  }
  if (v.is_mapping()) {
    json out = json::object();
    for (const auto& [k, e] : v.attributes()) {
      json m = mask_tree(e, hit);
      if (!(m.is_boolean() && !m.get<bool>())) out[k] = std::move(m);
    }
    return out;
  }
  return false;
}

// A module call path by names, as the configuration knows it (no instance keys).
using CallPath = std::vector<std::string>;

// The configuration's module at `path`: its resources and, in module_calls, the modules it
// calls that hold resources.
json config_module_json(const std::map<CallPath, json>& by_call, const CallPath& path) {
  json m = json::object();
  auto own = by_call.find(path);
  m["resources"] = own == by_call.end() ? json::array() : own->second;
  json calls = json::object();
  for (const auto& [p, list] : by_call) {
    if (p.size() <= path.size() || !std::equal(path.begin(), path.end(), p.begin())) continue;
    const std::string& name = p[path.size()];
    if (calls.contains(name)) continue;
    CallPath child = path;
    child.push_back(name);
    calls[name] = {{"module", config_module_json(by_call, child)}};
  }
  if (!calls.empty()) m["module_calls"] = std::move(calls);
  return m;
}

json outputs_json(const Plan& plan, bool after) {
  json out = json::object();
  for (const OutputChange& o : plan.outputs) {
    const Value& v = after ? o.after : o.before;
    if (after ? o.action == Action::Delete : o.action == Action::Create) continue;
    json j = json::object();
    bool sensitive = o.sensitive || v.contains_sensitive();
    j["sensitive"] = sensitive;
    if (v.wholly_known() && !sensitive) j["value"] = json_without_unknowns(v);
    out[o.name] = std::move(j);
  }
  return out;
}

// planned_values (`after`: what exists once applied) or prior_state.values (`before`).
json values_json(const Plan& plan, bool after) {
  std::map<ModulePath, json> by_module;
  for (const ResourceChange& ch : plan.changes) {
    const Value& v = after ? ch.after : ch.before;
    if ((after && ch.action == Action::Delete) || !ch.deposed.empty() || v.is_null()) continue;
    json& list = by_module.try_emplace(ch.addr.resource.module, json::array()).first->second;
    list.push_back(resource_values_json(ch.addr, ch.provider, v));
  }
  json j = json::object();
  j["outputs"] = outputs_json(plan, after);
  j["root_module"] = modules_json(std::move(by_module));
  return j;
}

}  // namespace

json instance_keys_json(const InstanceAddr& addr, const ProviderAddr& provider) {
  json j = json::object();
  j["address"] = addr.to_string();
  j["mode"] = addr.resource.mode == ResourceMode::Data ? "data" : "managed";
  j["type"] = addr.resource.type;
  j["name"] = addr.resource.name;
  if (addr.key.kind == InstanceKey::Kind::Int) j["index"] = addr.key.index;
  if (addr.key.kind == InstanceKey::Kind::String) j["index"] = addr.key.key;
  j["provider_name"] = provider.type;
  return j;
}

json resource_values_json(const InstanceAddr& addr, const ProviderAddr& provider, const Value& v) {
  json j = instance_keys_json(addr, provider);
  j["schema_version"] = 0;
  j["values"] = json_without_unknowns(v);
  j["sensitive_values"] = sensitive_tree(v);
  return j;
}

json modules_json(std::map<ModulePath, json> by_module) {
  for (auto it = by_module.begin(); it != by_module.end(); ++it) {
    ModulePath parent = it->first;
    while (!parent.root()) {
      parent.steps.pop_back();
      by_module.try_emplace(parent, json::array());
    }
  }
  std::map<ModulePath, json> built;
  for (auto it = by_module.rbegin(); it != by_module.rend(); ++it) {
    json m = json::object();
    if (!it->first.root()) m["address"] = it->first.to_string();
    m["resources"] = std::move(it->second);
    if (auto c = built.find(it->first); c != built.end()) {
      m["child_modules"] = std::move(c->second);
      built.erase(c);
    }
    if (it->first.root()) return m;
    ModulePath parent = it->first;
    parent.steps.pop_back();
    json& siblings = built.try_emplace(parent, json::array()).first->second;
    siblings.insert(siblings.begin(), std::move(m));  // children arrive last first
  }
  return json::object({{"resources", json::array()}});
}

json redacted_json(const Value& v, bool keep_unknown_attrs) {
  if (v.sensitive() || !v.known()) return nullptr;
  if (v.is_sequence()) {
    json out = json::array();
    for (const Value& e : v.elements()) out.push_back(redacted_json(e, keep_unknown_attrs));
    return out;
  }
  if (v.is_mapping()) {
    json out = json::object();
    for (const auto& [k, e] : v.attributes())
      if (keep_unknown_attrs || e.known()) out[k] = redacted_json(e, keep_unknown_attrs);
    return out;
  }
  return to_json(v);
}

json json_without_unknowns(const Value& v) {
  return redacted_json(v, false);
}

json unknown_tree(const Value& v) {
  return mask_tree(v, [](const Value& x) { return !x.known(); });
}

json sensitive_tree(const Value& v) {
  return mask_tree(v, [](const Value& x) { return x.sensitive(); });
}

json planned_values_json(const Plan& plan) {
  return values_json(plan, true);
}

json prior_values_json(const Plan& plan) {
  return values_json(plan, false);
}

json configuration_json(const Plan& plan) {
  json providers = json::object();
  std::map<CallPath, json> by_call;  // resources by module call, instance keys dropped
  std::set<std::pair<CallPath, std::string>> seen;
  for (const ResourceChange& ch : plan.changes) {
    if (ch.provider.type.empty()) continue;
    std::string key = ch.provider.to_string();
    if (!providers.contains(key)) {
      json pc = {{"name", ch.provider.type}, {"full_name", ch.provider.type}};
      if (!ch.provider.alias.empty()) pc["alias"] = ch.provider.alias;
      if (!ch.provider.module.root()) pc["module_address"] = ch.provider.module.to_string();
      providers[key] = std::move(pc);
    }
    // What the configuration no longer holds is not part of it.
    bool gone = ch.reason == ActionReason::DeleteBecauseNoResourceConfig ||
                ch.reason == ActionReason::DeleteBecauseNoModule || plan.destroy;
    const ResourceAddr& r = ch.addr.resource;
    CallPath call;
    for (const ModuleStep& step : r.module.steps) call.push_back(step.name);
    if (gone || !ch.deposed.empty() || !seen.emplace(call, r.local_string()).second) continue;
    json entry = {{"address", r.local_string()},
                  {"mode", r.mode == ResourceMode::Data ? "data" : "managed"},
                  {"type", r.type},
                  {"name", r.name},
                  {"provider_config_key", key},
                  {"schema_version", 0}};
    by_call.try_emplace(call, json::array()).first->second.push_back(std::move(entry));
  }
  json j = json::object();
  j["provider_config"] = std::move(providers);
  j["root_module"] = config_module_json(by_call, {});
  return j;
}

json relevant_attributes_json(const Plan& plan) {
  json out = json::array();
  for (const Drift& d : plan.drift) {
    std::set<std::string> keys;
    for (const Value* v : {&d.recorded, &d.live})
      if (v->known() && v->is_mapping())
        for (const auto& [k, e] : v->attributes()) keys.insert(k);
    for (const std::string& k : keys) {
      const Value* before = d.recorded.known() ? d.recorded.get(k) : nullptr;
      const Value* after = d.live.known() ? d.live.get(k) : nullptr;
      if (before && after && prints_same(*before, *after)) continue;
      out.push_back({{"resource", d.addr.to_string()}, {"attribute", json::array({k})}});
    }
  }
  return out;
}

}  // namespace fedplan
