// kube_object: plan, apply, delete.
#include "providers/kube/object_resource.h"

#include "base/duration.h"
#include "providers/kube/projection.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

const char* const kObjectSettings[] = {"force_conflicts", "delete_timeout", "wait",
                                       "leave_fields_to"};

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

OwnershipSettings ownership_settings(const Doc& config) {
  OwnershipSettings s;
  s.force = bool_attr(config, "force_conflicts");
  s.adopt = bool_attr(config, "adopt");
  const json& l = member(config.json, "leave_fields_to");
  if (l.is_array())
    for (const json& m : l)
      if (m.is_string()) s.leave_to.push_back(m.get<std::string>());
  return s;
}

bool check_not_foreign(KubeRuntime& rt, const Located& where, const ObjectRef& ref, bool adopt,
                       OpError* err) {
  json live;
  if (!rt.ops.get(where, &live, err)) return false;
  if (live.is_null() || adopt || fedplan_manages(live)) return true;
  *err = OpError();
  err->summary = "Object already exists: " + ref.kind + " " +
                 (where.ns.empty() ? ref.name : where.ns + "/" + ref.name);
  err->detail = foreign_object_detail(ref, where.ns, rt.ops.client().access(), managers_of(live));
  return false;
}

namespace {

// The ManifestPlan's answer to a failed dry run that is not a conflict.
void dry_run_failed(KubeRuntime& rt, const Located& where, OpError& e, ManifestPlan& p) {
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
}

bool listed(const std::vector<FieldConflict>& list, const FieldConflict& c) {
  for (const FieldConflict& x : list)
    if (x.field == c.field) return true;
  return false;
}

}  // namespace

bool apply_owned(KubeRuntime& rt, const Located& where, const ObjectRef& ref, const json& manifest,
                 const std::vector<ValuePath>& sensitive, const OwnershipSettings& settings,
                 const std::vector<FieldConflict>* planned_taken, json* live, json* applied,
                 OpError* err) {
  *applied = manifest;
  if (rt.ops.apply(where, ref, manifest, sensitive, settings.force, false, live, err)) return true;
  if (err->conflicts.empty()) return false;
  std::vector<FieldConflict> taken = err->conflicts;
  std::vector<FieldConflict> left = split_left(taken, settings.leave_to);
  std::string unplanned;
  for (const FieldConflict& c : taken)
    if (planned_taken && !listed(*planned_taken, c))
      unplanned += "\n  - " + c.field + " (manager " + c.manager + ")";
  if (!unplanned.empty()) {
    err->summary = "Field conflict not in the plan, applying " + ref.display();
    err->detail =
        "Since the plan was made, other field managers took fields the plan did not "
        "show as taken back:" +
        unplanned + "\nRun `fedplan plan` again to see them; nothing was changed.";
    return false;
  }
  for (const FieldConflict& c : left) remove_field(*applied, c.field);
  *err = OpError();
  return rt.ops.apply(where, ref, *applied, sensitive, true, false, live, err);
}

Doc taken_fields_doc(const std::vector<std::pair<std::string, FieldConflict>>& taken) {
  if (taken.empty()) return Doc();
  json out = json::array();
  for (const auto& [object, c] : taken)
    out.push_back({{"object", object}, {"field", c.field}, {"manager", c.manager}});
  return Doc{std::move(out)};
}

std::vector<FieldConflict> taken_fields_of(const Doc& planned, const std::string& object) {
  std::vector<FieldConflict> out;
  const json& t = member(planned.json, "taken_fields");
  if (!t.is_array()) return out;
  for (const json& e : t)
    if (e.is_object() && (object.empty() || e.value("object", "") == object))
      out.push_back({e.value("field", ""), e.value("manager", "")});
  return out;
}

ManifestPlan plan_manifest(KubeRuntime& rt, const Doc& config_manifest,
                           const OwnershipSettings& settings, const Doc* recorded, bool creating) {
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
               ") is not served by the cluster yet; if a CustomResourceDefinition or an "
               "operator Subscription earlier in this plan provides it, it is known after "
               "apply: planned from config alone";
    } else {
      add_error(p.diags, e);
    }
    return p;
  }
  json live;
  json applied = mj;
  bool existed = false;
  // The dry run answers whether the object exists (200, or a conflict) at no extra cost; only
  // an existing object on a create is read, to see whether fedplan ever applied to it.
  if (!rt.ops.apply(where, *ref, mj, sens, settings.force, true, &live, &e, &existed)) {
    if (e.conflicts.empty()) {
      dry_run_failed(rt, where, e, p);
      return p;
    }
    // Drift never blocks: what others took is taken back (or left to them) by apply.
    p.taken = e.conflicts;
    p.left = split_left(p.taken, settings.leave_to);
    for (const FieldConflict& c : p.left) remove_field(applied, c.field);
    e = OpError();
    if (!rt.ops.apply(where, *ref, applied, sens, !p.taken.empty(), true, &live, &e)) {
      dry_run_failed(rt, where, e, p);
      return p;
    }
  }
  if (creating && existed) {
    OpError fe;
    if (!check_not_foreign(rt, where, *ref, settings.adopt, &fe)) {
      add_error(p.diags, fe);
      return p;
    }
    p.adopting = settings.adopt;
  }
  p.manifest = marked(project_manifest(live, applied), sens);
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
  ManifestPlan mp = plan_manifest(rt, m, ownership_settings(config),
                                  has_prior ? &prior_manifest : nullptr, !has_prior);
  r.diags.append(mp.diags);
  if (r.diags.has_errors()) return r;
  r.note = mp.note;
  std::string takeovers = takeover_note("", mp.taken, mp.left);
  if (!takeovers.empty()) r.note += (r.note.empty() ? "" : "\n") + takeovers;
  for (const ValuePath& p : mp.immutable) {
    if (!has_prior) break;  // a create cannot hit an immutable field
    r.requires_replace.push_back(p);
  }
  bool replacing = !r.requires_replace.empty();

  Doc planned{json::object()};
  planned.set("manifest", mp.manifest);
  for (const char* k : kObjectSettings) planned.set(k, config.at(k));
  // A create's adopt says whether it takes over an object found there ("will be adopted");
  // once recorded, the config's word.
  bool asked = bool_attr(config, "adopt");
  planned.set("adopt", has_prior || mp.adopting || !asked ? config.at("adopt") : Doc{json(false)});
  std::vector<std::pair<std::string, FieldConflict>> taken;
  for (const FieldConflict& c : mp.taken) taken.push_back({"", c});
  planned.set("taken_fields", taken_fields_doc(taken));
  if (has_prior && !replacing) {
    bool same = same_json(mp.manifest, prior_manifest) && mp.taken.empty();
    for (const char* k : kObjectSettings) same = same && equal_content(prior.at(k), planned.at(k));
    same = same && equal_content(prior.at("adopt"), planned.at("adopt"));
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

void validate_leave_fields_to(const Doc& config, Diagnostics& d) {
  Doc l = config.at("leave_fields_to");
  if (!l.wholly_known() || l.is_null()) return;
  bool ok = l.json.is_array();
  for (size_t i = 0; ok && i < l.json.size(); ++i)
    ok = l.json[i].is_string() && !l.json[i].get<std::string>().empty();
  if (!ok)
    d.error("Invalid leave_fields_to",
            "leave_fields_to must be a list of field manager names, for example "
            "[\"hpa-controller\", \"kubectl-scale\"].");
}

Diagnostics validate_object(const Doc& config) {
  Diagnostics d;
  validate_manifest(config.at("manifest"), "manifest", d);
  validate_leave_fields_to(config, d);
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

DocState apply_object(KubeRuntime& rt, const Doc& prior, bool deleting, const Doc& config,
                      const Doc& planned, bool resumed) {
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
  bool creating = prior.is_null();
  // A replace handed over as one change: the old object goes first.
  if (!prior.is_null()) {
    ObjectRef old;
    if (state_ref(prior.at("manifest"), member(prior.json, "object"), &old, &err) &&
        !same_target(old, *ref, rt.ops.client().access().default_namespace)) {
      if (!delete_state_object(rt, prior, r.diags, &r.retryable)) return r;
      r.set_state(Doc());
      creating = true;
    }
  }
  Located where;
  OpError e;
  if (!rt.ops.locate(*ref, true, &where, &e)) {
    add_error(r.diags, e);
    r.retryable = e.retryable;
    return r;
  }
  OwnershipSettings settings = ownership_settings(config);
  // The plan found nobody else's object here; check again, as it may have appeared since.
  // A create a killed run began may have made it: that one is fedplan's.
  if (creating && !resumed && !check_not_foreign(rt, where, *ref, settings.adopt, &e)) {
    add_error(r.diags, e);
    return r;
  }
  json live, applied;
  std::vector<FieldConflict> planned_taken = taken_fields_of(planned, "");
  if (!apply_owned(rt, where, *ref, mj, sens, settings,
                   planned.is_null() ? nullptr : &planned_taken, &live, &applied, &e)) {
    add_error(r.diags, e);
    r.retryable = e.retryable;
    return r;
  }
  auto state_of = [&](const json& obj) {
    ObjectView v = view_of(obj, applied, sens);
    Doc s{json::object()};
    s.set("manifest", std::move(v.manifest));
    s.set("object", std::move(v.object));
    s.set("uid", Doc{std::move(v.uid)});
    for (const char* k : kObjectSettings) s.set(k, config.at(k));
    s.set("adopt", config.at("adopt"));
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
