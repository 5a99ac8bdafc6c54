// The CustomResourceDefinitions an OpenShift Service Mesh 2.x install brings: maistra.io,
// federation.maistra.io, networking.istio.io and security.istio.io kinds, with the short
// names and printer columns the real CRDs declare. Schemas keep unknown fields.
#include "sandbox/ossm_operator.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

json column(const char* name, const char* type, const char* path, const char* desc = "",
            int priority = 0) {
  json c = {{"name", name}, {"type", type}, {"jsonPath", path}};
  if (*desc) c["description"] = desc;
  if (priority) c["priority"] = priority;
  return c;
}

// A version whose spec and status are free-form, with a status subresource.
json version(const char* name, bool storage, json columns = json::array()) {
  json open = {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
  json v = {{"name", name},
            {"served", true},
            {"storage", storage},
            {"schema",
             {{"openAPIV3Schema",
               {{"type", "object"},
                {"properties", {{"spec", open}, {"status", open}}},
                {"x-kubernetes-preserve-unknown-fields", true}}}}},
            {"subresources", {{"status", json::object()}}}};
  if (!columns.empty()) v["additionalPrinterColumns"] = columns;
  return v;
}

json crd(const std::string& group, const std::string& kind, const std::string& plural,
         std::vector<std::string> short_names, json versions,
         std::vector<std::string> categories = {}) {
  std::string singular = kind;
  for (char& c : singular) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  json names = {
      {"kind", kind}, {"listKind", kind + "List"}, {"plural", plural}, {"singular", singular}};
  if (!short_names.empty()) names["shortNames"] = short_names;
  if (!categories.empty()) names["categories"] = categories;
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata",
           {{"name", plural + "." + group},
            {"labels", {{"maistra-version", "2.1.0"}, {"app.kubernetes.io/part-of", "ossm"}}}}},
          {"spec",
           {{"group", group}, {"names", names}, {"scope", "Namespaced"}, {"versions", versions}}}};
}

}  // namespace

std::vector<json> ossm_crds() {
  json age = column("Age", "date", ".metadata.creationTimestamp");
  json smcp_columns = {
      column("Ready", "string", ".status.annotations.readyComponentCount",
             "How many of the total number of components are ready"),
      column("Status", "string", ".status.conditions[?(@.type==\"Ready\")].reason",
             "Whether or not the control plane installation is up to date and ready to handle "
             "requests."),
      column("Profiles", "string", ".status.appliedSpec.profiles",
             "The configuration profiles applied to the mesh.", 0),
      column("Version", "string", ".status.chartVersion",
             "The actual current version of the control plane installation."),
      age};
  json smmr_columns = {
      column("Ready", "string", ".status.annotations.configuredMemberCount",
             "How many of the total number of member namespaces are configured"),
      column("Status", "string", ".status.conditions[?(@.type==\"Ready\")].reason",
             "Whether all member namespaces have been configured or why that's not the case"),
      age,
      column("Members", "string", ".status.members",
             "Namespaces that are members of this "
             "Control Plane",
             1)};
  json peer_columns = {
      column("Connected", "string", ".status.discoveryStatus.active[*].watch.connected",
             "Whether the discovery watch is connected"),
      age};
  return {
      crd("maistra.io", "ServiceMeshControlPlane", "servicemeshcontrolplanes", {"smcp"},
          {version("v1", false, smcp_columns), version("v2", true, smcp_columns)}, {"maistra-io"}),
      crd("maistra.io", "ServiceMeshMemberRoll", "servicemeshmemberrolls", {"smmr"},
          {version("v1", true, smmr_columns)}, {"maistra-io"}),
      crd("maistra.io", "ServiceMeshMember", "servicemeshmembers", {"smm"}, {version("v1", true)},
          {"maistra-io"}),
      crd("federation.maistra.io", "ServiceMeshPeer", "servicemeshpeers", {},
          {version("v1", true, peer_columns)}, {"maistra-io", "federation-maistra-io"}),
      crd("federation.maistra.io", "ExportedServiceSet", "exportedservicesets", {},
          {version("v1", true)}, {"maistra-io", "federation-maistra-io"}),
      crd("federation.maistra.io", "ImportedServiceSet", "importedservicesets", {},
          {version("v1", true)}, {"maistra-io", "federation-maistra-io"}),
      crd("networking.istio.io", "VirtualService", "virtualservices", {"vs"},
          {version("v1alpha3", true), version("v1beta1", false)},
          {"istio-io", "networking-istio-io"}),
      crd("networking.istio.io", "DestinationRule", "destinationrules", {"dr"},
          {version("v1alpha3", true), version("v1beta1", false)},
          {"istio-io", "networking-istio-io"}),
      crd("networking.istio.io", "Gateway", "gateways", {"gw"},
          {version("v1alpha3", true), version("v1beta1", false)},
          {"istio-io", "networking-istio-io"}),
      crd("networking.istio.io", "ServiceEntry", "serviceentries", {"se"},
          {version("v1alpha3", true), version("v1beta1", false)},
          {"istio-io", "networking-istio-io"}),
      crd("security.istio.io", "AuthorizationPolicy", "authorizationpolicies", {},
          {version("v1beta1", true)}, {"istio-io", "security-istio-io"}),
      crd("security.istio.io", "PeerAuthentication", "peerauthentications", {"pa"},
          {version("v1beta1", true)}, {"istio-io", "security-istio-io"}),
  };
}

}  // namespace fedplan::sandbox
