// istiod's Gateway API controller: the GatewayClasses istiod creates, the deployment it makes
// for each managed Gateway (Service with NodePort or load-balancer address, Deployment,
// ServiceAccount) and the Gateway and HTTPRoute status clients wait for.
#include "sandbox/istio_gateways.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "sandbox/meta.h"
#include "sandbox/operator_util.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

const char* const kGatewayManager = "istio.io/gateway-controller";
const char* const kGroup = "gateway.networking.k8s.io";
const char* const kGateways = "gateway.networking.k8s.io/gateways";

std::string gateway_name_of(const json& o) {
  return get_string(get_object(o, "metadata"), "name");
}
std::string gateway_ns_of(const json& o) {
  return get_string(get_object(o, "metadata"), "namespace");
}

json gateway_class(const std::string& name, const std::string& controller,
                   const std::string& description) {
  return {{"apiVersion", "gateway.networking.k8s.io/v1"},
          {"kind", "GatewayClass"},
          {"metadata", {{"name", name}}},
          {"spec", {{"controllerName", controller}, {"description", description}}}};
}

// The revision that runs a Gateway: its istio.io/rev label, else "default", else any Ready one.
std::string revision_for(const json& gw, const std::vector<std::string>& ready) {
  std::string wanted = get_string(get_object(get_object(gw, "metadata"), "labels"), "istio.io/rev");
  auto has = [&](const std::string& r) {
    return std::find(ready.begin(), ready.end(), r) != ready.end();
  };
  if (!wanted.empty()) return has(wanted) ? wanted : "";
  if (has("default")) return "default";
  return ready.empty() ? "" : ready.front();
}

// Whether an HTTPRoute's parentRef names the Gateway `ns`/`name`.
bool refers_to(const json& ref, const std::string& route_ns, const std::string& ns,
               const std::string& name) {
  return get_string(ref, "group", kGroup) == kGroup &&
         get_string(ref, "kind", "Gateway") == "Gateway" &&
         get_string(ref, "namespace", route_ns) == ns && get_string(ref, "name") == name;
}

}  // namespace

void IstioGatewayController::reconcile(Cluster& c) {
  if (c.store().resource_version() == seen_rv_) return;
  std::vector<std::string> ready;
  for (const json& r : live_objects(c, "sailoperator.io/istiorevisions"))
    if (condition_true(r, "Ready")) ready.push_back(gateway_name_of(r));
  if (!ready.empty()) {
    std::string now = c.now_string();
    for (const json& gc :
         {gateway_class("istio", "istio.io/gateway-controller", "The default Istio GatewayClass"),
          gateway_class("istio-remote", "istio.io/unmanaged-gateway",
                        "Remote to this cluster. Does not deploy or affect "
                        "configuration.")}) {
      if (!c.find("gateway.networking.k8s.io/v1", "GatewayClass", "", gateway_name_of(gc)))
        c.ensure(gc, kGatewayManager);
      const json* live =
          c.find("gateway.networking.k8s.io/v1", "GatewayClass", "", gateway_name_of(gc));
      if (live && get_string(get_object(*live, "spec"), "controllerName") ==
                      get_string(gc["spec"], "controllerName"))
        c.set_status(*live,
                     {{"conditions",
                       {condition(get_object(*live, "status"), "Accepted", true, "Accepted",
                                  "Handled by Istio controller", now)}}},
                     kGatewayManager);
    }
    for (const json& gw : live_objects(c, kGateways)) {
      std::string cls = get_string(get_object(gw, "spec"), "gatewayClassName");
      std::string rev = revision_for(gw, ready);
      if (cls == "istio" && !rev.empty()) gateway(c, gw, rev);
    }
    for (const json& r : live_objects(c, "gateway.networking.k8s.io/httproutes")) route(c, r);
  }
  seen_rv_ = c.store().resource_version();
}

void IstioGatewayController::gateway(Cluster& c, const json& gw, const std::string& revision) {
  std::string name = gateway_name_of(gw), ns = gateway_ns_of(gw), now = c.now_string();
  std::string deployed = name + "-istio";
  const json& meta = get_object(gw, "metadata");
  json labels = get_object(meta, "labels");
  labels["gateway.networking.k8s.io/gateway-name"] = name;
  labels["gateway.istio.io/managed"] = "istio.io-gateway-controller";
  labels["istio.io/rev"] = revision;
  std::string network = get_string(labels, "topology.istio.io/network");
  std::string type = get_string(get_object(meta, "annotations"), "networking.istio.io/service-type",
                                "LoadBalancer");
  json owner = owner_ref(gw);

  json ports = {{{"name", "status-port"},
                 {"port", 15021},
                 {"protocol", "TCP"},
                 {"appProtocol", "tcp"},
                 {"targetPort", 15021}}};
  std::set<int64_t> seen = {15021};
  const json& listeners = get_array(get_object(gw, "spec"), "listeners");
  for (const json& l : listeners) {
    int64_t port = get_int(l, "port", 0);
    if (port <= 0 || !seen.insert(port).second) continue;
    std::string protocol = get_string(l, "protocol", "HTTP");
    for (char& ch : protocol) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    ports.push_back({{"name", protocol + "-" + std::to_string(port)},
                     {"port", port},
                     {"protocol", "TCP"},
                     {"appProtocol", protocol == "http" ? "http" : "tcp"},
                     {"targetPort", port}});
  }
  json selector = {{"gateway.networking.k8s.io/gateway-name", name}};
  c.ensure(
      {{"apiVersion", "v1"},
       {"kind", "ServiceAccount"},
       {"metadata",
        {{"name", deployed}, {"namespace", ns}, {"labels", labels}, {"ownerReferences", {owner}}}}},
      kGatewayManager);
  json env = {{{"name", "ISTIO_META_SERVICE_ACCOUNT"}, {"value", deployed}}};
  if (!network.empty())
    env.push_back({{"name", "ISTIO_META_REQUESTED_NETWORK_VIEW"}, {"value", network}});
  c.ensure(
      {{"apiVersion", "apps/v1"},
       {"kind", "Deployment"},
       {"metadata",
        {{"name", deployed}, {"namespace", ns}, {"labels", labels}, {"ownerReferences", {owner}}}},
       {"spec",
        {{"replicas", 1},
         {"selector", {{"matchLabels", selector}}},
         {"template",
          {{"metadata", {{"labels", labels}}},
           {"spec",
            {{"serviceAccountName", deployed},
             {"containers",
              json::array({{{"name", "istio-proxy"}, {"image", "auto"}, {"env", env}}})}}}}}}}},
      kGatewayManager);
  c.ensure(
      {{"apiVersion", "v1"},
       {"kind", "Service"},
       {"metadata",
        {{"name", deployed}, {"namespace", ns}, {"labels", labels}, {"ownerReferences", {owner}}}},
       {"spec", {{"type", type}, {"selector", selector}, {"ports", ports}}}},
      kGatewayManager);

  // Addresses: the load balancer's, or the Service's in-cluster name for other types.
  const json* svc = c.find("v1", "Service", ns, deployed);
  json addresses = json::array();
  bool pending = false;
  if (svc && type == "LoadBalancer") {
    for (const json& in :
         get_array(get_object(get_object(*svc, "status"), "loadBalancer"), "ingress")) {
      if (in.contains("ip")) addresses.push_back({{"type", "IPAddress"}, {"value", in["ip"]}});
      if (in.contains("hostname"))
        addresses.push_back({{"type", "Hostname"}, {"value", in["hostname"]}});
    }
    pending = addresses.empty();
  } else {
    addresses.push_back(
        {{"type", "Hostname"}, {"value", deployed + "." + ns + ".svc.cluster.local"}});
  }
  std::string host = deployed + "." + ns + ".svc.cluster.local";
  const json& old = get_object(gw, "status");
  json listener_status = json::array();
  for (const json& l : listeners) {
    int attached = 0;
    for (const json* r : c.store().list("gateway.networking.k8s.io/httproutes", ""))
      for (const json& ref : get_array(get_object(*r, "spec"), "parentRefs"))
        if (refers_to(ref, gateway_ns_of(*r), ns, name) &&
            get_string(ref, "sectionName", get_string(l, "name")) == get_string(l, "name"))
          ++attached;
    std::string protocol = get_string(l, "protocol", "HTTP");
    json kinds = protocol == "HTTP" || protocol == "HTTPS"
                     ? json::array({{{"group", kGroup}, {"kind", "HTTPRoute"}}})
                     : json::array();
    json old_listener = json::object();
    for (const json& ol : get_array(old, "listeners"))
      if (get_string(ol, "name") == get_string(l, "name")) old_listener = ol;
    listener_status.push_back(
        {{"name", get_string(l, "name")},
         {"attachedRoutes", attached},
         {"supportedKinds", kinds},
         {"conditions",
          {condition(old_listener, "Accepted", true, "Accepted", "No errors found", now),
           condition(old_listener, "Conflicted", false, "NoConflicts", "No errors found", now),
           condition(old_listener, "Programmed", true, "Programmed", "No errors found", now),
           condition(old_listener, "ResolvedRefs", true, "ResolvedRefs", "No errors found",
                     now)}}});
  }
  int64_t gen = get_int(meta, "generation", 1);
  json programmed = pending ? condition(old, "Programmed", false, "AddressNotAssigned",
                                        "Assigned to service(s) " + host +
                                            ", but failed to assign to all "
                                            "requested addresses: address pending for hostname \"" +
                                            host + "\"",
                                        now)
                            : condition(old, "Programmed", true, "Programmed",
                                        "Resource programmed, assigned to service(s) " + host, now);
  json status = {
      {"addresses", addresses},
      {"conditions",
       {condition(old, "Accepted", true, "Accepted", "Resource accepted", now), programmed}},
      {"listeners", listener_status}};
  for (json& cnd : status["conditions"]) cnd["observedGeneration"] = gen;
  c.set_status(gw, status, kGatewayManager);
}

// An HTTPRoute gets a parent status for each parentRef naming a Gateway of class `istio`.
void IstioGatewayController::route(Cluster& c, const json& r) {
  std::string ns = gateway_ns_of(r), now = c.now_string();
  const json& old = get_object(r, "status");
  json parents = json::array();
  bool backends_ok = true;
  for (const json& rule : get_array(get_object(r, "spec"), "rules"))
    for (const json& b : get_array(rule, "backendRefs"))
      if (get_string(b, "kind", "Service") == "Service" &&
          !c.find("v1", "Service", get_string(b, "namespace", ns), get_string(b, "name")))
        backends_ok = false;
  for (const json& ref : get_array(get_object(r, "spec"), "parentRefs")) {
    std::string gw_ns = get_string(ref, "namespace", ns), gw_name = get_string(ref, "name");
    const json* gw = c.find("gateway.networking.k8s.io/v1", "Gateway", gw_ns, gw_name);
    if (!gw || !refers_to(ref, ns, gw_ns, gw_name) ||
        get_string(get_object(*gw, "spec"), "gatewayClassName") != "istio")
      continue;
    json old_parent = json::object();
    for (const json& p : get_array(old, "parents"))
      if (p.contains("parentRef") && p["parentRef"] == ref) old_parent = p;
    parents.push_back(
        {{"parentRef", ref},
         {"controllerName", "istio.io/gateway-controller"},
         {"conditions",
          {condition(old_parent, "Accepted", true, "Accepted", "Route was valid", now),
           backends_ok ? condition(old_parent, "ResolvedRefs", true, "ResolvedRefs",
                                   "All references resolved", now)
                       : condition(old_parent, "ResolvedRefs", false, "BackendNotFound",
                                   "backend(s) not found", now)}}});
  }
  if (!parents.empty()) c.set_status(r, {{"parents", parents}}, kGatewayManager);
}

}  // namespace fedplan::sandbox
