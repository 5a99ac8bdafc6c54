// kube_objects: plan, apply and delete of a list of manifests as one unit.
#include "providers/kube/objects_resource.h"

#include <algorithm>
#include <set>

#include "providers/kube/object_resource.h"
#include "providers/kube/values.h"

namespace fedplan::kube {

using nlohmann::json;

namespace {

const char* const kSettings[] = {"force_conflicts", "delete_timeout"};

void check_list(const Value& manifests, Diagnostics& d) {
  if (!manifests.known()) return;
  if (!manifests.is_sequence()) {
    d.error("Invalid manifests",
            "manifests must be a list of objects, got " + manifests.type_name() + ".");
    return;
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < manifests.elements().size(); ++i) {
    const Value& m = manifests.elements()[i];
    validate_manifest(m, "manifests[" + std::to_string(i) + "]", d);
    if (!m.wholly_known() || d.has_errors()) continue;
    std::string err;
    std::optional<ObjectRef> ref = ref_of(manifest_json(normalize_manifest(m)), &err);
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
  Value manifest;
  Value object;
};

std::vector<Element> elements_of(const Value& state, Diagnostics& diags) {
  std::vector<Element> out;
  Value ms = attr(state, "manifests");
  Value os = attr(state, "objects");
  if (!ms.known() || !ms.is_sequence()) return out;
  for (size_t i = 0; i < ms.elements().size(); ++i) {
    Element e;
    e.manifest = ms.elements()[i];
    e.object =
        os.known() && os.is_sequence() && i < os.elements().size() ? os.elements()[i] : Value();
    std::string err;
    if (!state_ref(e.manifest, e.object, &e.ref, &err)) {
      diags.error("Invalid recorded manifest", err);
      continue;
    }
    out.push_back(e);
  }
  return out;
}

Value state_from(const Value& config, const std::vector<Element>& elements) {
  ValueList ms, os;
  for (const Element& e : elements) {
    ms.push_back(e.manifest);
    os.push_back(e.object);
  }
  ValueMap s;
  s["manifests"] = Value::tuple(std::move(ms));
  s["objects"] = Value::tuple(std::move(os));
  for (const char* k : kSettings) s[k] = attr(config, k);
  return Value::object(std::move(s));
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

Diagnostics validate_objects(const Value& config) {
  Diagnostics d;
  check_list(attr(config, "manifests"), d);
  return d;
}

PlanResult plan_objects(KubeRuntime& rt, const PlanRequest& req) {
  PlanResult r;
  if (req.config.is_null()) return r;
  Value manifests = attr(req.config, "manifests");
  check_list(manifests, r.diags);
  if (r.diags.has_errors()) return r;
  ValueMap planned;
  for (const char* k : kSettings) planned[k] = attr(req.config, k);
  if (!manifests.known()) {
    planned["manifests"] = Value::unknown(ValueKind::Tuple);
    planned["objects"] = Value::unknown(ValueKind::Tuple);
    r.planned = Value::object(std::move(planned));
    return r;
  }
  bool force = attr_bool(req.config, "force_conflicts");
  ValueList out;
  std::set<std::string> notes;
  Value prior_manifests = attr(req.prior, "manifests");
  for (size_t i = 0; i < manifests.elements().size(); ++i) {
    const Value& m = manifests.elements()[i];
    const Value* recorded = prior_manifests.known() && prior_manifests.is_sequence() &&
                                    i < prior_manifests.elements().size()
                                ? &prior_manifests.elements()[i]
                                : nullptr;
    ManifestPlan mp = plan_manifest(rt, m, force, recorded);
    r.diags.append(mp.diags);
    if (!mp.note.empty() && notes.insert(mp.note).second)
      r.note += (r.note.empty() ? "" : "; ") + mp.note;
    // An immutable field in one element: that element is deleted and created again inside
    // this unit, so the unit itself is only updated.
    out.push_back(mp.manifest);
  }
  if (r.diags.has_errors()) return r;
  planned["manifests"] = Value::tuple(std::move(out));
  if (!req.prior.is_null()) {
    bool same = same_json(planned["manifests"], attr(req.prior, "manifests"));
    for (const char* k : kSettings) same = same && attr(req.prior, k).equal_content(planned[k]);
    if (same && planned["manifests"] == attr(req.prior, "manifests")) {
      r.planned = req.prior;
      return r;
    }
  }
  planned["objects"] = Value::unknown(ValueKind::Tuple);
  r.planned = Value::object(std::move(planned));
  return r;
}

ApplyResult apply_objects(KubeRuntime& rt, const ApplyRequest& req) {
  ApplyResult r;
  r.state = req.prior;
  std::string err;
  std::chrono::milliseconds timeout;
  const Value& settings = req.planned.is_null() ? req.prior : req.config;
  if (!delete_timeout_of(settings, rt.ops.tuning(), &timeout, &err)) {
    r.diags.error("Invalid delete_timeout", err);
    return r;
  }
  std::vector<Element> prior = elements_of(req.prior, r.diags);
  if (r.diags.has_errors()) return r;
  const std::string& default_ns = rt.ops.client().access().default_namespace;

  if (req.planned.is_null()) {
    // Delete in reverse order; what could not be deleted stays in the state.
    while (!prior.empty()) {
      if (!delete_element(rt, prior.back(), timeout, r.diags, &r.retryable)) {
        r.state = state_from(req.prior, prior);
        return r;
      }
      prior.pop_back();
    }
    r.state = Value();
    return r;
  }

  Value manifests = attr(req.config, "manifests");
  if (!manifests.wholly_known() || !manifests.is_sequence()) {
    r.diags.error("Manifests not known at apply", "Every value of manifests must be known.");
    return r;
  }
  std::vector<json> mjs;
  std::vector<std::vector<ValuePath>> sens;
  std::vector<ObjectRef> refs;
  for (const Value& m : manifests.elements()) {
    Value n = normalize_manifest(m);
    mjs.push_back(manifest_json(n));
    sens.push_back(sensitive_paths(n));
    std::optional<ObjectRef> ref = ref_of(mjs.back(), &err);
    if (!ref) {
      r.diags.error("Invalid manifest", err);
      return r;
    }
    refs.push_back(*ref);
  }
  bool force = attr_bool(req.config, "force_conflicts");
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
    return state_from(req.config, all);
  };
  for (size_t i : apply_order(mjs)) {
    Located where;
    OpError e;
    json live;
    if (!rt.ops.locate(refs[i], true, &where, &e) ||
        !rt.ops.apply(where, refs[i], mjs[i], force, false, &live, &e)) {
      if (!e.immutable_fields.empty()) {
        // Replace this element inside the unit: delete it, then apply again.
        Element old{refs[i], Value(), Value()};
        if (delete_element(rt, old, timeout, r.diags, &r.retryable) &&
            rt.ops.apply(where, refs[i], mjs[i], force, false, &live, &e)) {
          e = OpError();
        }
      }
      if (!e.summary.empty()) {
        r.diags.error(e.summary, e.detail);
        r.retryable = e.retryable;
        r.state = current_state();
        return r;
      }
      if (r.diags.has_errors()) {
        r.state = current_state();
        return r;
      }
    }
    ObjectView v = view_of(live, mjs[i], sens[i]);
    applied[i] = Element{refs[i], v.manifest, v.object};
  }
  // Objects no longer listed are deleted, last first.
  for (size_t k = prior.size(); k-- > 0;) {
    bool kept = false;
    for (const ObjectRef& ref : refs) kept = kept || same_object(ref, prior[k].ref, default_ns);
    if (kept) continue;
    if (!delete_element(rt, prior[k], timeout, r.diags, &r.retryable)) {
      prior.resize(k + 1);
      r.state = current_state();
      return r;
    }
    prior.erase(prior.begin() + static_cast<long>(k));
  }
  prior.clear();
  r.state = current_state();
  return r;
}

}  // namespace fedplan::kube
