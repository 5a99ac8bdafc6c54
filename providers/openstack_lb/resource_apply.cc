// Create, update, delete, read and import of Octavia objects (see resource_apply.h).
// One implementation for the five resource types, driven by their ResourceSpec.
#include "providers/openstack_lb/resource_apply.h"

#include <map>

#include "base/http/url.h"
#include "lang/value_json.h"
#include "providers/openstack_lb/resource_plan.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/replace.h"

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;

ValueMap attrs_of(const Value& v) {
  if (v.known() && v.is_mapping()) return v.attributes();
  return {};
}

std::string object_path(const ResourceSpec& spec, const ValueMap& attrs) {
  return spec.collection(attrs) + "/" + sdk::Attrs(attrs).str("id").value_or("");
}

// "listener 1234 (name)" for messages.
std::string describe(const ResourceSpec& spec, const ValueMap& attrs) {
  std::string out = spec.kind;
  std::string id = sdk::Attrs(attrs).str("id").value_or("");
  std::string name = sdk::Attrs(attrs).str("name").value_or("");
  if (!id.empty()) out += " " + id;
  if (!name.empty()) out += " (" + name + ")";
  return out;
}

// The load balancer the object belongs to, asking Octavia for the pool's when needed.
std::string lb_of(const ResourceSpec& spec, OctaviaClient& client, ValueMap& attrs,
                  Diagnostics& diags) {
  if (spec.is_loadbalancer) return sdk::Attrs(attrs).str("id").value_or("");
  std::string lb = sdk::Attrs(attrs).str("loadbalancer_id").value_or("");
  if (!lb.empty() || !spec.lb_via_pool) return lb;
  std::string pool = sdk::Attrs(attrs).str("pool_id").value_or("");
  ApiResult r = client.get("/pools/" + pool);
  if (!r.ok()) {
    diags.error("Cannot find the load balancer of pool " + pool, r.error);
    return "";
  }
  lb = first_ref_id(r.body.value("pool", json::object()), "loadbalancers");
  if (!lb.empty()) attrs["loadbalancer_id"] = Value::string(lb);
  return lb;
}

// The fields a create sends: set in the config, not computed, not part of the URL.
json create_body(const ResourceSpec& spec, const ValueMap& cfg) {
  json obj = json::object();
  for (const FieldSpec& f : spec.fields) {
    if (!f.in_body || f.mode == FieldMode::Computed) continue;
    Value v = sdk::Attrs(cfg).get(f.name);
    if (v.is_null()) continue;
    obj[f.name] = to_json(v);
  }
  return json{{spec.json_key, obj}};
}

// After a write: wait for the load balancer, then read the object back. `state` is updated
// with what Octavia has; errors (ERROR status, timeout) go to `result`.
void settle(const ResourceSpec& spec, OctaviaClient& client, const std::string& lb_id,
            const std::string& doing, ValueMap& state, ApplyResult& result) {
  ApiResult w = client.wait_active(lb_id, doing);
  if (!w.ok()) result.diags.error("Octavia did not finish " + doing, w.error);
  ApiResult g = client.get(object_path(spec, state));
  if (g.ok() && g.body.contains(spec.json_key)) {
    state = state_from_api(spec, g.body[spec.json_key], state);
    std::string status = sdk::Attrs(state).str("provisioning_status").value_or("");
    if (w.ok() && status == "ERROR")
      result.diags.error("Octavia did not finish " + doing,
                         describe(spec, state) +
                             " went to provisioning_status ERROR (its load "
                             "balancer " +
                             lb_id +
                             " is ACTIVE). Octavia records no reason in the "
                             "API; its worker or provider driver log has it");
  }
}

// Every object of one collection, following `<plural>_links` rel=next. nullopt when a page
// fails; `gone` when the collection itself is gone (a deleted pool's members).
struct Listing {
  std::map<std::string, json> by_id;
  bool ok = false;
  bool gone = false;
};

Listing list_collection(const ResourceSpec& spec, OctaviaClient& client, const std::string& path) {
  Listing out;
  const std::string plural = spec.json_key + "s";
  std::string url = client.root() + path;
  for (int page = 0; page < 1000 && !url.empty(); ++page) {
    ApiResult r = client.call("GET", url);
    if (r.status == 404 && page == 0) {
      out.gone = true;
      out.ok = true;
      return out;
    }
    if (!r.ok() || !r.body.contains(plural) || !r.body[plural].is_array()) return out;
    for (const json& obj : r.body[plural])
      if (obj.is_object() && obj.contains("id") && obj["id"].is_string())
        out.by_id[obj["id"].get<std::string>()] = obj;
    url.clear();
    const json links = r.body.value(plural + "_links", json::array());
    for (const json& l : links)
      if (l.is_object() && l.value("rel", "") == "next" && l.contains("href"))
        url = l["href"].get<std::string>();
  }
  out.ok = url.empty();
  return out;
}

// Whether `obj`, as Octavia lists it, can be what a create of `cfg` made: it holds every
// attribute the create sent (its load balancer, listener or pool too), and is not being deleted.
bool made_from(const ResourceSpec& spec, const json& obj, const ValueMap& cfg) {
  ValueMap live = state_from_api(spec, obj, {});
  std::string status = sdk::Attrs(live).str("provisioning_status").value_or("");
  if (status == "DELETED" || status == "PENDING_DELETE") return false;
  for (const FieldSpec& f : spec.fields) {
    if (!f.in_body || f.mode == FieldMode::Computed) continue;
    Value sent = sdk::Attrs(cfg).get(f.name);
    if (!sent.is_null() && !sdk::same_content(live[f.name], sent)) return false;
  }
  return true;
}

// A resumed create (ApplyRequest::resumed): the object a killed run created, found in its
// collection (by name when it has one) as the object holding every attribute the create sent.
// Null when there is none; an error in `result` when several match or the listing fails.
json created_before(const ResourceSpec& spec, OctaviaClient& client, const ValueMap& cfg,
                    ApplyResult& result) {
  std::string path = spec.collection(cfg);
  std::string name = sdk::Attrs(cfg).str("name").value_or("");
  if (!name.empty()) path += "?name=" + url_encode(name);
  Listing listed = list_collection(spec, client, path);
  if (!listed.ok) {
    result.diags.error("Cannot look for the " + spec.kind + " a killed run created",
                       "Listing " + client.root() + path + " failed.");
    return json();
  }
  std::vector<json> found;
  for (const auto& [id, obj] : listed.by_id)
    if (made_from(spec, obj, cfg)) found.push_back(obj);
  if (found.empty()) return json();
  if (found.size() > 1)
    result.diags.error("Several " + spec.kind + "s match " + describe(spec, cfg),
                       "fedplan began creating this " + spec.kind +
                           " in a run that was killed, and cannot tell which of them it made. "
                           "Delete the extra ones, or import the right one.");
  return found[0];
}

ApplyResult create(const ResourceSpec& spec, OctaviaClient& client, const ApplyRequest& req) {
  ApplyResult result;
  ValueMap cfg =
      normalize_config(spec, req.config.is_null() ? req.planned : req.config, &result.diags);
  if (result.diags.has_errors()) return result;
  json made = req.resumed ? created_before(spec, client, cfg, result) : json();
  if (result.diags.has_errors()) return result;
  if (made.is_null()) {
    json body = create_body(spec, cfg);
    ApiResult r = client.write("POST", spec.collection(cfg), &body);
    if (!r.ok()) {
      result.diags.error("Cannot create the " + spec.kind, r.error);
      return result;
    }
    made = r.body.value(spec.json_key, json::object());
  }
  ValueMap state = state_from_api(spec, made, cfg);
  std::string lb_id = lb_of(spec, client, state, result.diags);
  if (!lb_id.empty())
    settle(spec, client, lb_id, "creating " + describe(spec, state), state, result);
  result.state = Value::object(std::move(state));
  return result;
}

ApplyResult update(const ResourceSpec& spec, OctaviaClient& client, const ApplyRequest& req) {
  ApplyResult result;
  ValueMap prior = attrs_of(req.prior);
  ValueMap cfg = normalize_config(spec, req.planned, &result.diags);
  result.state = req.prior;
  if (result.diags.has_errors()) return result;
  json changes = json::object();
  for (const FieldSpec& f : spec.fields) {
    if (f.mode == FieldMode::Computed || !f.in_body) continue;
    const Value& want = cfg[f.name];
    if (!want.wholly_known()) continue;  // OptionalComputed left to Octavia
    Value have = sdk::Attrs(prior).get(f.name);
    if (sdk::same_content(have, want)) continue;
    if (f.force_new) {
      result.diags.error(
          "Cannot update " + spec.type + "." + f.name + " in place",
          "Octavia cannot change " + f.name + " of a " + spec.kind + "; the plan must replace it.");
      return result;
    }
    changes[f.name] = to_json(want);
  }
  ValueMap state = prior;
  std::string lb_id = lb_of(spec, client, state, result.diags);
  if (!changes.empty()) {
    json body{{spec.json_key, changes}};
    ApiResult r = client.write("PUT", object_path(spec, state), &body);
    if (!r.ok()) {
      result.diags.error("Cannot update " + describe(spec, state), r.error);
      return result;
    }
    state = state_from_api(spec, r.body.value(spec.json_key, json::object()), state);
  }
  if (!lb_id.empty())
    settle(spec, client, lb_id, "updating " + describe(spec, state), state, result);
  result.state = Value::object(std::move(state));
  return result;
}

ApplyResult destroy(const ResourceSpec& spec, OctaviaClient& client, const ApplyRequest& req) {
  ApplyResult result;
  ValueMap prior = attrs_of(req.prior);
  result.state = req.prior;
  std::string path = object_path(spec, prior);
  std::string doing = "deleting " + describe(spec, prior);
  // Children go with their load balancer, as Octavia allows.
  ApiResult r = client.write("DELETE", spec.is_loadbalancer ? path + "?cascade=true" : path);
  if (r.status == 404) {
    result.state = Value();
    return result;
  }
  if (!r.ok()) {
    result.diags.error("Cannot delete " + describe(spec, prior), r.error);
    return result;
  }
  if (spec.is_loadbalancer) {
    ApiResult w = client.wait_gone(path, "", doing);
    if (!w.ok()) {
      result.diags.error("Octavia did not finish " + doing, w.error);
      return result;
    }
    result.state = Value();
    return result;
  }
  std::string lb_id = sdk::Attrs(prior).str("loadbalancer_id").value_or("");
  if (!lb_id.empty()) {
    ApiResult w = client.wait_active(lb_id, doing);
    // The load balancer itself gone (cascade) also means the child is gone.
    if (!w.ok() && w.status != 404) {
      result.diags.error("Octavia did not finish " + doing, w.error);
      return result;
    }
  }
  ApiResult g = client.wait_gone(path, lb_id, doing);
  if (!g.ok()) {
    result.diags.error("Octavia did not finish " + doing, g.error);
    return result;
  }
  result.state = Value();
  return result;
}

}  // namespace

ValueMap state_from_api(const ResourceSpec& spec, const json& obj, const ValueMap& base) {
  ValueMap out;
  for (const FieldSpec& f : spec.fields) {
    if (obj.is_object() && obj.contains(f.name)) {
      Value v = from_json(obj[f.name]);
      ConvertResult c = convert(v, f.type);
      out[f.name] = c.ok() ? c.value : v;
    } else {
      out[f.name] = sdk::Attrs(base).get(f.name);
    }
  }
  if (spec.relations) spec.relations(obj, out);
  return out;
}

ApplyResult apply_resource(const ResourceSpec& spec, OctaviaClient& client,
                           const ApplyRequest& request) {
  if (request.prior.is_null() && request.planned.is_null()) return {};
  if (request.prior.is_null()) return create(spec, client, request);
  if (request.planned.is_null()) return destroy(spec, client, request);
  return update(spec, client, request);
}

ReadResult read_created(const ResourceSpec& spec, OctaviaClient& client, const Value& intent) {
  ReadResult result;
  ValueMap cfg = normalize_config(spec, intent, &result.diags);
  if (result.diags.has_errors()) return result;
  ApplyResult looked;
  json made = created_before(spec, client, cfg, looked);
  result.diags = std::move(looked.diags);
  if (!made.is_null() && !result.diags.has_errors())
    result.state = Value::object(state_from_api(spec, made, cfg));
  return result;
}

ReadResult read_resource(const ResourceSpec& spec, OctaviaClient& client, const Value& state) {
  ReadResult result;
  ValueMap prior = attrs_of(state);
  if (sdk::Attrs(prior).str("id").value_or("").empty())
    return result;  // never created: nothing to read
  ApiResult r = client.get(object_path(spec, prior));
  if (r.status == 404) return result;
  if (!r.ok()) {
    result.state = state;
    result.diags.error("Cannot read " + describe(spec, prior), r.error);
    return result;
  }
  ValueMap live = state_from_api(spec, r.body.value(spec.json_key, json::object()), prior);
  if (sdk::Attrs(live).str("provisioning_status").value_or("") == "DELETED") return result;
  result.state = Value::object(std::move(live));
  return result;
}

std::vector<ReadResult> read_many_resources(const ResourceSpec& spec, OctaviaClient& client,
                                            const std::vector<Value>& states) {
  std::vector<ReadResult> out(states.size());
  if (states.size() < 2) {
    for (size_t i = 0; i < states.size(); ++i) out[i] = read_resource(spec, client, states[i]);
    return out;
  }
  // Group by collection (members: one per pool).
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i = 0; i < states.size(); ++i) {
    ValueMap attrs = attrs_of(states[i]);
    if (sdk::Attrs(attrs).str("id").value_or("").empty()) continue;  // never created: stays null
    groups[spec.collection(attrs)].push_back(i);
  }
  for (const auto& [path, indexes] : groups) {
    Listing l = list_collection(spec, client, path);
    for (size_t i : indexes) {
      if (!l.ok) {
        out[i] = read_resource(spec, client, states[i]);
        continue;
      }
      ValueMap prior = attrs_of(states[i]);
      auto it = l.by_id.find(sdk::Attrs(prior).str("id").value_or(""));
      if (l.gone || it == l.by_id.end()) continue;  // null state: gone
      ValueMap live = state_from_api(spec, it->second, prior);
      if (sdk::Attrs(live).str("provisioning_status").value_or("") == "DELETED") continue;
      out[i].state = Value::object(std::move(live));
    }
  }
  return out;
}

ReadResult import_resource(const ResourceSpec& spec, OctaviaClient& client, const std::string& id) {
  ValueMap base;
  std::string object_id = id;
  if (spec.lb_via_pool && spec.field("pool_id") && !spec.field("pool_id")->in_body) {
    size_t slash = id.find('/');
    if (slash == std::string::npos) {
      ReadResult r;
      r.diags.error("Invalid import id",
                    spec.type + " is imported as POOL_ID/MEMBER_ID, got \"" + id + "\".");
      return r;
    }
    base["pool_id"] = Value::string(id.substr(0, slash));
    object_id = id.substr(slash + 1);
  }
  base["id"] = Value::string(object_id);
  ReadResult r = read_resource(spec, client, Value::object(base));
  if (r.state.is_null() && !r.diags.has_errors()) {
    r.diags.error("Cannot import " + spec.type, "Octavia has no " + spec.kind + " " + id + ".");
    return r;
  }
  if (!r.state.is_null() && spec.lb_via_pool) {
    ValueMap attrs = r.state.attributes();
    lb_of(spec, client, attrs, r.diags);
    r.state = Value::object(std::move(attrs));
  }
  return r;
}

}  // namespace fedplan::openstack_lb
