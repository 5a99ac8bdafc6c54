// Refresh: states from live objects, listed in bulk per (apiVersion, kind, namespace).
#include "providers/kube/refresh.h"

#include <map>
#include <tuple>

#include "base/parallel.h"
#include "providers/kube/projection.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

// One object a state records: where in which state, and what it is.
struct Tracked {
  size_t state = 0;
  ObjectRef ref;
  Doc manifest;
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
std::vector<Tracked> tracked_of(const std::string& type, size_t index, const Doc& state,
                                Diagnostics& diags) {
  std::vector<Tracked> out;
  auto add = [&](Doc manifest, const json& object) {
    Tracked t;
    t.state = index;
    t.manifest = std::move(manifest);
    std::string err;
    if (!state_ref(t.manifest, object, &t.ref, &err)) {
      diags.error("Cannot refresh: invalid recorded manifest", err);
      return;
    }
    out.push_back(std::move(t));
  };
  if (type == "kube_object") {
    add(state.at("manifest"), member(state.json, "object"));
  } else {
    Doc ms = state.at("manifests");
    const json& os = member(state.json, "objects");
    for (size_t i = 0; ms.json.is_array() && i < ms.json.size(); ++i)
      add(ms.at(i), os.is_array() && i < os.size() ? os[i] : json());
  }
  return out;
}

}  // namespace

std::vector<DocState> read_states(KubeRuntime& rt, const std::string& type,
                                  const std::vector<Doc>& states) {
  std::vector<DocState> out(states.size());
  std::vector<std::vector<Tracked>> tracked(states.size());
  std::map<GroupKey, GroupResult> groups;
  for (size_t i = 0; i < states.size(); ++i) {
    out[i].keep_prior = true;
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
    Doc manifests{json::array()}, objects{json::array()};
    Doc state = states[i];
    for (const Tracked& t : tracked[i]) {
      const GroupResult& g = groups[GroupKey{t.ref.api_version, t.ref.kind, t.ref.ns}];
      if (!g.summary.empty()) {
        out[i].diags.error(g.summary, g.detail);
        failed = true;
        break;
      }
      auto it = g.by_name.find(t.ref.name);
      if (g.kind_gone || it == g.by_name.end()) continue;  // gone
      ObjectView v = view_of(it->second, strip_nulls(t.manifest.json), sensitive_paths(t.manifest));
      if (type == "kube_object") {
        state.set("manifest", v.manifest);
        state.set("object", v.object);
        state.set("uid", Doc{std::move(v.uid)});
      }
      manifests.push_back(std::move(v.manifest));
      objects.push_back(std::move(v.object));
    }
    if (failed) continue;  // the prior state stays, with the error
    out[i].keep_prior = false;
    if (manifests.json.empty() && (type == "kube_object" || !tracked[i].empty())) {
      out[i].state = Doc();  // gone
    } else if (type == "kube_object") {
      out[i].state = std::move(state);
    } else {
      state.set("manifests", std::move(manifests));
      state.set("objects", std::move(objects));
      out[i].state = std::move(state);
    }
  }
  return out;
}

DocState read_state(KubeRuntime& rt, const std::string& type, const Doc& state) {
  DocState r;
  r.keep_prior = true;
  if (state.is_null()) return r;
  if (type != "kube_object") return read_states(rt, type, {state})[0];
  Doc manifest = state.at("manifest");
  ObjectRef ref;
  std::string err;
  if (!state_ref(manifest, member(state.json, "object"), &ref, &err)) {
    r.diags.error("Cannot refresh: invalid recorded manifest", err);
    return r;
  }
  Located where;
  OpError e;
  if (!rt.ops.locate(ref, false, &where, &e)) {
    if (e.missing_kind)
      r.keep_prior = false;  // its CRD is gone, and the object with it: null
    else
      r.diags.error(e.summary, e.detail);
    return r;
  }
  json live;
  if (!rt.ops.get(where, &live, &e)) {
    r.diags.error(e.summary, e.detail);
    return r;
  }
  r.keep_prior = false;
  if (live.is_null()) return r;  // gone
  ObjectView v = view_of(live, strip_nulls(manifest.json), sensitive_paths(manifest));
  r.state = state;
  r.state.set("manifest", std::move(v.manifest));
  r.state.set("object", std::move(v.object));
  r.state.set("uid", Doc{std::move(v.uid)});
  return r;
}

DocState import_object(KubeRuntime& rt, const std::string& id) {
  DocState r;
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
  ObjectView v = view_of(live, import_manifest(live), {});
  r.state = Doc{json::object()};
  r.state.set("manifest", std::move(v.manifest));
  r.state.set("object", std::move(v.object));
  r.state.set("uid", Doc{std::move(v.uid)});
  for (const char* k : {"force_conflicts", "delete_timeout", "wait"}) r.state.set(k, Doc());
  return r;
}

}  // namespace fedplan::kube
