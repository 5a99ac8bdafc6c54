// kube_object: plan, apply, delete.
#include "providers/kube/object_resource.h"

#include "base/duration.h"
#include "providers/kube/projection.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

const char* const kObjectSettings[] = {"force_conflicts", "delete_timeout", "wait"};

const std::vector<ValuePath>& identity_paths() {
  static const std::vector<ValuePath> paths = {
      {PathStep::attr("apiVersion")},
      {PathStep::attr("kind")},
      {PathStep::attr("metadata"), PathStep::attr("name")},
      {PathStep::attr("metadata"), PathStep::attr("namespace")},
  };
  return paths;
}

// The JSON at `path`, null when there is none.
json value_at(const json& j, const ValuePath& path) {
  const json* v = json_at(j, path);
  return v ? *v : json();
}

ValuePath prefixed(const char* attr_name, const ValuePath& p) {
  ValuePath out = {PathStep::attr(attr_name)};
  out.insert(out.end(), p.begin(), p.end());
  return out;
}

void add_error(Diagnostics& diags, const OpError& e) {
  diags.error(e.summary, e.detail);
}

// Makes member `key` of `obj` (at `path` in `d`), when there is one, an unknown without marks.
void forget(Doc& d, json& obj, const ValuePath& path, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return;
  *it = nullptr;
  ValuePath at = path;
  at.push_back(PathStep::attr(key));
  std::erase_if(d.sensitive, [&](const ValuePath& p) { return p == at; });
  d.unknown.push_back({at, ValueKind::Dynamic});
}

// `object` as an update will leave it, from the dry run's answer: the fields only the real
// write decides (resourceVersion, generation, status) become unknown. The object and its
// metadata are new values then, so marks on them do not carry over.
Doc planned_object(const json& live, const std::vector<ValuePath>& sens) {
  Doc d = marked(clean_live_object(live), sens);
  if (!d.json.is_object()) return d;
  const ValuePath metadata = {PathStep::attr("metadata")};
  auto md = d.json.find("metadata");
  bool new_metadata = md != d.json.end() && md->is_object();
  std::erase_if(d.sensitive,
                [&](const ValuePath& p) { return p.empty() || (new_metadata && p == metadata); });
  if (new_metadata)
    for (const char* k : {"resourceVersion", "generation"}) forget(d, *md, metadata, k);
  forget(d, d.json, {}, "status");
  return d;
}

}  // namespace

void validate_manifest(const Doc& manifest, const std::string& what, Diagnostics& diags) {
  if (!manifest.known()) return;
  if (!manifest.json.is_object()) {
    diags.error("Invalid " + what,
                what + " must be an object, got " + json_type_name(manifest.json) + ".");
    return;
  }
  auto not_string = [](const Doc& v) { return v.is_null() || (v.known() && !v.json.is_string()); };
  for (const char* key : {"apiVersion", "kind"})
    if (not_string(manifest.at(key)))
      diags.error("Invalid " + what, what + " needs a string " + key + ".");
  Doc md = manifest.at("metadata");
  if (md.is_null() || (md.known() && !md.json.is_object())) {
    diags.error("Invalid " + what, what + " needs metadata with a name.");
    return;
  }
  if (!md.known()) return;
  if (not_string(md.at("name")))
    diags.error("Invalid " + what, what + " needs a string metadata.name.");
  if (!md.at("generateName").is_null())
    diags.error("Invalid " + what,
                "metadata.generateName is not supported: fedplan needs a fixed name to track the "
                "object.");
}

ManifestPlan plan_manifest(KubeRuntime& rt, const Doc& config_manifest, bool force,
                           const Doc* recorded) {
  ManifestPlan p;
  Doc m = normalize_manifest(config_manifest);
  if (!m.wholly_known()) {
    p.manifest = std::move(m);
    return p;  // the engine shows the unknowns; no dry run possible
  }
  std::vector<ValuePath> sens = sensitive_paths(m);
  const json& mj = m.json;  // canonical: no null attributes left
  p.manifest = marked(mj, sens);
  // Nothing to ask the server: applying what it already holds changes nothing fedplan manages.
  // (A refresh put the live values into `recorded`; with -refresh=false the state's word is
  // taken, as that flag asks.) This keeps a no-op plan of N objects at one LIST per kind.
  if (recorded && same_doc(*recorded, p.manifest)) return p;
  std::string err;
  std::optional<ObjectRef> ref = ref_of(mj, &err);
  if (!ref) {
    p.diags.error("Invalid manifest", err);
    return p;
  }
  if (rt.unreachable) {
    p.note = rt.unreachable_note();
    return p;
  }
  Located where;
  OpError e;
  if (!rt.ops.locate(*ref, false, &where, &e)) {
    if (e.unreachable) {
      rt.mark_unreachable(e.detail);
      p.note = rt.unreachable_note();
    } else if (e.missing_kind) {
      p.note = "kind " + ref->kind + " (" + ref->api_version +
               ") is not served by the cluster yet; if a CustomResourceDefinition earlier in "
               "this plan defines it, it is known after apply: planned from config alone";
    } else {
      add_error(p.diags, e);
    }
    return p;
  }
  json live;
  if (!rt.ops.apply(where, *ref, mj, sens, force, true, &live, &e)) {
    if (e.unreachable) {
      rt.mark_unreachable(e.detail);
      p.note = rt.unreachable_note();
    } else if (e.not_found) {
      p.note = "namespace \"" + where.ns +
               "\" does not exist yet (it may be created earlier in this plan): planned from "
               "config alone";
    } else if (!e.immutable_fields.empty()) {
      p.immutable = e.immutable_fields;
    } else {
      add_error(p.diags, e);
    }
    return p;
  }
  p.manifest = marked(project_manifest(live, mj), sens);
  p.object = planned_object(live, sens);
  return p;
}

DocPlan plan_object(KubeRuntime& rt, const Doc& prior, const Doc& config) {
  DocPlan r;
  if (config.is_null()) return r;  // delete
  Doc cfg_manifest = config.at("manifest");
  validate_manifest(cfg_manifest, "manifest", r.diags);
  if (r.diags.has_errors()) return r;
  Doc m = normalize_manifest(cfg_manifest);
  bool has_prior = !prior.is_null();
  Doc prior_manifest = prior.at("manifest");
  if (has_prior) {
    for (const ValuePath& p : identity_paths()) {
      if (!m.wholly_known_at(p) || value_at(m.json, p) != value_at(prior_manifest.json, p))
        r.requires_replace.push_back(prefixed("manifest", p));
    }
  }
  ManifestPlan mp = plan_manifest(rt, m, bool_attr(config, "force_conflicts"),
                                  has_prior ? &prior_manifest : nullptr);
  r.diags.append(mp.diags);
  if (r.diags.has_errors()) return r;
  r.note = mp.note;
  for (const ValuePath& p : mp.immutable) {
    if (!has_prior) break;  // a create cannot hit an immutable field
    r.requires_replace.push_back(p);
  }
  bool replacing = !r.requires_replace.empty();

  Doc planned{json::object()};
  planned.set("manifest", mp.manifest);
  for (const char* k : kObjectSettings) planned.set(k, config.at(k));
  if (has_prior && !replacing) {
    bool same = same_json(mp.manifest, prior_manifest);
    for (const char* k : kObjectSettings) same = same && equal_content(prior.at(k), planned.at(k));
    if (same && same_doc(mp.manifest, prior_manifest)) {
      r.keep_prior = true;  // no-op
      return r;
    }
    if (same) {
      // Only marks differ (e.g. a value became sensitive): record them, nothing to apply.
      planned.set("object", prior.at("object"));
      planned.set("uid", prior.at("uid"));
      r.planned = std::move(planned);
      return r;
    }
  }
  // An update's object is what the dry run answered, but for what only the write decides; a
  // new object is known only once it exists.
  bool updating = has_prior && !replacing;
  planned.set("object", updating && !mp.object.is_null() ? mp.object : Doc::unknown_value());
  planned.set("uid", updating ? prior.at("uid") : Doc::unknown_value(ValueKind::String));
  r.planned = std::move(planned);
  return r;
}

Diagnostics validate_object(const Doc& config) {
  Diagnostics d;
  validate_manifest(config.at("manifest"), "manifest", d);
  std::string err;
  Doc w = config.at("wait");
  if (w.wholly_known()) {
    parse_wait(w, &err);
    if (!err.empty()) d.error("Invalid wait block", err);
  }
  Doc dt = config.at("delete_timeout");
  if (dt.known() && dt.json.is_string() && !parse_duration(dt.json.get<std::string>()))
    d.error("Invalid delete_timeout", "\"" + dt.json.get<std::string>() +
                                          "\" is not a duration (for example \"300s\" or \"5m\").");
  return d;
}

namespace {

// Deletes the object a state records; true when it is gone.
bool delete_state_object(KubeRuntime& rt, const Doc& state, Diagnostics& diags, bool* retryable) {
  ObjectRef ref;
  std::string err;
  if (!state_ref(state.at("manifest"), member(state.json, "object"), &ref, &err)) {
    diags.error("Cannot delete: the state has no valid manifest", err);
    return false;
  }
  std::chrono::milliseconds timeout;
  if (!delete_timeout_of(state, rt.ops.tuning(), &timeout, &err)) {
    diags.error("Invalid delete_timeout", err);
    return false;
  }
  Located where;
  OpError e;
  if (!rt.ops.locate(ref, false, &where, &e)) {
    if (e.missing_kind) return true;  // its CRD is gone, and with it every instance
    add_error(diags, e);
    *retryable = e.retryable;
    return false;
  }
  if (!rt.ops.remove(where, ref, timeout, &e)) {
    add_error(diags, e);
    *retryable = e.retryable;
    return false;
  }
  return true;
}

// Whether the object `old` names is the one `now` names, a namespace left to the default
// included.
bool same_target(const ObjectRef& old, const ObjectRef& now, const std::string& default_ns) {
  return old.api_version == now.api_version && old.kind == now.kind && old.name == now.name &&
         (old.ns == now.ns || (now.ns.empty() && old.ns == default_ns));
}

}  // namespace

DocState apply_object(KubeRuntime& rt, const Doc& prior, bool deleting, const Doc& config) {
  DocState r;
  r.keep_prior = true;
  if (deleting) {
    if (prior.is_null()) return r;
    if (delete_state_object(rt, prior, r.diags, &r.retryable)) r.set_state(Doc());
    return r;
  }
  Doc m = normalize_manifest(config.at("manifest"));
  if (!m.wholly_known()) {
    r.diags.error("Manifest not known at apply", "Every value of the manifest must be known.");
    return r;
  }
  std::vector<ValuePath> sens = sensitive_paths(m);
  const json& mj = m.json;
  std::string err;
  std::optional<ObjectRef> ref = ref_of(mj, &err);
  if (!ref) {
    r.diags.error("Invalid manifest", err);
    return r;
  }
  std::optional<WaitSpec> wait = parse_wait(config.at("wait"), &err);
  if (!err.empty()) {
    r.diags.error("Invalid wait block", err);
    return r;
  }
  // A replace handed over as one change: the old object goes first.
  if (!prior.is_null()) {
    ObjectRef old;
    if (state_ref(prior.at("manifest"), member(prior.json, "object"), &old, &err) &&
        !same_target(old, *ref, rt.ops.client().access().default_namespace)) {
      if (!delete_state_object(rt, prior, r.diags, &r.retryable)) return r;
      r.set_state(Doc());
    }
  }
  Located where;
  OpError e;
  if (!rt.ops.locate(*ref, true, &where, &e)) {
    add_error(r.diags, e);
    r.retryable = e.retryable;
    return r;
  }
  json live;
  if (!rt.ops.apply(where, *ref, mj, sens, bool_attr(config, "force_conflicts"), false, &live,
                    &e)) {
    add_error(r.diags, e);
    r.retryable = e.retryable;
    return r;
  }
  auto state_of = [&](const json& obj) {
    ObjectView v = view_of(obj, mj, sens);
    Doc s{json::object()};
    s.set("manifest", std::move(v.manifest));
    s.set("object", std::move(v.object));
    s.set("uid", Doc{std::move(v.uid)});
    for (const char* k : kObjectSettings) s.set(k, config.at(k));
    return s;
  };
  r.set_state(state_of(live));
  if (wait) {
    bool ok = rt.ops.wait(where, *ref, *wait, &live, &e);
    r.set_state(state_of(live));
    if (!ok) {
      add_error(r.diags, e);
      r.retryable = false;
      return r;
    }
  }
  return r;
}

}  // namespace fedplan::kube
