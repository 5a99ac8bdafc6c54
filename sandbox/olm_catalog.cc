// The OLM play's catalog (redhat-operators: the Service Mesh 2 and 3, Kiali and Jaeger
// packages) and the CRDs it serves: OLM's own kinds and those of Kiali and Jaeger.
#include "sandbox/crd_builder.h"
#include "sandbox/mesh_crds.h"
#include "sandbox/olm.h"
#include "sandbox/ossm_operator.h"
#include "sandbox/sail_operator.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

json olm_catalog_crd(const std::string& group, const std::string& kind, const std::string& plural,
                     std::vector<std::string> short_names, std::vector<std::string> categories,
                     json versions, json labels) {
  CrdNames n;
  n.plural = plural;
  n.short_names = std::move(short_names);
  n.categories = std::move(categories);
  n.labels = std::move(labels);
  return make_crd(group, kind, n, std::move(versions));
}

json olm_labels() {
  return {{"olm.managed", "true"}};
}

}  // namespace

std::vector<json> olm_crds() {
  json age = crd_column("Age", "date", ".metadata.creationTimestamp");
  json sub_columns = {
      crd_column("Package", "string", ".spec.name", "The package subscribed to"),
      crd_column("Source", "string", ".spec.source", "The catalog source"),
      crd_column("Channel", "string", ".spec.channel", "The channel subscribed to")};
  json csv_columns = {crd_column("Display", "string", ".spec.displayName", "The name of the CSV"),
                      crd_column("Version", "string", ".spec.version", "The version of the CSV"),
                      crd_column("Replaces", "string", ".spec.replaces",
                                 "The name of a CSV that this one replaces"),
                      crd_column("Phase", "string", ".status.phase")};
  json ip_columns = {
      crd_column("CSV", "string", ".spec.clusterServiceVersionNames[0]", "The first CSV"),
      crd_column("Approval", "string", ".spec.approval", "The approval mode"),
      crd_column("Approved", "boolean", ".spec.approved")};
  json cs_columns = {crd_column("Display", "string", ".spec.displayName", "The pretty name"),
                     crd_column("Type", "string", ".spec.sourceType", "The type of the catalog"),
                     crd_column("Publisher", "string", ".spec.publisher", "The publisher"), age};
  const char* g = "operators.coreos.com";
  return {
      olm_catalog_crd(g, "Subscription", "subscriptions", {"sub", "subs"}, {"olm"},
                      json::array({crd_version("v1alpha1", true, sub_columns)}), olm_labels()),
      olm_catalog_crd(g, "InstallPlan", "installplans", {"ip"}, {"olm"},
                      json::array({crd_version("v1alpha1", true, ip_columns)}), olm_labels()),
      olm_catalog_crd(g, "ClusterServiceVersion", "clusterserviceversions", {"csv", "csvs"},
                      {"olm"}, json::array({crd_version("v1alpha1", true, csv_columns)}),
                      olm_labels()),
      olm_catalog_crd(g, "CatalogSource", "catalogsources", {"catsrc"}, {"olm"},
                      json::array({crd_version("v1alpha1", true, cs_columns)}), olm_labels()),
      olm_catalog_crd(g, "OperatorGroup", "operatorgroups", {"og"}, {"olm"},
                      json::array({crd_version("v1", true, json::array({age})),
                                   crd_version("v1alpha2", false, json::array({age}))}),
                      olm_labels()),
  };
}

std::vector<json> kiali_crds() {
  json labels = {{"app", "kiali-operator"}};
  return {olm_catalog_crd("kiali.io", "Kiali", "kialis", {}, {},
                          json::array({crd_version("v1alpha1", true)}), labels),
          olm_catalog_crd("kiali.io", "OSSMConsole", "ossmconsoles", {}, {},
                          json::array({crd_version("v1alpha1", true)}), labels)};
}

std::vector<json> jaeger_crds() {
  json columns = {crd_column("Status", "string", ".status.phase", "Jaeger instance's status"),
                  crd_column("Version", "string", ".status.version", "Jaeger Version"),
                  crd_column("Strategy", "string", ".spec.strategy", "Jaeger deployment strategy"),
                  crd_column("Storage", "string", ".spec.storage.type", "Jaeger storage type"),
                  crd_column("Age", "date", ".metadata.creationTimestamp")};
  return {olm_catalog_crd("jaegertracing.io", "Jaeger", "jaegers", {}, {},
                          json::array({crd_version("v1", true, columns)}),
                          {{"name", "jaeger-operator"}})};
}

std::vector<OlmPackage> olm_catalog(const OlmOptions& options) {
  OlmPackage ossm;
  ossm.name = "servicemeshoperator";
  ossm.display_name = "Red Hat OpenShift Service Mesh";
  ossm.default_channel = "stable";
  ossm.channels = {"stable", "stable-2.6"};
  ossm.csv = "servicemeshoperator.v2.6.5";
  ossm.crds = [] { return ossm_crds(); };
  ossm.start = [options](Cluster& c) {
    OssmOptions o;
    o.ready_delay = options.ready_delay;
    install_ossm(c, o);
  };

  OlmPackage sail;
  sail.name = "servicemeshoperator3";
  sail.display_name = "Red Hat OpenShift Service Mesh 3";
  sail.default_channel = "stable";
  sail.channels = {"stable", "stable-3.0"};
  sail.csv = "servicemeshoperator3.v3.0.2";
  sail.crds = [] {
    std::vector<json> out = sail_crds();
    for (const auto& more : {istio_crds(), gateway_api_crds()})
      out.insert(out.end(), more.begin(), more.end());
    return out;
  };
  sail.start = [options](Cluster& c) {
    SailOptions o;
    o.ready_delay = options.ready_delay;
    install_sail(c, o);
  };

  OlmPackage kiali;
  kiali.name = "kiali-ossm";
  kiali.display_name = "Kiali Operator provided by Red Hat";
  kiali.default_channel = "stable";
  kiali.channels = {"stable"};
  kiali.csv = "kiali-operator.v1.89.10";
  kiali.crds = kiali_crds;

  OlmPackage jaeger;
  jaeger.name = "jaeger-product";
  jaeger.display_name = "Red Hat OpenShift distributed tracing platform (Jaeger)";
  jaeger.default_channel = "stable";
  jaeger.channels = {"stable"};
  jaeger.csv = "jaeger-operator.v1.65.0-3";
  jaeger.crds = jaeger_crds;
  return {ossm, sail, kiali, jaeger};
}

}  // namespace fedplan::sandbox
