// Cluster reads and writes: get, list with selectors and paging, create, update, the three
// patch kinds and server-side apply, all through one commit path that keeps metadata honest.
#include "sandbox/cluster.h"
#include "sandbox/meta.h"

#include <set>

#include "base/base64.h"
#include "base/yaml_json.h"
#include "sandbox/kinds.h"
#include "sandbox/patch.h"
#include "sandbox/services.h"
#include "sandbox/ssa.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

std::string random_suffix(std::mt19937_64& rng) {
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string s;
  for (int i = 0; i < 5; ++i) s += alphabet[rng() % (sizeof alphabet - 1)];
  return s;
}

std::string str(const json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>()
                                                                      : std::string();
}

// Field selectors the API server supports beyond metadata.name and metadata.namespace.
bool field_supported(const ResourceType& t, const std::string& field) {
  if (field == "metadata.name" || field == "metadata.namespace") return true;
  if (!t.crd.empty()) return false;
  if (t.kind == "Namespace") return field == "status.phase";
  if (t.kind == "Secret") return field == "type";
  if (t.kind == "Node") return field == "spec.unschedulable";
  if (t.kind == "Event")
    return field.rfind("involvedObject.", 0) == 0 || field == "reason" || field == "type" ||
           field == "source" || field == "reportingComponent";
  return false;
}

// Everything but metadata and status: what bumps metadata.generation when it changes.
json spec_part(const json& obj) {
  json o = obj;
  o.erase("metadata");
  o.erase("status");
  return o;
}

json without_rv(const json& obj) {
  json o = obj;
  if (o.contains("metadata")) o["metadata"].erase("resourceVersion");
  return o;
}

}  // namespace

Cluster::Cluster(ClusterOptions options, Clock& clock)
    : options_(std::move(options)),
      clock_(clock),
      registry_(Registry::with_builtins()),
      rng_(options_.seed ? options_.seed : std::random_device{}()) {}

json Cluster::present(const ResourceType& t, const json& obj) const {
  json o = obj;
  o["apiVersion"] = t.api_version();
  o["kind"] = t.kind;
  return o;
}

const ResourceType* Cluster::storage_type_of(const json& obj) const {
  const ResourceType* t = registry_.find_kind(str(obj, "apiVersion"), str(obj, "kind"));
  if (!t) return nullptr;
  for (const ResourceType* s : registry_.storage_types())
    if (s->storage_key() == t->storage_key()) return s;
  return t;
}

const json* Cluster::find(const std::string& api_version, const std::string& kind,
                          const std::string& ns, const std::string& name) const {
  const ResourceType* t = registry_.find_kind(api_version, kind);
  if (!t) return nullptr;
  return store_.get(t->storage_key(), t->namespaced ? ns : "", name);
}

Outcome Cluster::get(const ResourceType& t, const std::string& ns, const std::string& name) const {
  const json* o = store_.get(t.storage_key(), t.namespaced ? ns : "", name);
  if (!o) return Outcome::fail(not_found(t, name));
  Outcome out;
  out.body = present(t, *o);
  return out;
}

Outcome Cluster::list(const ResourceType& t, const std::string& ns, const ListOptions& opts) const {
  for (const FieldRequirement& r : opts.fields.requirements)
    if (!field_supported(t, r.field))
      return Outcome::fail(bad_request("field label not supported: " + r.field));
  std::string after;
  if (!opts.continue_token.empty()) {
    json token;
    if (auto decoded = base64_decode(opts.continue_token))
      token = json::parse(*decoded, nullptr, false);
    if (!token.is_object() || !token.contains("start") || !token["start"].is_string())
      return Outcome::fail(
          bad_request("continue key is not valid: incorrect encoded start "
                      "resourceVersion (version meta.k8s.io/v1)"));
    after = token["start"].get<std::string>();
  }
  json items = json::array();
  size_t remaining = 0;
  std::string last;
  for (const json* o : store_.list(t.storage_key(), t.namespaced ? ns : "")) {
    const json& m = (*o)["metadata"];
    std::string key = str(m, "namespace") + "/" + str(m, "name");
    if (!after.empty() && key <= after) continue;
    if (!opts.labels.matches(get_object(m, "labels"))) continue;
    if (!opts.fields.matches(*o)) continue;
    if (opts.limit && items.size() >= opts.limit) {
      ++remaining;
      continue;
    }
    json item = t.crd.empty() ? *o : present(t, *o);
    if (t.crd.empty()) {
      item.erase("apiVersion");
      item.erase("kind");
    }
    items.push_back(std::move(item));
    last = key;
  }
  json meta = {{"resourceVersion", std::to_string(store_.resource_version())}};
  if (remaining) {
    json token = {{"v", "meta.k8s.io/v1"}, {"rv", store_.resource_version()}, {"start", last}};
    meta["continue"] = base64_encode(token.dump());
    meta["remainingItemCount"] = remaining;
  }
  Outcome out;
  out.body = {
      {"apiVersion", t.api_version()}, {"kind", t.list_kind}, {"metadata", meta}, {"items", items}};
  return out;
}

ApiError Cluster::check_body(const ResourceType& t, const std::string& ns, json& body,
                             TypeMeta defaults) const {
  if (!body.is_object())
    return bad_request("json: cannot unmarshal " + std::string(body.type_name()) +
                       " into Go value of type " + t.kind);
  // Built-in kinds decode into the endpoint's type, so kube-apiserver takes a body without
  // kind or apiVersion (typed clients send none); custom resources and apply patches need both.
  if (t.crd.empty() && defaults == TypeMeta::FromEndpoint) {
    if (str(body, "kind").empty()) body["kind"] = t.kind;
    if (str(body, "apiVersion").empty()) body["apiVersion"] = t.api_version();
  }
  std::string kind = str(body, "kind");
  std::string api_version = str(body, "apiVersion");
  if (kind.empty()) return bad_request("Object 'Kind' is missing in '" + body.dump() + "'");
  if (api_version.empty())
    return bad_request("Object 'apiVersion' is missing in '" + body.dump() + "'");
  if (api_version != t.api_version()) {
    const ResourceType* other = registry_.find_kind(api_version, kind);
    if (!other || other->storage_key() != t.storage_key())
      return bad_request("the API version in the data (" + api_version +
                         ") does not match the expected API version (" + t.api_version() + ")");
  }
  if (kind != t.kind)
    return bad_request("the kind in the data (" + kind + ") does not match the expected kind (" +
                       t.kind + ")");
  body["apiVersion"] = t.api_version();
  if (!body.contains("metadata") || body["metadata"].is_null()) body["metadata"] = json::object();
  if (!body["metadata"].is_object())
    return bad_request("json: cannot unmarshal " + std::string(body["metadata"].type_name()) +
                       " into Go struct field " + kind + ".metadata of type v1.ObjectMeta");
  std::string body_ns = str(body["metadata"], "namespace");
  if (t.namespaced && !body_ns.empty() && body_ns != ns)
    return bad_request(
        "the namespace of the provided object does not match the namespace sent on the request");
  return {};
}

ApiError Cluster::check_namespace(const ResourceType& t, const std::string& ns,
                                  const std::string& name) const {
  if (!t.namespaced) return {};
  const json* n = store_.get("/namespaces", "", ns);
  if (!n) return namespace_not_found(ns);
  if ((*n)["metadata"].contains("deletionTimestamp")) {
    ApiError e = forbidden(
        t, name,
        "unable to create new content in namespace " + ns + " because it is being terminated");
    e.details["causes"] = {{{"reason", "NamespaceTerminating"},
                            {"message", "namespace " + ns + " is being terminated"},
                            {"field", "metadata.namespace"}}};
    return e;
  }
  return {};
}

Outcome Cluster::create(const ResourceType& t, const std::string& ns, json body,
                        const WriteOptions& opts) {
  if (ApiError e = check_body(t, ns, body, TypeMeta::FromEndpoint); !e.ok())
    return Outcome::fail(e);
  json& m = body["metadata"];
  std::string name = str(m, "name");
  if (name.empty() && !str(m, "generateName").empty()) {
    for (int i = 0;
         i < 8 && (name.empty() || store_.get(t.storage_key(), t.namespaced ? ns : "", name)); ++i)
      name = str(m, "generateName") + random_suffix(rng_);
  }
  if (name.empty())
    return Outcome::fail(invalid(t, "", "metadata.name",
                                 "Required value: name or generateName is required",
                                 "FieldValueRequired"));
  if (ApiError e = check_namespace(t, ns, name); !e.ok()) return Outcome::fail(e);
  if (store_.get(t.storage_key(), t.namespaced ? ns : "", name))
    return Outcome::fail(already_exists(t, name));
  if (!str(m, "resourceVersion").empty())
    return Outcome::fail(bad_request("resourceVersion should not be set on objects to be created"));
  for (const char* f : {"uid", "creationTimestamp", "deletionTimestamp",
                        "deletionGracePeriodSeconds", "generation", "selfLink"})
    m.erase(f);
  prepare_create(t, body);
  return commit(t, ns, name, nullptr, std::move(body), opts, false);
}

Outcome Cluster::replace(const ResourceType& t, const std::string& ns, const std::string& name,
                         json body, const WriteOptions& opts) {
  if (ApiError e = check_body(t, ns, body, TypeMeta::FromEndpoint); !e.ok())
    return Outcome::fail(e);
  if (str(body["metadata"], "name").empty()) body["metadata"]["name"] = name;
  return update_from(t, ns, name, std::move(body), opts);
}

Outcome Cluster::update_from(const ResourceType& t, const std::string& ns, const std::string& name,
                             json next, const WriteOptions& opts) {
  const json* stored = store_.get(t.storage_key(), t.namespaced ? ns : "", name);
  if (!stored) return Outcome::fail(not_found(t, name));
  json live = *stored;
  if (ApiError e = check_body(t, ns, next, TypeMeta::Required); !e.ok()) return Outcome::fail(e);
  std::string body_name = str(next["metadata"], "name");
  if (body_name != name)
    return Outcome::fail(bad_request("the name of the object (" + body_name +
                                     ") does not match the name on the URL (" + name + ")"));
  std::string rv = str(next["metadata"], "resourceVersion");
  if (!rv.empty() && rv != str(live["metadata"], "resourceVersion"))
    return Outcome::fail(modified_conflict(t, name));
  if (opts.subresource == "status") {
    json status = next.contains("status") ? next["status"] : json(nullptr);
    json managed = next["metadata"].contains("managedFields") ? next["metadata"]["managedFields"]
                                                              : json(nullptr);
    next = live;
    if (status.is_null())
      next.erase("status");
    else
      next["status"] = status;
    if (!managed.is_null()) next["metadata"]["managedFields"] = managed;
  } else if (t.has_status) {
    if (live.contains("status"))
      next["status"] = live["status"];
    else
      next.erase("status");
  }
  return commit(t, ns, name, &live, std::move(next), opts, false);
}

Outcome Cluster::patch(const ResourceType& t, const std::string& ns, const std::string& name,
                       PatchKind kind, const std::string& body, const WriteOptions& opts) {
  if (kind == PatchKind::Apply) return apply(t, ns, name, body, opts);
  const json* stored = store_.get(t.storage_key(), t.namespaced ? ns : "", name);
  if (!stored) return Outcome::fail(not_found(t, name));
  json live = present(t, *stored);
  json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded())
    return Outcome::fail(bad_request("error decoding patch: invalid JSON in the patch body"));
  json next;
  switch (kind) {
    case PatchKind::Merge:
      if (!doc.is_object())
        return Outcome::fail(bad_request("json: cannot unmarshal " + std::string(doc.type_name()) +
                                         " into Go value of type map[string]interface {}"));
      next = live;
      next.merge_patch(doc);
      break;
    case PatchKind::Strategic:
      if (!t.crd.empty())
        return Outcome::fail(unsupported_media_type("application/strategic-merge-patch+json"));
      if (!doc.is_object())
        return Outcome::fail(bad_request("json: cannot unmarshal " + std::string(doc.type_name()) +
                                         " into Go value of type map[string]interface {}"));
      next = strategic_merge(live, doc, *t.schema);
      break;
    case PatchKind::Json: {
      std::string err;
      if (!json_patch(live, doc, &next, &err)) {
        ApiError e;
        e.code = 422;
        e.reason = "Invalid";
        e.message = "the server rejected our request due to an error in our request: " + err;
        return Outcome::fail(e);
      }
      break;
    }
    case PatchKind::Apply:
      break;
  }
  if (!next.is_object()) return Outcome::fail(bad_request("the patch did not produce an object"));
  return update_from(t, ns, name, std::move(next), opts);
}

Outcome Cluster::apply(const ResourceType& t, const std::string& ns, const std::string& name,
                       const std::string& body, const WriteOptions& opts) {
  if (opts.field_manager.empty()) {
    ApiError e;
    e.code = 422;
    e.reason = "Invalid";
    e.message =
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required "
        "for apply patch";
    e.details = {{"group", "meta.k8s.io"},
                 {"kind", "PatchOptions"},
                 {"causes",
                  {{{"reason", "FieldValueRequired"},
                    {"message", "Required value: is required for apply patch"},
                    {"field", "fieldManager"}}}}};
    return Outcome::fail(e);
  }
  // JSON is YAML, and what clients send (kubectl, client-go, fedplan); parsing it as JSON
  // first costs a fraction of the YAML parser's time.
  // Duplicate keys send it to the YAML parser, which reports them as Kubernetes does.
  YamlResult parsed;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '{') {
    std::vector<std::set<std::string>> keys;
    bool duplicate = false;
    json j = json::parse(
        body,
        [&](int, json::parse_event_t event, json& parsed_value) {
          if (event == json::parse_event_t::object_start) keys.emplace_back();
          if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
          if (event == json::parse_event_t::key && !keys.empty() &&
              !keys.back().insert(parsed_value.get<std::string>()).second)
            duplicate = true;
          return true;
        },
        false);
    if (!j.is_discarded() && !duplicate) parsed.docs.push_back(std::move(j));
  }
  if (parsed.docs.empty()) parsed = parse_yaml(body);
  if (!parsed.ok())
    return Outcome::fail(
        bad_request("error decoding YAML: error converting YAML to JSON: yaml: line " +
                    std::to_string(parsed.line) + ": " + parsed.error));
  if (parsed.docs.size() != 1 || !parsed.docs[0].is_object())
    return Outcome::fail(
        bad_request("error decoding YAML: the apply patch must be a single object"));
  json config = std::move(parsed.docs[0]);
  if (ApiError e = check_body(t, ns, config, TypeMeta::Required); !e.ok()) return Outcome::fail(e);
  json& m = config["metadata"];
  if (str(m, "name").empty()) m["name"] = name;
  if (str(m, "name") != name)
    return Outcome::fail(bad_request("the name of the object (" + str(m, "name") +
                                     ") does not match the name on the URL (" + name + ")"));
  if (m.contains("managedFields") && !m["managedFields"].is_null())
    return Outcome::fail(bad_request("metadata.managedFields must be nil"));
  if (t.namespaced) m["namespace"] = ns;
  const json* stored = store_.get(t.storage_key(), t.namespaced ? ns : "", name);
  std::string rv = str(m, "resourceVersion");
  if (!rv.empty() && (!stored || rv != str((*stored)["metadata"], "resourceVersion")))
    return Outcome::fail(stored ? modified_conflict(t, name) : not_found(t, name));
  m.erase("resourceVersion");
  if (!stored) {
    if (opts.subresource == "status") return Outcome::fail(not_found(t, name));
    if (ApiError e = check_namespace(t, ns, name); !e.ok()) return Outcome::fail(e);
  }
  if (opts.subresource == "status") {
    json status_only = {{"apiVersion", config["apiVersion"]},
                        {"kind", config["kind"]},
                        {"metadata", {{"name", name}}}};
    if (t.namespaced) status_only["metadata"]["namespace"] = ns;
    if (config.contains("status")) status_only["status"] = config["status"];
    config = std::move(status_only);
  } else if (t.has_status) {
    config.erase("status");
  }
  json live = stored ? present(t, *stored) : json(nullptr);
  ManagedRequest req;
  req.manager = opts.field_manager;
  req.api_version = t.api_version();
  req.subresource = opts.subresource;
  req.time = now_string();
  req.force = opts.force;
  ManagedResult r = fedplan::sandbox::apply(live, config, *t.schema, req);
  if (!r.error.empty())
    return Outcome::fail(bad_request("failed to create typed patch object (" + t.api_version() +
                                     ", Kind=" + t.kind + "): " + r.error));
  if (!r.conflicts.empty()) {
    ApiError e;
    e.code = 409;
    e.reason = "Conflict";
    e.message = conflict_message(r.conflicts);
    json causes = json::array();
    for (const Conflict& c : r.conflicts)
      causes.push_back({{"reason", "FieldManagerConflict"},
                        {"message", "conflict with " + describe_manager(c.manager)},
                        {"field", path_string(c.path)}});
    e.details = {{"causes", causes}};
    return Outcome::fail(e);
  }
  json next = std::move(r.object);
  json managed = write_managers(r.managers);
  if (!managed.empty()) next["metadata"]["managedFields"] = managed;
  if (!stored) {
    for (const char* f : {"uid", "creationTimestamp", "deletionTimestamp", "generation"})
      next["metadata"].erase(f);
    prepare_create(t, next);
    if (opts.subresource.empty() && t.has_status) next.erase("status");
  } else if (opts.subresource.empty() && t.has_status) {
    if (stored->contains("status"))
      next["status"] = (*stored)["status"];
    else
      next.erase("status");
  }
  return commit(t, ns, name, stored ? &live : nullptr, std::move(next), opts, true);
}

Outcome Cluster::commit(const ResourceType& t, const std::string& ns, const std::string& name,
                        const json* live, json next, const WriteOptions& opts, bool applied) {
  std::vector<std::string> warnings;
  if (ApiError e = check_unknown_fields(t, next, opts.field_validation, &warnings); !e.ok())
    return Outcome::fail(e);
  Outcome out = commit_known(t, ns, name, live, std::move(next), opts, applied);
  if (out.ok()) out.warnings = std::move(warnings);
  return out;
}

Outcome Cluster::commit_known(const ResourceType& type, const std::string& ns,
                              const std::string& name, const json* live, json next,
                              const WriteOptions& opts, bool applied) {
  // A copy: registering a CRD below replaces the registry `type` may point into.
  const ResourceType t = type;
  std::string now = now_string();
  next["apiVersion"] = t.api_version();
  next["kind"] = t.kind;
  json& m = next["metadata"];
  m["name"] = name;
  if (t.namespaced)
    m["namespace"] = ns;
  else
    m.erase("namespace");
  if (live) {
    const json& lm = (*live)["metadata"];
    for (const char* f : {"uid", "creationTimestamp", "deletionTimestamp",
                          "deletionGracePeriodSeconds", "generation"}) {
      if (lm.contains(f))
        m[f] = lm[f];
      else
        m.erase(f);
    }
  } else {
    m["uid"] = new_uid(rng_);
    m["creationTimestamp"] = now;
  }
  apply_defaults(t, next);
  if (ApiError e = validate_object(t, next, live); !e.ok()) return Outcome::fail(e);

  if (uses_generation(t)) {
    int64_t gen = live ? get_int((*live)["metadata"], "generation", int64_t{1}) : 1;
    if (live && spec_part(*live) != spec_part(next)) ++gen;
    m["generation"] = gen;
  } else {
    m.erase("generation");
  }

  if (!applied) {
    json incoming = m.contains("managedFields") ? m["managedFields"] : json(nullptr);
    json base = live ? *live : json(nullptr);
    bool reset = incoming == json::parse("[{}]");
    if (!reset && incoming.is_array() && !incoming.empty()) {
      std::vector<ManagerEntry> check;
      std::string err;
      if (!read_managers(incoming, &check, &err))
        return Outcome::fail(invalid(t, name, "metadata.managedFields", "Invalid value: " + err));
      if (base.is_object()) base["metadata"]["managedFields"] = incoming;
    }
    if (reset) {
      m.erase("managedFields");
    } else if (!live && incoming.is_array() && !incoming.empty()) {
      // A creator that sets managedFields itself keeps them as given.
    } else {
      ManagedRequest req;
      req.manager = opts.field_manager.empty() ? "unknown" : opts.field_manager;
      req.api_version = t.api_version();
      req.subresource = opts.subresource;
      req.time = now;
      ManagedResult r = update(base, next, *t.schema, req);
      if (!r.error.empty()) return Outcome::fail(bad_request(r.error));
      next = std::move(r.object);
      json managed = write_managers(r.managers);
      if (!managed.empty())
        next["metadata"]["managedFields"] = managed;
      else
        next["metadata"].erase("managedFields");
    }
  }

  if (t.group.empty() && t.kind == "Service")
    if (ApiError e = allocate_service(store_, t, next, live, rng_, options_.load_balancers);
        !e.ok())
      return Outcome::fail(e);
  if (opts.subresource != "status") derive_status(t, next, options_.name, now);

  if (t.kind == "CustomResourceDefinition") {
    Registry trial = registry_;
    std::string err;
    if (!trial.add_crd(next, &err))
      return Outcome::fail(invalid(t, name, "spec.names.plural", "Invalid value: " + err));
    if (!opts.dry_run) registry_ = std::move(trial);
  }

  // An object whose last finalizer is removed while it is being deleted goes away now.
  bool deleting = next["metadata"].contains("deletionTimestamp");
  bool finalizers = next["metadata"].contains("finalizers") &&
                    next["metadata"]["finalizers"].is_array() &&
                    !next["metadata"]["finalizers"].empty();
  if (live && deleting && !finalizers && t.kind != "Namespace") {
    if (!opts.dry_run) erase_object(t, *live);
    Outcome out;
    out.body = present(t, next);
    return out;
  }
  if (live && without_rv(*live) == without_rv(next)) {
    Outcome out;
    out.body = present(t, *live);
    return out;
  }
  Outcome out;
  out.code = live ? 200 : 201;
  if (opts.dry_run) {
    if (live)
      next["metadata"]["resourceVersion"] = (*live)["metadata"]["resourceVersion"];
    else
      next["metadata"].erase("resourceVersion");
    out.body = present(t, next);
    return out;
  }
  std::string key = t.storage_key();
  out.body = present(t, store_.put(key, t.namespaced ? ns : "", name, std::move(next)));
  return out;
}

Outcome Cluster::ensure(const json& obj, const std::string& manager) {
  const ResourceType* t = registry_.find_kind(str(obj, "apiVersion"), str(obj, "kind"));
  if (!t) return Outcome::fail(resource_not_found());
  const json& m = get_object(obj, "metadata");
  WriteOptions opts;
  opts.field_manager = manager;
  opts.force = true;
  return apply(*t, str(m, "namespace"), str(m, "name"), obj.dump(), opts);
}

Outcome Cluster::set_status(const json& obj, const json& status, const std::string& manager) {
  const ResourceType* t = registry_.find_kind(str(obj, "apiVersion"), str(obj, "kind"));
  if (!t) return Outcome::fail(resource_not_found());
  const json& m = obj["metadata"];
  const json* live =
      store_.get(t->storage_key(), t->namespaced ? str(m, "namespace") : "", str(m, "name"));
  if (!live) return Outcome::fail(not_found(*t, str(m, "name")));
  if (live->contains("status") && (*live)["status"] == status) {
    Outcome out;
    out.body = present(*t, *live);
    return out;
  }
  json next = present(*t, *live);
  next["status"] = status;
  next["metadata"].erase("resourceVersion");
  WriteOptions opts;
  opts.field_manager = manager;
  opts.subresource = "status";
  return update_from(*t, str(m, "namespace"), str(m, "name"), std::move(next), opts);
}

}  // namespace fedplan::sandbox
