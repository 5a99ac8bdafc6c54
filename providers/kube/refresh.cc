// Refresh: states from live objects, listed in bulk per (apiVersion, kind, namespace).
#include "providers/kube/refresh.h"

#include <map>
#include <tuple>

#include "base/parallel.h"
#include "providers/kube/projection.h"
#include "providers/kube/values.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

// One object a state records: where in which state, and what it is.
struct Tracked {
  size_t state = 0;
  ObjectRef ref;
  Value manifest;
};

// The outcome of listing one (apiVersion, kind, namespace).
struct GroupResult {
  bool kind_gone = false;
  std::map<std::string, json> by_name;
  std::string summary;
  std::string detail;
};

using GroupKey = std::tuple<std::string, std::string, std::string>;

GroupResult list_group(KubeRuntime& rt, const GroupKey& key) {
  GroupResult g;
  const auto& [api_version, kind, ns] = key;
  ObjectRef probe{api_version, kind, ns, "x"};
  Located where;
  OpError e;
  if (!rt.ops.locate(probe, false, &where, &e)) {
    if (e.missing_kind) {
      g.kind_gone = true;  // its CRD is gone, and every instance with it
      return g;
    }
    g.summary = e.summary;
    g.detail = e.detail;
    return g;
  }
  std::string path = where.info.path(where.ns, "");
  ApiResult r = rt.ops.client().list(path);
  if (!r.ok()) {
    g.summary = "Refresh of " + kind + " objects failed";
    g.detail = describe_failure(r, "LIST " + path, rt.ops.client().access());
    return g;
  }
  if (r.body.contains("items") && r.body["items"].is_array()) {
    for (json& item : r.body["items"]) {
      if (!item.is_object() || !item.contains("metadata")) continue;
      std::string name = item["metadata"].value("name", "");
      g.by_name[name] = with_type(std::move(item), api_version, kind);
    }
  }
  return g;
}

// Tracked objects of one state (kube_object: one; kube_objects: one per manifest).
std::vector<Tracked> tracked_of(const std::string& type, size_t index, const Value& state,
                                Diagnostics& diags) {
  std::vector<Tracked> out;
  auto add = [&](const Value& manifest, const Value& object) {
    Tracked t;
    t.state = index;
    t.manifest = manifest;
    std::string err;
    if (!state_ref(manifest, object, &t.ref, &err)) {
      diags.error("Cannot refresh: invalid recorded manifest", err);
      return;
    }
    out.push_back(t);
  };
  if (type == "kube_object") {
    add(attr(state, "manifest"), attr(state, "object"));
  } else {
    Value ms = attr(state, "manifests");
    Value os = attr(state, "objects");
    if (ms.known() && ms.is_sequence())
      for (size_t i = 0; i < ms.elements().size(); ++i)
        add(ms.elements()[i], os.known() && os.is_sequence() && i < os.elements().size()
                                  ? os.elements()[i]
                                  : Value());
  }
  return out;
}

}  // namespace

std::vector<ReadResult> read_states(KubeRuntime& rt, const std::string& type,
                                    const std::vector<Value>& states) {
  std::vector<ReadResult> out(states.size());
  std::vector<std::vector<Tracked>> tracked(states.size());
  std::map<GroupKey, GroupResult> groups;
  for (size_t i = 0; i < states.size(); ++i) {
    out[i].state = states[i];
    if (states[i].is_null()) continue;
    tracked[i] = tracked_of(type, i, states[i], out[i].diags);
    for (const Tracked& t : tracked[i])
      groups.emplace(GroupKey{t.ref.api_version, t.ref.kind, t.ref.ns}, GroupResult{});
  }
  std::vector<GroupKey> keys;
  for (const auto& [k, g] : groups) keys.push_back(k);
  std::vector<GroupResult> listed(keys.size());
  parallel_for(keys.size(), 8, [&](size_t i) { listed[i] = list_group(rt, keys[i]); });
  for (size_t i = 0; i < keys.size(); ++i) groups[keys[i]] = std::move(listed[i]);

  for (size_t i = 0; i < states.size(); ++i) {
    if (states[i].is_null() || out[i].diags.has_errors()) continue;
    bool failed = false;
    ValueList manifests, objects;
    for (const Tracked& t : tracked[i]) {
      const GroupResult& g = groups[GroupKey{t.ref.api_version, t.ref.kind, t.ref.ns}];
      if (!g.summary.empty()) {
        out[i].diags.error(g.summary, g.detail);
        failed = true;
        break;
      }
      auto it = g.by_name.find(t.ref.name);
      if (g.kind_gone || it == g.by_name.end()) continue;  // gone
      ObjectView v = view_of(it->second, manifest_json(t.manifest), sensitive_paths(t.manifest));
      manifests.push_back(v.manifest);
      objects.push_back(v.object);
      if (type == "kube_object")
        out[i].state =
            with_attrs(states[i], {{"manifest", v.manifest}, {"object", v.object}, {"uid", v.uid}});
    }
    if (failed) continue;  // the prior state stays, with the error
    if (type == "kube_object") {
      if (manifests.empty()) out[i].state = Value();
    } else if (!tracked[i].empty() && manifests.empty()) {
      out[i].state = Value();
    } else {
      out[i].state = with_attrs(states[i], {{"manifests", Value::tuple(std::move(manifests))},
                                            {"objects", Value::tuple(std::move(objects))}});
    }
  }
  return out;
}

ReadResult read_state(KubeRuntime& rt, const std::string& type, const Value& state) {
  ReadResult r;
  r.state = state;
  if (state.is_null()) return r;
  if (type != "kube_object") return read_states(rt, type, {state})[0];
  Value manifest = attr(state, "manifest");
  ObjectRef ref;
  std::string err;
  if (!state_ref(manifest, attr(state, "object"), &ref, &err)) {
    r.diags.error("Cannot refresh: invalid recorded manifest", err);
    return r;
  }
  Located where;
  OpError e;
  if (!rt.ops.locate(ref, false, &where, &e)) {
    if (e.missing_kind) {
      r.state = Value();
      return r;
    }
    r.diags.error(e.summary, e.detail);
    return r;
  }
  json live;
  if (!rt.ops.get(where, &live, &e)) {
    r.diags.error(e.summary, e.detail);
    return r;
  }
  if (live.is_null()) {
    r.state = Value();
    return r;
  }
  ObjectView v = view_of(live, manifest_json(manifest), sensitive_paths(manifest));
  r.state = with_attrs(state, {{"manifest", v.manifest}, {"object", v.object}, {"uid", v.uid}});
  return r;
}

ReadResult import_object(KubeRuntime& rt, const std::string& id) {
  ReadResult r;
  std::string err;
  std::optional<ObjectRef> ref = parse_object_id(id, &err);
  if (!ref) {
    r.diags.error("Invalid import id", err);
    return r;
  }
  Located where;
  OpError e;
  if (!rt.ops.locate(*ref, false, &where, &e)) {
    r.diags.error(e.summary, e.detail);
    return r;
  }
  if (where.info.namespaced && ref->ns.empty()) {
    r.diags.error("Invalid import id", ref->kind + " is namespaced: the id needs a namespace (" +
                                           ref->api_version + "/" + ref->kind + "/NAMESPACE/" +
                                           ref->name + ").");
    return r;
  }
  json live;
  if (!rt.ops.get(where, &live, &e)) {
    r.diags.error(e.summary, e.detail);
    return r;
  }
  if (live.is_null()) {
    r.diags.error("Cannot import " + ref->display(), "The object does not exist.");
    return r;
  }
  json manifest = import_manifest(live);
  ObjectView v = view_of(live, manifest, {});
  r.state = Value::object({{"manifest", v.manifest},
                           {"object", v.object},
                           {"uid", v.uid},
                           {"force_conflicts", Value()},
                           {"delete_timeout", Value()},
                           {"wait", Value()}});
  return r;
}

}  // namespace fedplan::kube
