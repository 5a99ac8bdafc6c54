// The upstream Istio CRDs: networking.istio.io and security.istio.io kinds with the served
// versions, short names, categories and printer columns Istio's base chart declares.
#include "sandbox/crd_builder.h"
#include "sandbox/mesh_crds.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

json istio_crd(const std::string& group, const std::string& kind, const std::string& plural,
               std::vector<std::string> short_names, json columns) {
  CrdNames n;
  n.plural = plural;
  n.short_names = std::move(short_names);
  n.categories = {"istio-io",
                  group == "security.istio.io" ? "security-istio-io" : "networking-istio-io"};
  n.labels = {{"app", "istio-pilot"}, {"chart", "istio"}, {"heritage", "Tiller"}};
  json age = crd_column("Age", "date", ".metadata.creationTimestamp",
                        "CreationTimestamp is a timestamp representing the server time when "
                        "this object was created.");
  columns.push_back(age);
  json versions = json::array();
  if (group == "networking.istio.io") versions.push_back(crd_version("v1alpha3", true, columns));
  versions.push_back(crd_version("v1beta1", group == "security.istio.io", columns));
  versions.push_back(crd_version("v1", false, columns));
  return make_crd(group, kind, n, versions);
}

}  // namespace

std::vector<json> istio_crds() {
  const char* net = "networking.istio.io";
  const char* sec = "security.istio.io";
  return {
      istio_crd(net, "VirtualService", "virtualservices", {"vs"},
                {crd_column("Gateways", "string", ".spec.gateways",
                            "The names of gateways and sidecars that should apply these routes"),
                 crd_column("Hosts", "string", ".spec.hosts",
                            "The destination hosts to which traffic is being sent")}),
      istio_crd(net, "DestinationRule", "destinationrules", {"dr"},
                {crd_column("Host", "string", ".spec.host",
                            "The name of a service from the service registry")}),
      istio_crd(net, "Gateway", "gateways", {"gw"}, json::array()),
      istio_crd(net, "ServiceEntry", "serviceentries", {"se"},
                {crd_column("Hosts", "string", ".spec.hosts",
                            "The hosts associated with the ServiceEntry"),
                 crd_column("Location", "string", ".spec.location",
                            "Whether the service is external to the mesh or part of the mesh "
                            "(MESH_EXTERNAL or MESH_INTERNAL)"),
                 crd_column("Resolution", "string", ".spec.resolution",
                            "Service resolution mode for the hosts (NONE, STATIC, or DNS)")}),
      istio_crd(net, "WorkloadEntry", "workloadentries", {"we"},
                {crd_column("Address", "string", ".spec.address",
                            "Address associated with the network endpoint.")}),
      istio_crd(net, "Sidecar", "sidecars", {}, json::array()),
      istio_crd(sec, "AuthorizationPolicy", "authorizationpolicies", {"ap"},
                {crd_column("Action", "string", ".spec.action", "The operation to take.")}),
      istio_crd(sec, "PeerAuthentication", "peerauthentications", {"pa"},
                {crd_column("Mode", "string", ".spec.mtls.mode",
                            "Defines the mTLS mode used for peer authentication.")}),
      istio_crd(sec, "RequestAuthentication", "requestauthentications", {"ra"}, json::array()),
  };
}

}  // namespace fedplan::sandbox
