// Cluster lifecycle: bootstrap objects, deletion with finalizers and propagation policies,
// namespace finalization, garbage collection of dependents, ticks and snapshots.
#include <map>
#include <set>

#include "sandbox/cluster.h"
#include "sandbox/kinds.h"
#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

bool has_finalizers(const json& obj) {
  const json& m = obj["metadata"];
  return m.contains("finalizers") && m["finalizers"].is_array() && !m["finalizers"].empty();
}

// Addresses of the sandbox's nodes: TEST-NET-3 (203.0.113.0/24), spread by cluster name so
// two sandboxes differ. Documentation addresses; nothing ever connects to them.
std::string node_ip(const std::string& cluster, int index) {
  unsigned h = 0;
  for (char c : cluster) h = h * 31 + static_cast<unsigned char>(c);
  int base = 10 + static_cast<int>(h % 200);
  return "203.0.113." + std::to_string((base + index) % 254 + 1);
}

}  // namespace

void Cluster::bootstrap() {
  WriteOptions opts;
  opts.field_manager = "fedplan-sandbox";
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    if (store_.get("/namespaces", "", ns)) continue;
    create(*registry_.find("", "v1", "namespaces"), "",
           {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}}, opts);
  }
  if (!store_.get("/services", "default", "kubernetes"))
    create(*registry_.find("", "v1", "services"), "default",
           {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata",
             {{"name", "kubernetes"},
              {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
            {"spec",
             {{"clusterIP", "10.96.0.1"},
              {"ports",
               {{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", 6443}}}}}}},
           opts);
  const ResourceType& node_type = *registry_.find("", "v1", "nodes");
  for (int i = 1; i <= options_.nodes; ++i) {
    std::string name = options_.name + "-node-" + std::to_string(i);
    if (store_.get("/nodes", "", name)) continue;
    json node = {{"apiVersion", "v1"},
                 {"kind", "Node"},
                 {"metadata",
                  {{"name", name},
                   {"labels",
                    {{"kubernetes.io/hostname", name},
                     {"kubernetes.io/os", "linux"},
                     {"kubernetes.io/arch", "amd64"},
                     {"node-role.kubernetes.io/worker", ""}}}}},
                 {"spec", json::object()}};
    if (i == 1) node["metadata"]["labels"]["node-role.kubernetes.io/control-plane"] = "";
    std::string now = now_string();
    node["status"] = {
        {"addresses",
         {{{"type", "InternalIP"}, {"address", node_ip(options_.name, i)}},
          {{"type", "Hostname"}, {"address", name}}}},
        {"capacity", {{"cpu", "4"}, {"memory", "16374584Ki"}, {"pods", "110"}}},
        {"allocatable", {{"cpu", "4"}, {"memory", "16272184Ki"}, {"pods", "110"}}},
        {"conditions",
         {{{"type", "Ready"},
           {"status", "True"},
           {"reason", "KubeletReady"},
           {"message", "kubelet is posting ready status (simulated by fedplan-sandbox)"},
           {"lastHeartbeatTime", now},
           {"lastTransitionTime", now}}}},
        {"nodeInfo",
         {{"kubeletVersion", "v1.31.0"},
          {"osImage", "fedplan-sandbox"},
          {"operatingSystem", "linux"},
          {"architecture", "amd64"},
          {"containerRuntimeVersion", "none://"},
          {"kernelVersion", ""},
          {"machineID", ""},
          {"systemUUID", ""},
          {"bootID", ""},
          {"kubeProxyVersion", ""}}}};
    create(node_type, "", node, opts);
  }
}

Outcome Cluster::remove(const ResourceType& t, const std::string& ns, const std::string& name,
                        const DeleteOptions& opts) {
  return delete_object(t, ns, name, opts);
}

Outcome Cluster::delete_object(const ResourceType& type, const std::string& ns,
                               const std::string& name, const DeleteOptions& opts) {
  // A copy: deleting a CRD unregisters the type `type` may point into.
  const ResourceType t = type;
  const json* stored = store_.get(t.storage_key(), t.namespaced ? ns : "", name);
  if (!stored) return Outcome::fail(not_found(t, name));
  json live = *stored;
  const json& m = live["metadata"];
  if (!opts.precondition_uid.empty() && opts.precondition_uid != get_string(m, "uid"))
    return Outcome::fail(
        conflict(t, name,
                 "Precondition failed: UID in precondition: " + opts.precondition_uid +
                     ", UID in object meta: " + get_string(m, "uid")));
  if (!opts.precondition_resource_version.empty() &&
      opts.precondition_resource_version != get_string(m, "resourceVersion"))
    return Outcome::fail(
        conflict(t, name,
                 "Precondition failed: ResourceVersion in precondition: " +
                     opts.precondition_resource_version +
                     ", ResourceVersion in object meta: " + get_string(m, "resourceVersion")));
  Outcome out;
  std::string now = now_string();
  if (t.kind == "Namespace" && t.group.empty()) {
    if (name == "default" || name == "kube-system" || name == "kube-public")
      return Outcome::fail(forbidden(t, name, "this namespace may not be deleted"));
    if (!m.contains("deletionTimestamp")) {
      live["metadata"]["deletionTimestamp"] = now;
      live["metadata"]["deletionGracePeriodSeconds"] = 0;
      live["status"]["phase"] = "Terminating";
      if (!opts.dry_run) {
        ns_deleting_since_[name] = clock_.now();
        out.body = present(t, store_.put(t.storage_key(), "", name, live));
        return out;
      }
    }
    out.body = present(t, live);
    return out;
  }
  if (m.contains("deletionTimestamp")) {
    out.body = present(t, live);
    return out;
  }
  json finalizers =
      m.contains("finalizers") && m["finalizers"].is_array() ? m["finalizers"] : json::array();
  std::string uid = get_string(m, "uid");
  if (opts.propagation == "Foreground" &&
      std::find(finalizers.begin(), finalizers.end(), "foregroundDeletion") == finalizers.end())
    finalizers.push_back("foregroundDeletion");
  if (opts.propagation == "Orphan" && !opts.dry_run) {
    // Dependents lose their reference to this owner and stay.
    for (const ResourceType* st : registry_.storage_types())
      for (const json* o : store_.list(st->storage_key(), "")) {
        const json& om = (*o)["metadata"];
        if (!om.contains("ownerReferences") || !om["ownerReferences"].is_array()) continue;
        json refs = json::array();
        for (const json& r : om["ownerReferences"])
          if (get_string(r, "uid") != uid) refs.push_back(r);
        if (refs.size() == om["ownerReferences"].size()) continue;
        json copy = *o;
        if (refs.empty())
          copy["metadata"].erase("ownerReferences");
        else
          copy["metadata"]["ownerReferences"] = refs;
        store_.put(st->storage_key(), get_string(om, "namespace"), get_string(om, "name"), copy);
      }
  }
  if (!finalizers.empty()) {
    live["metadata"]["finalizers"] = finalizers;
    live["metadata"]["deletionTimestamp"] = now;
    live["metadata"]["deletionGracePeriodSeconds"] = 0;
    if (opts.dry_run) {
      out.body = present(t, live);
      return out;
    }
    out.body = present(t, store_.put(t.storage_key(), t.namespaced ? ns : "", name, live));
    return out;
  }
  if (!opts.dry_run) erase_object(t, live);
  if (!t.crd.empty()) {
    out.body = present(t, live);
  } else {
    json details = {{"name", name}, {"kind", t.plural}, {"uid", uid}};
    if (!t.group.empty()) details["group"] = t.group;
    out.body = success_status(details);
  }
  return out;
}

Outcome Cluster::remove_collection(const ResourceType& t, const std::string& ns,
                                   const ListOptions& list_opts, const DeleteOptions& opts) {
  Outcome listed = list(t, ns, list_opts);
  if (!listed.ok()) return listed;
  json items = json::array();
  for (const json& item : listed.body["items"]) {
    const json& m = item["metadata"];
    Outcome d = delete_object(t, get_string(m, "namespace"), get_string(m, "name"), opts);
    if (d.ok()) items.push_back(item);
  }
  listed.body["items"] = items;
  return listed;
}

void Cluster::erase_object(const ResourceType& type, const json& obj) {
  const ResourceType t = type;
  const json& m = obj["metadata"];
  std::string name = get_string(m, "name");
  store_.erase(t.storage_key(), t.namespaced ? get_string(m, "namespace") : "", name);
  if (t.kind == "CustomResourceDefinition" && obj.contains("spec")) {
    std::string key =
        get_string(obj["spec"], "group") + "/" + get_string(obj["spec"]["names"], "plural");
    std::vector<std::pair<std::string, std::string>> victims;
    for (const json* o : store_.list(key, ""))
      victims.push_back(
          {get_string((*o)["metadata"], "namespace"), get_string((*o)["metadata"], "name")});
    for (const auto& [ns, n] : victims) store_.erase(key, ns, n);
    registry_.remove_crd(name);
  }
}

void Cluster::finalize_namespaces() {
  const ResourceType& ns_type = *registry_.find("", "v1", "namespaces");
  std::vector<std::string> terminating;
  for (const json* n : store_.list("/namespaces", ""))
    if ((*n)["metadata"].contains("deletionTimestamp"))
      terminating.push_back(get_string((*n)["metadata"], "name"));
  auto now = clock_.now();
  for (const std::string& ns : terminating) {
    auto since = ns_deleting_since_.find(ns);
    if (since == ns_deleting_since_.end()) since = ns_deleting_since_.emplace(ns, now).first;
    if (now - since->second < options_.namespace_delete_delay) continue;
    int remaining = 0;
    for (const ResourceType* st : registry_.storage_types()) {
      if (!st->namespaced) continue;
      std::vector<json> objs;
      for (const json* o : store_.list(st->storage_key(), ns)) objs.push_back(*o);
      for (json& o : objs) {
        if (has_finalizers(o)) {
          ++remaining;
          if (!o["metadata"].contains("deletionTimestamp")) {
            o["metadata"]["deletionTimestamp"] = now_string();
            o["metadata"]["deletionGracePeriodSeconds"] = 0;
            store_.put(st->storage_key(), ns, get_string(o["metadata"], "name"), o);
          }
        } else {
          erase_object(*st, o);
        }
      }
    }
    const json* n = store_.get("/namespaces", "", ns);
    if (!n) continue;
    json copy = *n;
    if (remaining > 0) {
      json cond = {{"type", "NamespaceFinalizersRemaining"},
                   {"status", "True"},
                   {"reason", "SomeFinalizersRemain"},
                   {"message", "Some content in the namespace has finalizers remaining"}};
      if (get_array(copy["status"], "conditions") != json::array({cond})) {
        copy["status"]["conditions"] = json::array({cond});
        store_.put("/namespaces", "", ns, copy);
      }
      continue;
    }
    copy["spec"]["finalizers"] = json::array();
    if (has_finalizers(copy)) {
      if (copy != *n) store_.put("/namespaces", "", ns, copy);
      continue;
    }
    erase_object(ns_type, copy);
    ns_deleting_since_.erase(ns);
  }
}

void Cluster::collect_garbage() {
  // Only writes that touch owners, finalizers or deletions can give this pass work.
  if (store_.gc_epoch() == gc_seen_epoch_) return;
  ++gc_passes_;
  // Owners that are alive, and owners being deleted in the foreground (their dependents go).
  // Only dependents and foreground owners are copied; everything else is just counted alive.
  std::set<std::string> alive, foreground;
  std::vector<std::pair<const ResourceType*, json>> dependents, fg_owners;
  for (const ResourceType* st : registry_.storage_types())
    for (const json* o : store_.list(st->storage_key(), "")) {
      const json& m = (*o)["metadata"];
      std::string uid = get_string(m, "uid");
      bool fg = m.contains("deletionTimestamp") && m.contains("finalizers") &&
                m["finalizers"].is_array() &&
                std::find(m["finalizers"].begin(), m["finalizers"].end(), "foregroundDeletion") !=
                    m["finalizers"].end();
      (fg ? foreground : alive).insert(uid);
      if (fg) fg_owners.push_back({st, *o});
      if (m.contains("ownerReferences") && m["ownerReferences"].is_array() &&
          !m["ownerReferences"].empty())
        dependents.push_back({st, *o});
    }
  // How many dependents each owner uid still has once this pass is done.
  std::map<std::string, int> dependents_left;
  bool erased = false;
  for (auto& [st, o] : dependents) {
    const json& m = o["metadata"];
    bool owned_by_alive = false;
    for (const json& r : m["ownerReferences"])
      if (alive.count(get_string(r, "uid"))) owned_by_alive = true;
    bool stays = true;
    if (!owned_by_alive) {
      if (has_finalizers(o)) {
        if (!m.contains("deletionTimestamp")) {
          json copy = o;
          copy["metadata"]["deletionTimestamp"] = now_string();
          store_.put(st->storage_key(), get_string(m, "namespace"), get_string(m, "name"), copy);
        }
      } else {
        erase_object(*st, o);
        stays = false;
        erased = true;
      }
    }
    if (stays)
      for (const json& r : m["ownerReferences"]) ++dependents_left[get_string(r, "uid")];
  }
  // Foreground owners whose dependents are gone lose their finalizer, and go if it was the last.
  for (auto& [st, o] : fg_owners) {
    const json& m = o["metadata"];
    if (dependents_left.count(get_string(m, "uid"))) continue;
    // A CRD erased above takes its instances along; skip owners that are already gone.
    if (!store_.get(st->storage_key(), st->namespaced ? get_string(m, "namespace") : "",
                    get_string(m, "name")))
      continue;
    json copy = o;
    json kept = json::array();
    for (const json& f : m["finalizers"])
      if (f != "foregroundDeletion") kept.push_back(f);
    if (kept.empty()) {
      erase_object(*st, copy);
      erased = true;
    } else {
      copy["metadata"]["finalizers"] = kept;
      store_.put(st->storage_key(), get_string(m, "namespace"), get_string(m, "name"), copy);
    }
  }
  // What this pass erased may have owned objects in turn (an IstioRevision owns istiod): the
  // next call makes another pass, so chains of owners go as in Kubernetes.
  if (!erased) gc_seen_epoch_ = store_.gc_epoch();
}

void Cluster::tick() {
  if (tick_depth_ > 0) return;
  ++tick_depth_;
  finalize_namespaces();
  collect_garbage();
  // By index: a controller may register another (OLM installing an operator's play).
  for (size_t i = 0; i < controllers_.size(); ++i) {
    std::shared_ptr<Controller> c = controllers_[i];
    c->reconcile(*this);
  }
  collect_garbage();
  --tick_depth_;
}

json Cluster::snapshot() const {
  json objects = json::array();
  // CRDs first so their kinds exist when the rest is read back.
  for (const json* o : store_.list("apiextensions.k8s.io/customresourcedefinitions", ""))
    objects.push_back(*o);
  for (const std::string& key : store_.keys()) {
    if (key == "apiextensions.k8s.io/customresourcedefinitions") continue;
    for (const json* o : store_.list(key, "")) objects.push_back(*o);
  }
  return {{"kind", "FedplanSandboxState"},
          {"version", 1},
          {"name", options_.name},
          {"resourceVersion", store_.resource_version()},
          {"objects", objects}};
}

bool Cluster::restore(const json& snap, std::string* err) {
  if (!snap.is_object() || get_string(snap, "kind") != "FedplanSandboxState" ||
      !snap.contains("objects") || !snap["objects"].is_array()) {
    *err = "not a fedplan-sandbox state file";
    return false;
  }
  for (const json& o : snap["objects"]) {
    if (!o.is_object() || !o.contains("metadata") || !o["metadata"].is_object()) {
      *err = "malformed object in state file";
      return false;
    }
    if (get_string(o, "kind") == "CustomResourceDefinition") {
      std::string e;
      if (!registry_.add_crd(o, &e)) {
        *err = "CRD " + get_string(o["metadata"], "name") + ": " + e;
        return false;
      }
    }
    const ResourceType* t = storage_type_of(o);
    if (!t) {
      *err = "unknown kind " + get_string(o, "apiVersion") + "/" + get_string(o, "kind") +
             " in state file";
      return false;
    }
    const json& m = o["metadata"];
    store_.load(t->storage_key(), t->namespaced ? get_string(m, "namespace") : "",
                get_string(m, "name"), o);
  }
  if (snap.contains("resourceVersion") && snap["resourceVersion"].is_number_unsigned())
    store_.set_resource_version(snap["resourceVersion"].get<uint64_t>());
  gc_seen_epoch_ = store_.gc_epoch() - 1;  // check what was loaded once
  return true;
}

}  // namespace fedplan::sandbox
