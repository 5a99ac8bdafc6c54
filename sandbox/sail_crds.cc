// The Sail operator's CRDs (sailoperator.io/v1, OpenShift Service Mesh 3): cluster-scoped
// Istio, IstioRevision, IstioRevisionTag, IstioCNI and ZTunnel with the printer columns and
// short names the operator's bundle declares, and schemas for the fields the play reads.
#include "sandbox/crd_builder.h"
#include "sandbox/mesh_crds.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

json open_object() {
  return {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
}

json string_field(const char* desc) {
  return {{"type", "string"}, {"description", desc}};
}

// The spec shared by Istio, IstioRevision, IstioCNI and ZTunnel: version, namespace, profile
// and Helm values; Istio adds its update strategy.
json component_spec(const char* default_namespace, bool update_strategy) {
  json props = {
      {"version", string_field("Defines the version of Istio to install.")},
      {"namespace",
       {{"type", "string"},
        {"default", default_namespace},
        {"description", "Namespace to which the components should be installed."}}},
      {"profile", string_field("The built-in installation configuration profile to use.")},
      {"values", open_object()}};
  if (update_strategy)
    props["updateStrategy"] = {
        {"type", "object"},
        {"properties",
         {{"type", {{"type", "string"}, {"enum", {"InPlace", "RevisionBased"}}}},
          {"inactiveRevisionDeletionGracePeriodSeconds",
           {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}}},
          {"updateWorkloads", {{"type", "boolean"}}}}}};
  return {
      {"type", "object"}, {"properties", props}, {"x-kubernetes-preserve-unknown-fields", true}};
}

json sail_crd(const std::string& kind, const std::string& plural,
              std::vector<std::string> short_names, json versions) {
  CrdNames n;
  n.plural = plural;
  n.short_names = std::move(short_names);
  n.categories = {"istio-io"};
  n.cluster_scoped = true;
  n.labels = {{"app.kubernetes.io/part-of", "sailoperator"}};
  return make_crd("sailoperator.io", kind, n, versions);
}

}  // namespace

std::vector<json> sail_crds() {
  json age = crd_column("Age", "date", ".metadata.creationTimestamp", "The age of the object");
  json ns = crd_column("Namespace", "string", ".spec.namespace",
                       "The namespace for the control plane components.");
  json version = crd_column("Version", "string", ".spec.version",
                            "The version of the control plane installation.");
  json state = crd_column("Status", "string", ".status.state", "The current state of this object.");
  json ready_cond = crd_column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status",
                               "Whether the control plane installation is ready to handle "
                               "requests.");
  json istio_columns = {
      ns,
      crd_column("Profile", "string", ".spec.values.profile",
                 "The selected profile (collection of value presets)."),
      crd_column("Revisions", "string", ".status.revisions.total",
                 "Total number of IstioRevision objects currently associated with this object."),
      crd_column("Ready", "string", ".status.revisions.ready",
                 "Number of revisions that are ready."),
      crd_column("In use", "string", ".status.revisions.inUse",
                 "Number of revisions that are currently being used by workloads."),
      crd_column("Active Revision", "string", ".status.activeRevisionName",
                 "The name of the currently active revision."),
      crd_column("Status", "string", ".status.state", "The current state of the active revision."),
      version,
      age};
  json revision_columns = {
      ns,
      ready_cond,
      state,
      crd_column("In use", "string", ".status.conditions[?(@.type==\"InUse\")].status",
                 "Whether the revision is being used by workloads."),
      version,
      age};
  json tag_columns = {
      crd_column("Status", "string", ".status.state", "The current state of this object."),
      crd_column("In use", "string", ".status.conditions[?(@.type==\"InUse\")].status",
                 "Whether the tag is being used by workloads."),
      crd_column("Revision", "string", ".status.istioRevision",
                 "The IstioRevision this object is referencing."),
      age};
  json component_columns = {
      ns, crd_column("Profile", "string", ".spec.profile", ""), ready_cond, state, version, age};
  json tag_spec = {{"type", "object"},
                   {"properties",
                    {{"targetRef",
                      {{"type", "object"},
                       {"properties",
                        {{"kind", {{"type", "string"}, {"enum", {"Istio", "IstioRevision"}}}},
                         {"name", {{"type", "string"}}}}}}}}}};
  return {
      sail_crd("Istio", "istios", {},
               {crd_version("v1", true, istio_columns, component_spec("istio-system", true))}),
      sail_crd("IstioRevision", "istiorevisions", {"istiorev"},
               {crd_version("v1", true, revision_columns, component_spec("istio-system", false))}),
      sail_crd("IstioRevisionTag", "istiorevisiontags", {},
               {crd_version("v1", true, tag_columns, tag_spec)}),
      sail_crd("IstioCNI", "istiocnis", {},
               {crd_version("v1", true, component_columns, component_spec("istio-cni", false))}),
      sail_crd(
          "ZTunnel", "ztunnels", {},
          {crd_version("v1", true, component_columns, component_spec("ztunnel", false)),
           crd_version("v1alpha1", false, component_columns, component_spec("ztunnel", false))}),
  };
}

}  // namespace fedplan::sandbox
