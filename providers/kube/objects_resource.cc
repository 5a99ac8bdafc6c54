// kube_objects: plan, apply and delete of a list of manifests as one unit.
#include "providers/kube/objects_resource.h"

#include <algorithm>
#include <set>

#include "providers/kube/object_resource.h"
#include "providers/kube/projection.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

const char* const kObjectsSettings[] = {"force_conflicts", "delete_timeout", "adopt",
                                        "leave_fields_to"};

void check_list(const Doc& manifests, Diagnostics& d) {
  if (!manifests.known()) return;
  if (!manifests.json.is_array()) {
    d.error("Invalid manifests",
            "manifests must be a list of objects, got " + json_type_name(manifests.json) + ".");
    return;
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < manifests.json.size(); ++i) {
    Doc m = manifests.at(i);
    validate_manifest(m, "manifests[" + std::to_string(i) + "]", d);
    if (!m.wholly_known() || d.has_errors()) continue;
    std::string err;
    std::optional<ObjectRef> ref = ref_of(strip_nulls(m.json), &err);
    if (ref && !ids.insert(ref->id()).second)
      d.error("Duplicate object in manifests", "manifests[" + std::to_string(i) + "] is " +
                                                   ref->display() +
                                                   " again; each object may appear once.");
  }
}

// Apply order: namespaces, then CRDs, then everything else, each group in list order.
std::vector<size_t> apply_order(const std::vector<json>& manifests) {
  auto rank = [](const json& m) {
    std::string kind = m.value("kind", "");
    if (kind == "Namespace") return 0;
    if (kind == "CustomResourceDefinition") return 1;
    return 2;
  };
  std::vector<size_t> order(manifests.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rank(manifests[a]) < rank(manifests[b]); });
  return order;
}

// One element of a kube_objects state.
struct Element {
  ObjectRef ref;
  Doc manifest;
  Doc object;
};

std::vector<Element> elements_of(const Doc& state, Diagnostics& diags) {
  std::vector<Element> out;
  Doc ms = state.at("manifests");
  Doc os = state.at("objects");
  if (!ms.json.is_array()) return out;  // (an unknown list is null here)
  for (size_t i = 0; i < ms.json.size(); ++i) {
    Element e;
    e.manifest = ms.at(i);
    e.object = os.at(i);
    std::string err;
    if (!state_ref(e.manifest, e.object.json, &e.ref, &err)) {
      diags.error("Invalid recorded manifest", err);
      continue;
    }
    out.push_back(e);
  }
  return out;
}

Doc state_from(const Doc& config, const std::vector<Element>& elements) {
  Doc ms{json::array()}, os{json::array()};
  for (const Element& e : elements) {
    ms.push_back(e.manifest);
    os.push_back(e.object);
  }
  Doc s{json::object()};
  s.set("manifests", std::move(ms));
  s.set("objects", std::move(os));
  for (const char* k : kObjectsSettings) s.set(k, config.at(k));
  return s;
}

bool delete_element(KubeRuntime& rt, const Element& e, std::chrono::milliseconds timeout,
                    Diagnostics& diags, bool* retryable) {
  Located where;
  OpError err;
  if (!rt.ops.locate(e.ref, false, &where, &err)) {
    if (err.missing_kind) return true;
    diags.error(err.summary, err.detail);
    *retryable = err.retryable;
    return false;
  }
  if (!rt.ops.remove(where, e.ref, timeout, &err)) {
    diags.error(err.summary, err.detail);
    *retryable = err.retryable;
    return false;
  }
  return true;
}

bool same_object(const ObjectRef& a, const ObjectRef& b, const std::string& default_ns) {
  auto ns = [&](const ObjectRef& r) { return r.ns.empty() ? default_ns : r.ns; };
  return a.api_version == b.api_version && a.kind == b.kind && a.name == b.name && ns(a) == ns(b);
}

}  // namespace

Diagnostics validate_objects(const Doc& config) {
  Diagnostics d;
  check_list(config.at("manifests"), d);
  validate_leave_fields_to(config, d);
  return d;
}

DocPlan plan_objects(KubeRuntime& rt, const Doc& prior, const Doc& config) {
  DocPlan r;
  if (config.is_null()) return r;
  Doc manifests = config.at("manifests");
  check_list(manifests, r.diags);
  if (r.diags.has_errors()) return r;
  Doc planned{json::object()};
  for (const char* k : kObjectsSettings) planned.set(k, config.at(k));
  if (!manifests.known()) {
    planned.set("manifests", Doc::unknown_value(ValueKind::Tuple));
    planned.set("objects", Doc::unknown_value(ValueKind::Tuple));
    r.planned = std::move(planned);
    return r;
  }
  OwnershipSettings settings = ownership_settings(config);
  Doc out{json::array()};
  std::set<std::string> notes;
  Doc prior_manifests = prior.at("manifests");
  Diagnostics ignored;  // a bad record is reported by apply; here it only is not "recorded"
  std::vector<Element> recorded_elements = elements_of(prior, ignored);
  const std::string& default_ns = rt.ops.client().access().default_namespace;
  std::vector<std::pair<std::string, FieldConflict>> taken;
  std::string takeovers;
  bool adopting = false;
  for (size_t i = 0; i < manifests.json.size(); ++i) {
    Doc recorded = prior_manifests.at(i);
    bool has_recorded = prior_manifests.json.is_array() && i < prior_manifests.json.size();
    // An element no record names is a create: one found existing must be fedplan's.
    std::string err;
    std::optional<ObjectRef> ref = ref_of(strip_nulls(manifests.at(i).json), &err);
    bool creating = true;
    for (const Element& e : recorded_elements)
      creating = creating && !(ref && same_object(e.ref, *ref, default_ns));
    ManifestPlan mp =
        plan_manifest(rt, manifests.at(i), settings, has_recorded ? &recorded : nullptr, creating);
    r.diags.append(mp.diags);
    if (!mp.note.empty() && notes.insert(mp.note).second)
      r.note += (r.note.empty() ? "" : "; ") + mp.note;
    adopting = adopting || mp.adopting;
    std::string id = ref ? ref->id() : "";
    for (const FieldConflict& c : mp.taken) taken.push_back({id, c});
    std::string t = takeover_note(ref ? ref->display() : "", mp.taken, mp.left);
    if (!t.empty()) takeovers += (takeovers.empty() ? "" : "\n") + t;
    // An immutable field in one element: that element is deleted and created again inside
    // this unit, so the unit itself is only updated.
    out.push_back(std::move(mp.manifest));
  }
  if (r.diags.has_errors()) return r;
  if (!takeovers.empty()) r.note += (r.note.empty() ? "" : "\n") + takeovers;
  planned.set("taken_fields", taken_fields_doc(taken));
  // As for kube_object: a create's adopt says whether it takes over an object found there.
  if (prior.is_null() && !adopting && bool_attr(config, "adopt"))
    planned.set("adopt", Doc{json(false)});
  if (!prior.is_null()) {
    bool same = same_json(out, prior_manifests) && taken.empty();
    for (const char* k : kObjectsSettings) same = same && equal_content(prior.at(k), planned.at(k));
    if (same && same_doc(out, prior_manifests)) {
      r.keep_prior = true;
      return r;
    }
  }
  planned.set("manifests", std::move(out));
  planned.set("objects", Doc::unknown_value(ValueKind::Tuple));
  r.planned = std::move(planned);
  return r;
}

DocState apply_objects(KubeRuntime& rt, const Doc& prior_state, bool deleting, const Doc& config,
                       const Doc& planned, bool resumed) {
  DocState r;
  r.keep_prior = true;
  std::string err;
  std::chrono::milliseconds timeout;
  const Doc& settings = deleting ? prior_state : config;
  if (!delete_timeout_of(settings, rt.ops.tuning(), &timeout, &err)) {
    r.diags.error("Invalid delete_timeout", err);
    return r;
  }
  std::vector<Element> prior = elements_of(prior_state, r.diags);
  if (r.diags.has_errors()) return r;
  const std::string& default_ns = rt.ops.client().access().default_namespace;

  if (deleting) {
    // Delete in reverse order; what could not be deleted stays in the state.
    while (!prior.empty()) {
      if (!delete_element(rt, prior.back(), timeout, r.diags, &r.retryable)) {
        r.set_state(state_from(prior_state, prior));
        return r;
      }
      prior.pop_back();
    }
    r.set_state(Doc());
    return r;
  }

  Doc manifests = config.at("manifests");
  if (!manifests.wholly_known() || !manifests.json.is_array()) {
    r.diags.error("Manifests not known at apply", "Every value of manifests must be known.");
    return r;
  }
  std::vector<json> mjs;
  std::vector<std::vector<ValuePath>> sens;
  std::vector<ObjectRef> refs;
  for (size_t i = 0; i < manifests.json.size(); ++i) {
    Doc n = normalize_manifest(manifests.at(i));
    mjs.push_back(n.json);
    sens.push_back(sensitive_paths(n));
    std::optional<ObjectRef> ref = ref_of(mjs.back(), &err);
    if (!ref) {
      r.diags.error("Invalid manifest", err);
      return r;
    }
    refs.push_back(*ref);
  }
  OwnershipSettings owner = ownership_settings(config);
  std::vector<std::optional<Element>> applied(mjs.size());
  auto current_state = [&]() {
    std::vector<Element> all;
    for (const auto& a : applied)
      if (a) all.push_back(*a);
    for (const Element& p : prior) {
      bool covered = false;
      for (const Element& a : all) covered = covered || same_object(a.ref, p.ref, default_ns);
      if (!covered) all.push_back(p);
    }
    return state_from(config, all);
  };
  for (size_t i : apply_order(mjs)) {
    Located where;
    OpError e;
    json live;
    json used = mjs[i];
    // An element no record names is created: it must not land on someone else's object (a
    // killed run's create is fedplan's own: resumed).
    bool recorded = false;
    for (const Element& p : prior) recorded = recorded || same_object(p.ref, refs[i], default_ns);
    std::vector<FieldConflict> planned_taken = taken_fields_of(planned, refs[i].id());
    if (!rt.ops.locate(refs[i], true, &where, &e) ||
        (!recorded && !resumed && !check_not_foreign(rt, where, refs[i], owner.adopt, &e)) ||
        !apply_owned(rt, where, refs[i], mjs[i], sens[i], owner,
                     planned.is_null() ? nullptr : &planned_taken, &live, &used, &e)) {
      if (!e.immutable_fields.empty()) {
        // Replace this element inside the unit: delete it, then apply again.
        Element old{refs[i], Doc(), Doc()};
        if (delete_element(rt, old, timeout, r.diags, &r.retryable) &&
            rt.ops.apply(where, refs[i], used, sens[i], owner.force, false, &live, &e)) {
          e = OpError();
        }
      }
      if (!e.summary.empty()) {
        r.diags.error(e.summary, e.detail);
        r.retryable = e.retryable;
        r.set_state(current_state());
        return r;
      }
      if (r.diags.has_errors()) {
        r.set_state(current_state());
        return r;
      }
    }
    ObjectView v = view_of(live, used, sens[i]);
    applied[i] = Element{refs[i], v.manifest, v.object};
  }
  // Objects no longer listed are deleted, last first.
  for (size_t k = prior.size(); k-- > 0;) {
    bool kept = false;
    for (const ObjectRef& ref : refs) kept = kept || same_object(ref, prior[k].ref, default_ns);
    if (kept) continue;
    if (!delete_element(rt, prior[k], timeout, r.diags, &r.retryable)) {
      prior.resize(k + 1);
      r.set_state(current_state());
      return r;
    }
    prior.erase(prior.begin() + static_cast<long>(k));
  }
  prior.clear();
  r.set_state(current_state());
  return r;
}

}  // namespace fedplan::kube
