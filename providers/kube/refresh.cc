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

namespace {

// The objects a kube_object or kube_objects value names, in manifest order; `known_ns` says
// whether each namespace is known (false: the manifest has none and no live object says it, or
// the object is cluster-scoped, where the kind and name say it all).
struct Named {
  std::vector<ObjectRef> refs;
  std::vector<bool> known_ns;
  std::string err;
};

Named named_objects(const std::string& type, const Doc& state) {
  Named n;
  Diagnostics unused;
  for (const Tracked& t : tracked_of(type, 0, state, unused)) {
    n.refs.push_back(t.ref);
    n.known_ns.push_back(!t.ref.ns.empty());
  }
  if (unused.has_errors()) n.err = unused.items[0].detail;
  return n;
}

// "" when `live` is `want`, else the first of apiVersion, kind, namespace, name that differs.
std::string ref_difference(const ObjectRef& want, bool known_ns, const ObjectRef& live) {
  auto differs = [](const char* field, const std::string& now, const std::string& was) {
    return std::string(field) + " is " + json(now).dump() + ", but the record's is " +
           json(was).dump();
  };
  if (live.api_version != want.api_version)
    return differs("apiVersion", live.api_version, want.api_version);
  if (live.kind != want.kind) return differs("kind", live.kind, want.kind);
  if (known_ns && live.ns != want.ns) return differs("namespace", live.ns, want.ns);
  if (live.name != want.name) return differs("name", live.name, want.name);
  return "";
}

}  // namespace

std::string other_object(const std::string& type, const Doc& recorded, const Doc& live) {
  if (recorded.is_null() || live.is_null()) return "";
  Named was = named_objects(type, recorded);
  if (!was.err.empty()) return "";  // a record that names nothing cannot be refreshed at all
  Named now = named_objects(type, live);
  if (!now.err.empty()) return "manifest names no object: " + now.err;
  if (type == "kube_object") {
    if (was.refs.size() != 1 || now.refs.size() != 1) return "";
    return ref_difference(was.refs[0], was.known_ns[0], now.refs[0]);
  }
  for (size_t i = 0; i < now.refs.size(); ++i) {
    bool found = false;
    for (size_t k = 0; k < was.refs.size() && !found; ++k)
      found = ref_difference(was.refs[k], was.known_ns[k], now.refs[i]).empty();
    if (!found)
      return "manifests[" + std::to_string(i) + "] is " + now.refs[i].display() +
             ", which the record does not have";
  }
  return "";
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
