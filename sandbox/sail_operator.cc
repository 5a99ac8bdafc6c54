// The Sail operator play: Istio -> IstioRevision -> istiod objects (ServiceAccounts,
// Deployment, Service, mesh and injector ConfigMaps, root CA), IstioCNI and ZTunnel, with the
// status conditions and states the real operator reports. Nothing runs; readiness is timed.
#include "sandbox/sail_operator.h"

#include "base/base64.h"
#include "base/certs.h"
#include "sandbox/istio_gateways.h"
#include "sandbox/mesh_crds.h"
#include "sandbox/meta.h"
#include "sandbox/operator_util.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

const char* const kSailManager = "sail-operator";
const char* const kApiVersion = "sailoperator.io/v1";
const char* const kRevisions = "sailoperator.io/istiorevisions";

std::string name_of(const json& obj) {
  return get_string(get_object(obj, "metadata"), "name");
}

std::string uid_of(const json& obj) {
  return get_string(get_object(obj, "metadata"), "uid");
}

// A value under a path of object keys ("global", "meshID"), "" when absent or not a string.
std::string value_at(const json& values, std::initializer_list<const char*> path) {
  const json* v = &values;
  for (const char* k : path) {
    if (!v->is_object() || !v->contains(k)) return "";
    v = &(*v)[k];
  }
  return v->is_string() ? v->get<std::string>() : "";
}

// A condition as the Sail operator writes it: no reason or message when it holds.
json sail_condition(const json& old_status, const std::string& type, bool ok,
                    const std::string& reason, const std::string& message, const std::string& now) {
  json c = condition(old_status, type, ok, ok ? "" : reason, ok ? "" : message, now);
  if (ok) {
    c.erase("reason");
    c.erase("message");
  }
  return c;
}

bool namespace_live(Cluster& c, const std::string& ns) {
  const json* n = c.find("v1", "Namespace", "", ns);
  return n && !(*n)["metadata"].contains("deletionTimestamp");
}

// Namespaces whose workloads this revision injects: istio.io/rev=REV, or for the revision
// named "default" also istio-injection=enabled.
std::vector<std::string> namespaces_using(Cluster& c, const std::string& rev) {
  std::vector<std::string> out;
  for (const json* n : c.store().list("/namespaces", "")) {
    const json& labels = get_object((*n)["metadata"], "labels");
    bool uses = get_string(labels, "istio.io/rev") == rev ||
                (rev == "default" && get_string(labels, "istio-injection") == "enabled" &&
                 !labels.contains("istio.io/rev"));
    if (uses) out.push_back(get_string((*n)["metadata"], "name"));
  }
  return out;
}

// The mesh's root certificate: the plugged-in `cacerts` Secret's root-cert.pem when there is
// one, else istiod's self-signed `istio-ca-secret` (made here on first need).
std::string root_cert(Cluster& c, const std::string& ns, const json& owner,
                      const std::string& trust_domain) {
  if (const json* cacerts = c.find("v1", "Secret", ns, "cacerts")) {
    std::string root =
        base64_decode(get_string(get_object(*cacerts, "data"), "root-cert.pem")).value_or("");
    if (!root.empty()) return root;
  }
  if (const json* own = c.find("v1", "Secret", ns, "istio-ca-secret"))
    return base64_decode(get_string(get_object(*own, "data"), "ca-cert.pem")).value_or("");
  CertKey ca;
  std::string err;
  if (!make_ca("", trust_domain, 3650, KeyType::Rsa2048, &ca, &err)) return "";
  c.ensure(
      {{"apiVersion", "v1"},
       {"kind", "Secret"},
       {"metadata",
        {{"name", "istio-ca-secret"}, {"namespace", ns}, {"ownerReferences", {owner_ref(owner)}}}},
       {"type", "istio.io/ca-root"},
       {"data",
        {{"ca-cert.pem", base64_encode(ca.cert_pem)},
         {"ca-key.pem", base64_encode(ca.key_pem)},
         {"cert-chain.pem", ""},
         {"key.pem", ""},
         {"root-cert.pem", ""}}}},
      kSailManager);
  return ca.cert_pem;
}

json root_cert_map(const std::string& ns, const std::string& root) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata",
           {{"name", "istio-ca-root-cert"},
            {"namespace", ns},
            {"labels", {{"istio.io/config", "true"}}}}},
          {"data", {{"root-cert.pem", root}}}};
}

// The mesh configuration istiod reads (ConfigMap istio[-REV], key `mesh`), as YAML.
std::string mesh_config(const std::string& mesh_id, const std::string& trust_domain,
                        const std::string& discovery) {
  return "defaultConfig:\n  discoveryAddress: " + discovery + "\n  meshId: " + mesh_id +
         "\n  proxyMetadata: {}\n  tracing: {}\nenablePrometheusMerge: true\nrootNamespace: "
         "istio-system\ntrustDomain: " +
         trust_domain + "\n";
}

json istiod_service(const std::string& name, const std::string& ns, const std::string& rev,
                    const json& owner) {
  auto port = [](const char* n, int p, int target) {
    return json{{"name", n}, {"port", p}, {"protocol", "TCP"}, {"targetPort", target}};
  };
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata",
           {{"name", name},
            {"namespace", ns},
            {"labels", {{"app", "istiod"}, {"istio", "pilot"}, {"istio.io/rev", rev}}},
            {"ownerReferences", {owner_ref(owner)}}}},
          {"spec",
           {{"type", "ClusterIP"},
            {"selector", {{"app", "istiod"}, {"istio.io/rev", rev}}},
            {"ports",
             {port("grpc-xds", 15010, 15010), port("https-dns", 15012, 15012),
              port("https-webhook", 443, 15017), port("http-monitoring", 15014, 15014)}}}}};
}

json istiod_deployment(const std::string& name, const std::string& ns, const std::string& rev,
                       const std::string& version, const std::string& cluster_id,
                       const json& owner) {
  json labels = {{"app", "istiod"}, {"istio", "pilot"}, {"istio.io/rev", rev}};
  json pod_labels = labels;
  pod_labels["sidecar.istio.io/inject"] = "false";
  std::string tag = version.starts_with("v") ? version.substr(1) : version;
  json container = {{"name", "discovery"}, {"image", "docker.io/istio/pilot:" + tag}};
  container["env"] = {{{"name", "REVISION"}, {"value", rev}},
                      {{"name", "CLUSTER_ID"}, {"value", cluster_id}},
                      {{"name", "PILOT_ENABLE_GATEWAY_API"}, {"value", "true"}}};
  container["ports"] = json::array();
  for (int port : {8080, 15010, 15017})
    container["ports"].push_back({{"containerPort", port}, {"protocol", "TCP"}});
  json pod = {{"serviceAccountName", name}, {"containers", json::array({container})}};
  json spec = {{"replicas", 1},
               {"selector", {{"matchLabels", {{"app", "istiod"}, {"istio.io/rev", rev}}}}}};
  spec["template"] = {{"metadata", {{"labels", pod_labels}}}, {"spec", pod}};
  json d = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"spec", spec}};
  d["metadata"] = {{"name", name},
                   {"namespace", ns},
                   {"labels", labels},
                   {"ownerReferences", {owner_ref(owner)}}};
  return d;
}

json service_account(const std::string& name, const std::string& ns, const json& owner) {
  return {
      {"apiVersion", "v1"},
      {"kind", "ServiceAccount"},
      {"metadata", {{"name", name}, {"namespace", ns}, {"ownerReferences", {owner_ref(owner)}}}}};
}

}  // namespace

std::string revision_name(const json& istio, const std::string& default_version) {
  const json& spec = get_object(istio, "spec");
  std::string name = name_of(istio);
  if (get_string(get_object(spec, "updateStrategy"), "type", "InPlace") != "RevisionBased")
    return name;
  std::string version = get_string(spec, "version", default_version);
  for (char& ch : version)
    if (ch == '.') ch = '-';
  return name + "-" + version;
}

std::string istiod_name(const std::string& revision) {
  return revision == "default" ? "istiod" : "istiod-" + revision;
}

void SailOperator::reconcile(Cluster& c) {
  if (c.store().resource_version() == seen_rv_ && !waiting_) return;
  waiting_ = false;
  std::vector<json> istios = live_objects(c, "sailoperator.io/istios");
  for (const json& i : istios) istio(c, i);
  for (const json& r : live_objects(c, kRevisions)) revision(c, r);
  for (const json& i : live_objects(c, "sailoperator.io/istios")) istio_status(c, i);
  for (const json& x : live_objects(c, "sailoperator.io/istiocnis")) component(c, x, "istio-cni");
  for (const json& x : live_objects(c, "sailoperator.io/ztunnels")) component(c, x, "ztunnel");
  seen_rv_ = c.store().resource_version();
}

bool SailOperator::ready_after_delay(Cluster& c, const json& obj) {
  auto seen = first_seen_.emplace(uid_of(obj), c.clock().now()).first->second;
  bool ready = condition_true(obj, "Ready") || c.clock().now() - seen >= options_.ready_delay;
  if (!ready) waiting_ = true;
  return ready;
}

// An Istio makes its active IstioRevision; with RevisionBased, older revisions it owns go once
// no namespace uses them.
void SailOperator::istio(Cluster& c, const json& istio) {
  const json& spec = get_object(istio, "spec");
  std::string ns = get_string(spec, "namespace", "istio-system");
  std::string version = get_string(spec, "version", options_.default_version);
  std::string rev = revision_name(istio, options_.default_version);
  json values = get_object(spec, "values");
  if (rev != "default") values["revision"] = rev;
  values["global"]["istioNamespace"] = ns;
  if (spec.contains("profile")) values["profile"] = spec["profile"];
  c.ensure({{"apiVersion", kApiVersion},
            {"kind", "IstioRevision"},
            {"metadata", {{"name", rev}, {"ownerReferences", {owner_ref(istio)}}}},
            {"spec", {{"version", version}, {"namespace", ns}, {"values", values}}}},
           kSailManager);
  const ResourceType* t = c.registry().find_kind(kApiVersion, "IstioRevision");
  for (const json& r : live_objects(c, kRevisions)) {
    std::string name = name_of(r);
    bool owned = false;
    for (const json& o : get_array(get_object(r, "metadata"), "ownerReferences"))
      owned = owned || get_string(o, "uid") == uid_of(istio);
    if (owned && name != rev && namespaces_using(c, name).empty() && t)
      c.remove(*t, "", name, DeleteOptions{});
  }
}

void SailOperator::istio_status(Cluster& c, const json& istio) {
  std::string now = c.now_string();
  std::string rev = revision_name(istio, options_.default_version);
  int64_t total = 0, ready = 0, in_use = 0;
  const json* active = nullptr;
  for (const json* r : c.store().list(kRevisions, "")) {
    bool owned = false;
    for (const json& o : get_array(get_object(*r, "metadata"), "ownerReferences"))
      owned = owned || get_string(o, "uid") == uid_of(istio);
    if (!owned) continue;
    ++total;
    if (condition_true(*r, "Ready")) ++ready;
    if (condition_true(*r, "InUse")) ++in_use;
    if (name_of(*r) == rev) active = r;
  }
  const json& old = get_object(istio, "status");
  bool reconciled = active && condition_true(*active, "Reconciled");
  bool is_ready = active && condition_true(*active, "Ready");
  std::string state = !active       ? "ActiveRevisionNotFound"
                      : !reconciled ? "ReconcileError"
                      : !is_ready   ? "IstiodNotReady"
                                    : "Healthy";
  json status = {
      {"observedGeneration", get_int(istio["metadata"], "generation", 1)},
      {"conditions",
       {sail_condition(old, "Reconciled", reconciled, "ReconcileError",
                       active ? "the active revision could not be reconciled"
                              : "active IstioRevision not found",
                       now),
        sail_condition(old, "Ready", is_ready, active ? "IstiodNotReady" : "ActiveRevisionNotFound",
                       "active revision is not ready", now)}},
      {"state", state},
      {"activeRevisionName", rev},
      {"revisions", {{"total", total}, {"ready", ready}, {"inUse", in_use}}}};
  c.set_status(istio, status, kSailManager);
}

// A revision installs istiod in its namespace: what the istiod Helm chart would create that
// clients look at, the mesh's root CA, and istio-ca-root-cert where workloads will run.
void SailOperator::revision(Cluster& c, const json& rev) {
  const json& spec = get_object(rev, "spec");
  std::string name = name_of(rev), now = c.now_string();
  std::string ns = get_string(spec, "namespace", "istio-system");
  const json& values = get_object(spec, "values");
  const json& old = get_object(rev, "status");
  std::vector<std::string> users = namespaces_using(c, name);
  json in_use = users.empty() ? condition(old, "InUse", false, "NotReferencedByAnything",
                                          "Not referenced by any pod or namespace", now)
                              : condition(old, "InUse", true, "ReferencedByWorkloads",
                                          "Referenced by at least one pod or namespace", now);
  if (!namespace_live(c, ns)) {
    std::string why = "namespace \"" + ns + "\" doesn't exist";
    json status = {
        {"observedGeneration", get_int(rev["metadata"], "generation", 1)},
        {"conditions",
         {sail_condition(old, "Reconciled", false, "ReconcileError", why, now),
          sail_condition(old, "Ready", false, "IstiodNotReady", "istiod is not installed", now),
          in_use}},
        {"state", "ReconcileError"}};
    c.set_status(rev, status, kSailManager);
    return;
  }
  std::string istiod = istiod_name(name);
  std::string cluster_id = value_at(values, {"global", "multiCluster", "clusterName"});
  if (cluster_id.empty()) cluster_id = "Kubernetes";
  std::string trust_domain = value_at(values, {"meshConfig", "trustDomain"});
  if (trust_domain.empty()) trust_domain = "cluster.local";
  std::string mesh_id = value_at(values, {"global", "meshID"});
  if (mesh_id.empty()) mesh_id = trust_domain;
  std::string suffix = name == "default" ? "" : "-" + name;

  c.ensure(service_account(istiod, ns, rev), kSailManager);
  if (!c.find("v1", "ServiceAccount", ns, "istio-reader-service-account"))
    c.ensure(service_account("istio-reader-service-account", ns, rev), kSailManager);
  c.ensure(istiod_deployment(istiod, ns, name, get_string(spec, "version"), cluster_id, rev),
           kSailManager);
  c.ensure(istiod_service(istiod, ns, name, rev), kSailManager);
  c.ensure({{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata",
             {{"name", "istio" + suffix},
              {"namespace", ns},
              {"labels", {{"istio.io/rev", name}}},
              {"ownerReferences", {owner_ref(rev)}}}},
            {"data",
             {{"mesh", mesh_config(mesh_id, trust_domain, istiod + "." + ns + ".svc:15012")},
              {"meshNetworks", "networks: {}"}}}},
           kSailManager);
  c.ensure({{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata",
             {{"name", "istio-sidecar-injector" + suffix},
              {"namespace", ns},
              {"labels", {{"istio.io/rev", name}}},
              {"ownerReferences", {owner_ref(rev)}}}},
            {"data", {{"values", values.dump()}, {"config", "policy: enabled\n"}}}},
           kSailManager);
  std::string root = root_cert(c, ns, rev, trust_domain);
  if (!root.empty()) {
    c.ensure(root_cert_map(ns, root), kSailManager);
    for (const std::string& user : users)
      if (user != ns && namespace_live(c, user)) c.ensure(root_cert_map(user, root), kSailManager);
  }

  bool ready = ready_after_delay(c, rev);
  json status = {{"observedGeneration", get_int(rev["metadata"], "generation", 1)},
                 {"conditions",
                  {sail_condition(old, "Reconciled", true, "", "", now),
                   sail_condition(old, "Ready", ready, "IstiodNotReady",
                                  "istiod Deployment is not ready", now),
                   in_use}},
                 {"state", ready ? "Healthy" : "IstiodNotReady"}};
  c.set_status(rev, status, kSailManager);
}

// IstioCNI and ZTunnel: one allowed object named "default", a ServiceAccount in its namespace
// (their DaemonSets are not played), Ready after the delay.
void SailOperator::component(Cluster& c, const json& obj, const std::string& service_account_name) {
  std::string now = c.now_string();
  const json& old = get_object(obj, "status");
  std::string ns =
      get_string(get_object(obj, "spec"), "namespace",
                 service_account_name == "istio-cni" ? std::string("istio-cni") : "ztunnel");
  std::string problem;
  if (name_of(obj) != "default")
    problem = "metadata.name must be 'default'";
  else if (!namespace_live(c, ns))
    problem = "namespace \"" + ns + "\" doesn't exist";
  else
    c.ensure(service_account(service_account_name, ns, obj), kSailManager);
  bool ok = problem.empty();
  bool ready = ok && ready_after_delay(c, obj);
  json status = {{"observedGeneration", get_int(obj["metadata"], "generation", 1)},
                 {"conditions",
                  {sail_condition(old, "Reconciled", ok, "ReconcileError", problem, now),
                   sail_condition(old, "Ready", ready, ok ? "DaemonSetNotReady" : "ReconcileError",
                                  ok ? "not all pods of the DaemonSet are ready" : problem, now)}},
                 {"state", !ok     ? "ReconcileError"
                           : ready ? "Healthy"
                                   : "DaemonSetNotReady"}};
  c.set_status(obj, status, kSailManager);
}

void install_sail(Cluster& cluster, const SailOptions& options) {
  for (const auto& crds : {sail_crds(), istio_crds(), gateway_api_crds()})
    for (const json& crd : crds) cluster.ensure(crd, kSailManager);
  cluster.add_controller(std::make_shared<SailOperator>(options));
  cluster.add_controller(std::make_shared<IstioGatewayController>());
}

}  // namespace fedplan::sandbox
