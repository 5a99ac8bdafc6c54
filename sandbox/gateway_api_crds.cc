// The Kubernetes Gateway API CRDs of the standard channel that Istio's gateway controller
// serves: GatewayClass, Gateway, HTTPRoute and ReferenceGrant, with their printer columns.
#include "sandbox/crd_builder.h"
#include "sandbox/mesh_crds.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

json gateway_crd(const std::string& kind, const std::string& plural,
                 std::vector<std::string> short_names, json columns, bool cluster_scoped,
                 std::vector<const char*> version_names) {
  CrdNames n;
  n.plural = plural;
  n.short_names = std::move(short_names);
  n.categories = {"gateway-api"};
  n.labels = {{"gateway.networking.k8s.io/bundle-version", "v1.2.1"},
              {"gateway.networking.k8s.io/channel", "standard"}};
  n.cluster_scoped = cluster_scoped;
  json versions = json::array();
  for (const char* v : version_names)
    versions.push_back(
        crd_version(v, std::string(v) == "v1" || version_names.size() == 1, columns));
  return make_crd("gateway.networking.k8s.io", kind, n, versions);
}

}  // namespace

std::vector<json> gateway_api_crds() {
  json age = crd_column("Age", "date", ".metadata.creationTimestamp");
  return {
      gateway_crd(
          "GatewayClass", "gatewayclasses", {"gc"},
          {crd_column("Controller", "string", ".spec.controllerName"),
           crd_column("Accepted", "string", ".status.conditions[?(@.type==\"Accepted\")].status"),
           age, crd_column("Description", "string", ".spec.description", "", 1)},
          true, {"v1", "v1beta1"}),
      gateway_crd("Gateway", "gateways", {"gtw"},
                  {crd_column("Class", "string", ".spec.gatewayClassName"),
                   crd_column("Address", "string", ".status.addresses[*].value"),
                   crd_column("Programmed", "string",
                              ".status.conditions[?(@.type==\"Programmed\")].status"),
                   age},
                  false, {"v1", "v1beta1"}),
      gateway_crd("HTTPRoute", "httproutes", {},
                  {crd_column("Hostnames", "string", ".spec.hostnames"), age}, false,
                  {"v1", "v1beta1"}),
      gateway_crd("ReferenceGrant", "referencegrants", {"refgrant"}, {age}, false, {"v1beta1"}),
  };
}

}  // namespace fedplan::sandbox
