// kube_object: plan, apply, delete.
#include "providers/kube/object_resource.h"

#include "base/duration.h"
#include "providers/kube/projection.h"
#include "providers/kube/values.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

const std::vector<ValuePath>& identity_paths() {
  static const std::vector<ValuePath> paths = {
      {PathStep::attr("apiVersion")},
      {PathStep::attr("kind")},
      {PathStep::attr("metadata"), PathStep::attr("name")},
      {PathStep::attr("metadata"), PathStep::attr("namespace")},
  };
  return paths;
}

Value at_path(const Value& v, const ValuePath& path) {
  const Value* cur = &v;
  for (const PathStep& s : path) {
    if (!cur->known()) return *cur;  // unknown: everything below is unknown
    const Value* next = s.is_index ? cur->at(s.index) : cur->get(s.key);
    if (!next) return Value();
    cur = next;
  }
  return *cur;
}

ValuePath prefixed(const char* attr_name, const ValuePath& p) {
  ValuePath out = {PathStep::attr(attr_name)};
  out.insert(out.end(), p.begin(), p.end());
  return out;
}

void add_error(Diagnostics& diags, const OpError& e) {
  diags.error(e.summary, e.detail);
}

// `object` as an update will leave it, from the dry run's answer: the fields only the real
// write decides (resourceVersion, generation, status) become unknown.
Value planned_object(const json& live, const std::vector<ValuePath>& sens) {
  Value v = value_with_marks(clean_live_object(live), sens);
  if (!v.is_mapping()) return v;
  ValueMap top = v.attributes();
  if (auto md = top.find("metadata"); md != top.end() && md->second.is_mapping()) {
    ValueMap meta = md->second.attributes();
    for (const char* k : {"resourceVersion", "generation"})
      if (meta.count(k)) meta[k] = Value::unknown();
    md->second = Value::object(std::move(meta));
  }
  if (top.count("status")) top["status"] = Value::unknown();
  return Value::object(std::move(top));
}

}  // namespace

void validate_manifest(const Value& manifest, const std::string& what, Diagnostics& diags) {
  if (!manifest.known()) return;
  if (!manifest.is_mapping()) {
    diags.error("Invalid " + what, what + " must be an object, got " + manifest.type_name() + ".");
    return;
  }
  for (const char* key : {"apiVersion", "kind"}) {
    const Value* v = manifest.get(key);
    if (!v || v->is_null() || (v->known() && v->kind() != ValueKind::String))
      diags.error("Invalid " + what, what + " needs a string " + key + ".");
  }
  const Value* md = manifest.get("metadata");
  if (!md || md->is_null() || (md->known() && !md->is_mapping())) {
    diags.error("Invalid " + what, what + " needs metadata with a name.");
    return;
  }
  if (!md->known()) return;
  const Value* name = md->get("name");
  if (!name || name->is_null() || (name->known() && name->kind() != ValueKind::String))
    diags.error("Invalid " + what, what + " needs a string metadata.name.");
  if (const Value* gn = md->get("generateName"); gn && !gn->is_null())
    diags.error("Invalid " + what,
                "metadata.generateName is not supported: fedplan needs a fixed name to track the "
                "object.");
}

ManifestPlan plan_manifest(KubeRuntime& rt, const Value& config_manifest, bool force,
                           const Value* recorded) {
  ManifestPlan p;
  Value m = normalize_manifest(config_manifest);
  p.manifest = m;
  if (!m.wholly_known()) return p;  // the engine shows the unknowns; no dry run possible
  std::vector<ValuePath> sens = sensitive_paths(m);
  json mj = manifest_json(m);
  p.manifest = value_with_marks(mj, sens);
  // Nothing to ask the server: applying what it already holds changes nothing fedplan manages.
  // (A refresh put the live values into `recorded`; with -refresh=false the state's word is
  // taken, as that flag asks.) This keeps a no-op plan of N objects at one LIST per kind.
  if (recorded && same_json(*recorded, p.manifest) && *recorded == p.manifest) return p;
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
  if (!rt.ops.apply(where, *ref, mj, force, true, &live, &e)) {
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
  p.manifest = value_with_marks(project_manifest(live, mj), sens);
  p.object = planned_object(live, sens);
  return p;
}

PlanResult plan_object(KubeRuntime& rt, const PlanRequest& req) {
  PlanResult r;
  if (req.config.is_null()) return r;  // delete
  Value cfg_manifest = attr(req.config, "manifest");
  validate_manifest(cfg_manifest, "manifest", r.diags);
  if (r.diags.has_errors()) return r;
  Value m = normalize_manifest(cfg_manifest);
  bool has_prior = !req.prior.is_null();
  Value prior_manifest = attr(req.prior, "manifest");
  if (has_prior) {
    for (const ValuePath& p : identity_paths()) {
      Value now = at_path(m, p);
      Value before = at_path(prior_manifest, p);
      if (!now.wholly_known() || !before.equal_content(now))
        r.requires_replace.push_back(prefixed("manifest", p));
    }
  }
  ManifestPlan mp = plan_manifest(rt, m, attr_bool(req.config, "force_conflicts"),
                                  has_prior ? &prior_manifest : nullptr);
  r.diags.append(mp.diags);
  if (r.diags.has_errors()) return r;
  r.note = mp.note;
  for (const ValuePath& p : mp.immutable) {
    if (!has_prior) break;  // a create cannot hit an immutable field
    r.requires_replace.push_back(p);
  }
  bool replacing = !r.requires_replace.empty();

  ValueMap planned;
  planned["manifest"] = mp.manifest;
  for (const char* k : {"force_conflicts", "delete_timeout", "wait"})
    planned[k] = attr(req.config, k);
  if (has_prior && !replacing) {
    bool same = same_json(mp.manifest, prior_manifest);
    for (const char* k : {"force_conflicts", "delete_timeout", "wait"})
      same = same && attr(req.prior, k).equal_content(planned[k]);
    if (same && mp.manifest == prior_manifest) {
      r.planned = req.prior;  // no-op
      return r;
    }
    if (same) {
      // Only marks differ (e.g. a value became sensitive): record them, nothing to apply.
      planned["object"] = attr(req.prior, "object");
      planned["uid"] = attr(req.prior, "uid");
      r.planned = Value::object(std::move(planned));
      return r;
    }
  }
  // An update's object is what the dry run answered, but for what only the write decides; a
  // new object is known only once it exists.
  bool updating = has_prior && !replacing;
  planned["object"] = updating && !mp.object.is_null() ? mp.object : Value::unknown();
  planned["uid"] = updating ? attr(req.prior, "uid") : Value::unknown(ValueKind::String);
  r.planned = Value::object(std::move(planned));
  return r;
}

Diagnostics validate_object(const Value& config) {
  Diagnostics d;
  validate_manifest(attr(config, "manifest"), "manifest", d);
  std::string err;
  Value w = attr(config, "wait");
  if (w.wholly_known()) {
    parse_wait(w, &err);
    if (!err.empty()) d.error("Invalid wait block", err);
  }
  Value dt = attr(config, "delete_timeout");
  if (dt.known() && dt.kind() == ValueKind::String && !parse_duration(dt.as_string()))
    d.error("Invalid delete_timeout",
            "\"" + dt.as_string() + "\" is not a duration (for example \"300s\" or \"5m\").");
  return d;
}

namespace {

// Deletes the object a state records; true when it is gone.
bool delete_state_object(KubeRuntime& rt, const Value& state, Diagnostics& diags, bool* retryable) {
  ObjectRef ref;
  std::string err;
  if (!state_ref(attr(state, "manifest"), attr(state, "object"), &ref, &err)) {
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

}  // namespace

ApplyResult apply_object(KubeRuntime& rt, const ApplyRequest& req) {
  ApplyResult r;
  r.state = req.prior;
  if (req.planned.is_null()) {
    if (req.prior.is_null()) return r;
    if (delete_state_object(rt, req.prior, r.diags, &r.retryable)) r.state = Value();
    return r;
  }
  Value m = normalize_manifest(attr(req.config, "manifest"));
  if (!m.wholly_known()) {
    r.diags.error("Manifest not known at apply", "Every value of the manifest must be known.");
    return r;
  }
  std::vector<ValuePath> sens = sensitive_paths(m);
  json mj = manifest_json(m);
  std::string err;
  std::optional<ObjectRef> ref = ref_of(mj, &err);
  if (!ref) {
    r.diags.error("Invalid manifest", err);
    return r;
  }
  std::optional<WaitSpec> wait = parse_wait(attr(req.config, "wait"), &err);
  if (!err.empty()) {
    r.diags.error("Invalid wait block", err);
    return r;
  }
  // A replace handed over as one change: the old object goes first.
  if (!req.prior.is_null()) {
    ObjectRef old;
    if (state_ref(attr(req.prior, "manifest"), attr(req.prior, "object"), &old, &err) &&
        !(old.api_version == ref->api_version && old.kind == ref->kind && old.name == ref->name &&
          old.ns == ref->ns)) {
      // A namespace filled in from the default is still the same object.
      bool same_default_ns = ref->ns.empty() && old.api_version == ref->api_version &&
                             old.kind == ref->kind && old.name == ref->name &&
                             old.ns == rt.ops.client().access().default_namespace;
      if (!same_default_ns) {
        if (!delete_state_object(rt, req.prior, r.diags, &r.retryable)) return r;
        r.state = Value();
      }
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
  if (!rt.ops.apply(where, *ref, mj, attr_bool(req.config, "force_conflicts"), false, &live, &e)) {
    add_error(r.diags, e);
    r.retryable = e.retryable;
    return r;
  }
  auto state_of = [&](const json& obj) {
    ObjectView v = view_of(obj, mj, sens);
    ValueMap s;
    s["manifest"] = v.manifest;
    s["object"] = v.object;
    s["uid"] = v.uid;
    for (const char* k : {"force_conflicts", "delete_timeout", "wait"}) s[k] = attr(req.config, k);
    return Value::object(std::move(s));
  };
  r.state = state_of(live);
  if (wait) {
    bool ok = rt.ops.wait(where, *ref, *wait, &live, &e);
    r.state = state_of(live);
    if (!ok) {
      add_error(r.diags, e);
      r.retryable = false;
      return r;
    }
  }
  return r;
}

}  // namespace fedplan::kube
