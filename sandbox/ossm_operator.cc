// The OSSM operator play: reconciles control planes (root CA, istiod and gateway Services,
// ingress Routes, Ready after a delay), member rolls, peers and exported service sets.
// Nothing here opens a connection; addresses and "connected" states are simulated.
#include "sandbox/ossm_operator.h"

#include "base/base64.h"
#include "base/certs.h"
#include "sandbox/meta.h"
#include "sandbox/operator_util.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

const char* const kManager = "ossm-operator";
const char* const kSmcpKey = "maistra.io/servicemeshcontrolplanes";

std::string str(const json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>()
                                                                      : std::string();
}

const json& sub(const json& obj, const char* key) {
  static const json empty = json::object();
  return obj.is_object() && obj.contains(key) && obj[key].is_object() ? obj[key] : empty;
}

bool enabled(const json& obj) {
  return !(obj.is_object() && get_bool(obj, "enabled", true) == false);
}

// Service ports as a gateway asks for them: TCP, targetPort defaulting to the port.
json gateway_ports(const json& requested, const json& defaults) {
  json ports = requested.is_array() && !requested.empty() ? requested : defaults;
  json out = json::array();
  for (const json& p : ports) {
    if (!p.is_object() || !p.contains("port")) continue;
    json q = {{"name", str(p, "name")},
              {"port", p["port"]},
              {"protocol", get_string(p, "protocol", "TCP")},
              {"targetPort", p.contains("targetPort") ? p["targetPort"] : p["port"]}};
    if (q["name"] == "") q.erase("name");
    out.push_back(q);
  }
  return out;
}

json gateway_service(const json& smcp, const std::string& name, const json& gw,
                     const std::string& kind, const json& default_ports) {
  const json& svc = sub(gw, "service");
  const json& meta = sub(svc, "metadata");
  json labels = sub(meta, "labels");
  labels["app"] = name;
  labels["istio"] = kind;
  labels["maistra.io/gateway"] = name + "." + str(smcp["metadata"], "namespace");
  labels["maistra-version"] = "2.1.0";
  json s = {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata",
             {{"name", name},
              {"namespace", str(smcp["metadata"], "namespace")},
              {"labels", labels},
              {"ownerReferences", {owner_ref(smcp)}}}},
            {"spec",
             {{"type", get_string(svc, "type", "ClusterIP")},
              {"selector", {{"app", name}, {"istio", kind}}},
              {"ports", gateway_ports(get_array(svc, "ports"), default_ports)}}}};
  if (meta.contains("annotations") && meta["annotations"].is_object())
    s["metadata"]["annotations"] = meta["annotations"];
  return s;
}

json gateway_route(const json& smcp, const std::string& name, const json& service) {
  json r = {{"apiVersion", "route.openshift.io/v1"},
            {"kind", "Route"},
            {"metadata",
             {{"name", name},
              {"namespace", str(smcp["metadata"], "namespace")},
              {"labels", {{"app", name}, {"maistra.io/gateway-name", name}}},
              {"ownerReferences", {owner_ref(smcp)}}}},
            {"spec", {{"to", {{"kind", "Service"}, {"name", name}, {"weight", 100}}}}}};
  const json& ports = service["spec"]["ports"];
  if (!ports.empty()) {
    const json& p = ports[0];
    r["spec"]["port"] = {{"targetPort", p.contains("name") ? p["name"] : p["port"]}};
  }
  return r;
}

const json* smcp_in(Cluster& c, const std::string& ns) {
  std::vector<const json*> l = c.store().list(kSmcpKey, ns);
  return l.empty() ? nullptr : l[0];
}

std::string root_cert_of(Cluster& c, const std::string& ns) {
  const json* secret = c.find("v1", "Secret", ns, "istio-ca-secret");
  if (!secret) return "";
  return base64_decode(str(sub(*secret, "data"), "ca-cert.pem")).value_or("");
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

void OssmOperator::reconcile(Cluster& c) {
  if (c.store().resource_version() == seen_rv_ && !waiting_) return;
  waiting_ = false;
  for (const json& smcp : live_objects(c, kSmcpKey)) control_plane(c, smcp);
  for (const json& smmr : live_objects(c, "maistra.io/servicemeshmemberrolls"))
    member_roll(c, smmr);
  for (const json& p : live_objects(c, "federation.maistra.io/servicemeshpeers")) peer(c, p);
  for (const json& s : live_objects(c, "federation.maistra.io/exportedservicesets"))
    exported_set(c, s);
  for (const json& s : live_objects(c, "federation.maistra.io/importedservicesets"))
    if (!s.contains("status")) c.set_status(s, {{"importedServices", json::array()}}, kManager);
  seen_rv_ = c.store().resource_version();
}

bool OssmOperator::smcp_ready(Cluster&, const json& smcp) {
  return condition_true(smcp, "Ready");
}

void OssmOperator::control_plane(Cluster& c, const json& smcp) {
  const json& m = smcp["metadata"];
  std::string ns = str(m, "namespace"), name = str(m, "name"), uid = str(m, "uid");
  const json& spec = sub(smcp, "spec");
  std::string now = c.now_string();

  // The mesh's root CA, kept in a Secret as Istio does, published in istio-ca-root-cert.
  std::string root = root_cert_of(c, ns);
  if (root.empty()) {
    std::string domain = str(sub(sub(spec, "security"), "trust"), "domain");
    CertKey ca;
    std::string err;
    if (!make_ca("", domain.empty() ? "cluster.local" : domain, 3650, KeyType::Rsa2048, &ca, &err))
      return;
    c.ensure(
        {{"apiVersion", "v1"},
         {"kind", "Secret"},
         {"metadata",
          {{"name", "istio-ca-secret"}, {"namespace", ns}, {"ownerReferences", {owner_ref(smcp)}}}},
         {"type", "istio.io/ca-root"},
         {"data",
          {{"ca-cert.pem", base64_encode(ca.cert_pem)},
           {"ca-key.pem", base64_encode(ca.key_pem)},
           {"cert-chain.pem", ""},
           {"key.pem", ""},
           {"root-cert.pem", ""}}}},
        kManager);
    root = ca.cert_pem;
  }
  c.ensure({{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata",
             {{"name", "istio-ca-root-cert"},
              {"namespace", ns},
              {"labels", {{"istio.io/config", "true"}}},
              {"ownerReferences", {owner_ref(smcp)}}}},
            {"data", {{"root-cert.pem", root}}}},
           kManager);

  std::vector<std::string> components = {"istiod"};
  c.ensure(
      {{"apiVersion", "v1"},
       {"kind", "Service"},
       {"metadata",
        {{"name", "istiod-" + name},
         {"namespace", ns},
         {"labels", {{"app", "istiod"}, {"istio.io/rev", name}}},
         {"ownerReferences", {owner_ref(smcp)}}}},
       {"spec",
        {{"type", "ClusterIP"},
         {"selector", {{"app", "istiod"}, {"istio.io/rev", name}}},
         {"ports",
          {{{"name", "grpc-xds"}, {"port", 15010}, {"protocol", "TCP"}, {"targetPort", 15010}},
           {{"name", "https-dns"}, {"port", 15012}, {"protocol", "TCP"}, {"targetPort", 15012}},
           {{"name", "https-webhook"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", 15017}},
           {{"name", "http-monitoring"},
            {"port", 15014},
            {"protocol", "TCP"},
            {"targetPort", 15014}}}}}}},
      kManager);

  const json& gateways = sub(spec, "gateways");
  json ingress_defaults = {{{"name", "http2"}, {"port", 80}, {"targetPort", 8080}},
                           {{"name", "https"}, {"port", 443}, {"targetPort", 8443}}};
  json egress_defaults = {{{"name", "http2"}, {"port", 80}, {"targetPort", 8080}},
                          {{"name", "https"}, {"port", 443}, {"targetPort", 8443}},
                          {{"name", "tls"}, {"port", 15443}, {"targetPort", 15443}}};
  bool routes = enabled(sub(gateways, "openshiftRoute"));
  if (enabled(gateways)) {
    if (enabled(sub(gateways, "ingress"))) {
      json svc = gateway_service(smcp, "istio-ingressgateway", sub(gateways, "ingress"),
                                 "ingressgateway", ingress_defaults);
      c.ensure(svc, kManager);
      if (routes) c.ensure(gateway_route(smcp, "istio-ingressgateway", svc), kManager);
      components.push_back("istio-ingressgateway");
    }
    if (enabled(sub(gateways, "egress"))) {
      c.ensure(gateway_service(smcp, "istio-egressgateway", sub(gateways, "egress"),
                               "egressgateway", egress_defaults),
               kManager);
      components.push_back("istio-egressgateway");
    }
    const json& extra_in = sub(gateways, "additionalIngress");
    for (auto it = extra_in.begin(); it != extra_in.end(); ++it) {
      if (!enabled(it.value()) || check_dns1035_label(it.key()) != "") continue;
      json svc = gateway_service(smcp, it.key(), it.value(), "ingressgateway", ingress_defaults);
      c.ensure(svc, kManager);
      c.ensure(gateway_route(smcp, it.key(), svc), kManager);
      components.push_back(it.key());
    }
    const json& extra_out = sub(gateways, "additionalEgress");
    for (auto it = extra_out.begin(); it != extra_out.end(); ++it) {
      if (!enabled(it.value()) || check_dns1035_label(it.key()) != "") continue;
      c.ensure(gateway_service(smcp, it.key(), it.value(), "egressgateway", egress_defaults),
               kManager);
      components.push_back(it.key());
    }
  }
  const json& addons = sub(spec, "addons");
  for (const char* a : {"grafana", "kiali", "prometheus"})
    if (addons.contains(a) && get_bool(sub(addons, a), "enabled", false)) components.push_back(a);
  if (str(sub(spec, "tracing"), "type") == "Jaeger") components.push_back("jaeger");

  // Ready once the configured delay has passed since the control plane was first seen.
  auto seen = first_seen_.emplace(uid, c.clock().now()).first->second;
  bool ready = smcp_ready(c, smcp) || c.clock().now() - seen >= options_.ready_delay;
  if (!ready) waiting_ = true;
  const json& old = sub(smcp, "status");
  json applied = spec;
  if (!applied.contains("version")) applied["version"] = "v2.1";
  if (!applied.contains("profiles")) applied["profiles"] = {"default"};
  size_t n = components.size();
  json status = {
      {"observedGeneration", get_int(m, "generation", 1)},
      {"chartVersion", "2.1.0"},
      {"operatorVersion", "2.1.0-fedplan-sandbox"},
      {"appliedSpec", applied},
      {"readiness",
       {{"components",
         {{"ready", ready ? json(components) : json::array()},
          {"pending", ready ? json::array() : json(components)},
          {"unready", json::array()}}}}},
      {"annotations",
       {{"readyComponentCount", std::to_string(ready ? n : 0) + "/" + std::to_string(n)}}},
      {"conditions",
       {condition(old, "Installed", true, "InstallSuccessful",
                  "Successfully installed all mesh components", now),
        condition(old, "Reconciled", true, "InstallSuccessful",
                  "Successfully installed all mesh components", now),
        ready ? condition(old, "Ready", true, "ComponentsReady",
                          "All component deployments are Available", now)
              : condition(old, "Ready", false, "ComponentsNotReady",
                          "Some components are not fully available", now)}}};
  c.set_status(smcp, status, kManager);
}

void OssmOperator::member_roll(Cluster& c, const json& smmr) {
  const json& m = smmr["metadata"];
  std::string ns = str(m, "namespace");
  std::string now = c.now_string();
  std::vector<std::string> members, configured, pending;
  const json& spec = sub(smmr, "spec");
  if (spec.contains("members") && spec["members"].is_array())
    for (const json& x : spec["members"])
      if (x.is_string()) members.push_back(x.get<std::string>());
  const json* smcp = smcp_in(c, ns);
  std::string root = root_cert_of(c, ns);
  for (const std::string& member : members) {
    const json* n = c.find("v1", "Namespace", "", member);
    if (!n || (*n)["metadata"].contains("deletionTimestamp")) {
      pending.push_back(member);
      continue;
    }
    configured.push_back(member);
    c.ensure({{"apiVersion", "v1"},
              {"kind", "Namespace"},
              {"metadata", {{"name", member}, {"labels", {{"maistra.io/member-of", ns}}}}}},
             kManager);
    if (!root.empty() && member != ns)
      c.ensure({{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata",
                 {{"name", "istio-ca-root-cert"},
                  {"namespace", member},
                  {"labels", {{"istio.io/config", "true"}}}}},
                {"data", {{"root-cert.pem", root}}}},
               kManager);
  }
  // Namespaces that left the roll lose the label the operator set.
  for (const json* n : c.store().list("/namespaces", "")) {
    std::string name = str((*n)["metadata"], "name");
    const json& labels = sub((*n)["metadata"], "labels");
    if (str(labels, "maistra.io/member-of") != ns) continue;
    if (std::find(members.begin(), members.end(), name) != members.end()) continue;
    c.ensure({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}},
             kManager);
  }
  bool smcp_ok = smcp && smcp_ready(c, *smcp);
  json ready;
  if (!smcp)
    ready = condition(sub(smmr, "status"), "Ready", false, "ErrSMCPMissing",
                      "No ServiceMeshControlPlane exists in the namespace", now);
  else if (!smcp_ok)
    ready = condition(sub(smmr, "status"), "Ready", false, "SMCPNotReady",
                      "The ServiceMeshControlPlane is not ready yet", now);
  else if (!pending.empty())
    ready = condition(sub(smmr, "status"), "Ready", false, "ReconcileError",
                      "Namespaces not found: " + join(pending, ", "), now);
  else
    ready = condition(sub(smmr, "status"), "Ready", true, "Configured",
                      "All namespaces have been configured successfully", now);
  json member_statuses = json::array();
  for (const std::string& x : members) {
    bool ok = std::find(configured.begin(), configured.end(), x) != configured.end();
    json cond =
        condition(json::object(), "Reconciled", ok && smcp_ok,
                  ok ? (smcp_ok ? "Reconciled" : "SMCPNotReady") : "NamespaceNotFound", "", now);
    member_statuses.push_back({{"namespace", x}, {"conditions", json::array({cond})}});
  }
  for (json& s : member_statuses) s["conditions"][0].erase("lastTransitionTime");
  json status = {{"observedGeneration", get_int(m, "generation", 1)},
                 {"members", members},
                 {"configuredMembers", configured},
                 {"pendingMembers", pending},
                 {"terminatingMembers", json::array()},
                 {"memberStatuses", member_statuses},
                 {"annotations",
                  {{"configuredMemberCount",
                    std::to_string(configured.size()) + "/" + std::to_string(members.size())}}},
                 {"conditions", {ready}}};
  if (smcp) status["meshGeneration"] = get_int((*smcp)["metadata"], "generation", 1);
  c.set_status(smmr, status, kManager);
}

void OssmOperator::peer(Cluster& c, const json& p) {
  const json& m = p["metadata"];
  std::string ns = str(m, "namespace"), name = str(m, "name");
  const json& spec = sub(p, "spec");
  std::string now = c.now_string();
  std::vector<std::string> missing;
  const json& remote = sub(spec, "remote");
  std::string address;
  if (remote.contains("addresses") && remote["addresses"].is_array() &&
      !remote["addresses"].empty() && remote["addresses"][0].is_string())
    address = remote["addresses"][0];
  if (address.empty()) missing.push_back("spec.remote.addresses is empty");
  for (const char* g : {"ingress", "egress"}) {
    std::string gw = str(sub(sub(spec, "gateways"), g), "name");
    if (gw.empty() || !c.find("v1", "Service", ns, gw))
      missing.push_back(std::string(g) + " gateway Service \"" + gw + "\" not found");
  }
  std::string chain = str(sub(sub(spec, "security"), "certificateChain"), "name");
  if (chain.empty()) chain = name + "-ca-root-cert";
  const json* cm = c.find("v1", "ConfigMap", ns, chain);
  if (!cm || str(sub(*cm, "data"), "root-cert.pem").empty())
    missing.push_back("ConfigMap \"" + chain + "\" with root-cert.pem not found");
  const json* smcp = smcp_in(c, ns);
  if (!smcp || !smcp_ready(c, *smcp)) missing.push_back("no Ready ServiceMeshControlPlane");
  bool connected = missing.empty();

  const json& old = sub(p, "status");
  std::string since = now;
  if (old.contains("/discoveryStatus/active/0/watch/lastConnected"_json_pointer))
    since = old["discoveryStatus"]["active"][0]["watch"]["lastConnected"];
  std::string pod =
      "istiod-" + (smcp ? str((*smcp)["metadata"], "name") : std::string("unknown")) + "-sandbox";
  json entry = {{"pod", pod}};
  if (connected) {
    entry["remotes"] = {{{"connected", true},
                         {"lastConnected", since},
                         {"lastFullSync", since},
                         {"source", address}}};
    entry["watch"] = {{"connected", true}, {"lastConnected", since}, {"lastFullSync", since}};
  } else {
    entry["remotes"] = json::array();
    entry["watch"] = {{"connected", false}, {"lastDisconnectStatus", join(missing, "; ")}};
  }
  json status = {{"discoveryStatus", {{connected ? "active" : "inactive", {entry}}}}};
  c.set_status(p, status, kManager);
}

void OssmOperator::exported_set(Cluster& c, const json& set) {
  const json& m = set["metadata"];
  std::string peer = str(m, "name");
  json exported = json::array();
  const json& spec = sub(set, "spec");
  if (spec.contains("exportRules") && spec["exportRules"].is_array())
    for (const json& rule : spec["exportRules"]) {
      const json& sel = sub(rule, "nameSelector");
      if (str(rule, "type") != "NameSelector" || sel.empty()) continue;
      std::string ns = str(sel, "namespace"), name = str(sel, "name");
      for (const json* svc : c.store().list("/services", ns.empty() || ns == "*" ? "" : ns)) {
        std::string sn = str((*svc)["metadata"], "name");
        std::string sns = str((*svc)["metadata"], "namespace");
        if (!(name.empty() || name == "*" || name == sn)) continue;
        const json& alias = sub(sel, "alias");
        std::string an = str(alias, "name").empty() ? sn : str(alias, "name");
        std::string ans = str(alias, "namespace").empty() ? sns : str(alias, "namespace");
        exported.push_back({{"exportedName", an + "." + ans + ".svc." + peer + "-exports.local"},
                            {"localService",
                             {{"hostname", sn + "." + sns + ".svc.cluster.local"},
                              {"name", sn},
                              {"namespace", sns}}}});
      }
    }
  c.set_status(set, {{"exportedServices", exported}}, kManager);
}

void install_ossm(Cluster& cluster, const OssmOptions& options) {
  for (const json& crd : ossm_crds()) cluster.ensure(crd, kManager);
  cluster.add_controller(std::make_shared<OssmOperator>(options));
}

}  // namespace fedplan::sandbox
