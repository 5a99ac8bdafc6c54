// The CustomResourceDefinitions an OpenShift Service Mesh 2.x install brings: maistra.io,
// federation.maistra.io kinds with the short names and printer columns the real CRDs declare,
// and the Istio kinds shared with OSSM 3 (mesh_crds.h). Schemas keep unknown fields.
#include "sandbox/crd_builder.h"
#include "sandbox/mesh_crds.h"
#include "sandbox/ossm_operator.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

json crd(const std::string& group, const std::string& kind, const std::string& plural,
         std::vector<std::string> short_names, json versions,
         std::vector<std::string> categories = {}) {
  CrdNames n;
  n.plural = plural;
  n.short_names = std::move(short_names);
  n.categories = std::move(categories);
  n.labels = {{"maistra-version", "2.1.0"}, {"app.kubernetes.io/part-of", "ossm"}};
  return make_crd(group, kind, n, std::move(versions));
}

json column(const char* name, const char* type, const char* path, const char* desc = "",
            int priority = 0) {
  return crd_column(name, type, path, desc, priority);
}

json version(const char* name, bool storage, json columns = json::array()) {
  return crd_version(name, storage, std::move(columns));
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
  std::vector<json> out = {
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
  };
  for (json& c : istio_crds()) out.push_back(std::move(c));
  return out;
}

}  // namespace fedplan::sandbox
