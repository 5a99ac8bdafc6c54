// Tests for the Sail operator play: the sailoperator.io and Istio CRDs served, an Istio making
// its IstioRevision and istiod, Ready after the delay, multi-cluster values reflected,
// RevisionBased updates, the root CA from cacerts, IstioCNI and ZTunnel.
#include <doctest/doctest.h>

#include "sandbox/testing/sail_harness.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {

std::string condition_status(const json& obj, const std::string& type) {
  for (const json& c : obj["status"].value("conditions", json::array()))
    if (c["type"] == type) return c["status"];
  return "";
}

const char* kMultiCluster = R"(  namespace: istio-system
  version: v1.26.0
  values:
    global:
      meshID: mesh1
      multiCluster:
        clusterName: cluster-east
      network: network1
)";

}  // namespace

TEST_CASE("the Sail, Istio and Gateway API kinds are served at their versions") {
  SailHarness h;
  for (const char* path :
       {"/apis/sailoperator.io/v1/istios", "/apis/sailoperator.io/v1/istiorevisions",
        "/apis/sailoperator.io/v1/istiocnis", "/apis/sailoperator.io/v1/ztunnels",
        "/apis/networking.istio.io/v1/namespaces/x/serviceentries",
        "/apis/networking.istio.io/v1/namespaces/x/workloadentries",
        "/apis/networking.istio.io/v1beta1/namespaces/x/gateways",
        "/apis/networking.istio.io/v1alpha3/namespaces/x/virtualservices",
        "/apis/networking.istio.io/v1/namespaces/x/destinationrules",
        "/apis/security.istio.io/v1/namespaces/x/peerauthentications",
        "/apis/gateway.networking.k8s.io/v1/namespaces/x/gateways",
        "/apis/gateway.networking.k8s.io/v1/namespaces/x/httproutes",
        "/apis/gateway.networking.k8s.io/v1/gatewayclasses"}) {
    INFO(path);
    CHECK(h.get(path).status == 200);
  }
  json sail = h.get("/apis/sailoperator.io/v1").body;
  bool istio_cluster_scoped = false;
  for (const json& r : sail["resources"])
    if (r["name"] == "istios") istio_cluster_scoped = r["namespaced"] == false;
  CHECK(istio_cluster_scoped);
}

TEST_CASE("an Istio makes its IstioRevision and istiod, Ready after the delay") {
  SailHarness h;
  REQUIRE(h.create_namespace("istio-system") == 201);
  REQUIRE(h.apply_istio("default", kMultiCluster).status == 201);

  json rev = h.get("/apis/sailoperator.io/v1/istiorevisions/default").body;
  CHECK(rev["spec"]["namespace"] == "istio-system");
  CHECK(rev["spec"]["version"] == "v1.26.0");
  CHECK(rev["spec"]["values"]["global"]["meshID"] == "mesh1");
  CHECK(rev["metadata"]["ownerReferences"][0]["kind"] == "Istio");
  CHECK(condition_status(rev, "Ready") == "False");

  json istio = h.get("/apis/sailoperator.io/v1/istios/default").body;
  CHECK(istio["status"]["state"] == "IstiodNotReady");
  CHECK(condition_status(istio, "Ready") == "False");
  CHECK(istio["status"]["activeRevisionName"] == "default");

  json deploy = h.get("/apis/apps/v1/namespaces/istio-system/deployments/istiod").body;
  REQUIRE(deploy["kind"] == "Deployment");
  bool cluster_id = false;
  for (const json& e : deploy["spec"]["template"]["spec"]["containers"][0]["env"])
    if (e["name"] == "CLUSTER_ID") cluster_id = e["value"] == "cluster-east";
  CHECK(cluster_id);
  CHECK(h.get("/api/v1/namespaces/istio-system/services/istiod").status == 200);
  json mesh = h.get("/api/v1/namespaces/istio-system/configmaps/istio").body;
  CHECK(mesh["data"]["mesh"].get<std::string>().find("meshId: mesh1") != std::string::npos);
  json injector =
      json::parse(h.get("/api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector")
                      .body["data"]["values"]
                      .get<std::string>());
  CHECK(injector["global"]["network"] == "network1");
  CHECK(injector["global"]["multiCluster"]["clusterName"] == "cluster-east");
  CHECK(h.get("/api/v1/namespaces/istio-system/configmaps/istio-ca-root-cert")
            .body["data"]["root-cert.pem"]
            .get<std::string>()
            .starts_with("-----BEGIN CERTIFICATE-----"));
  CHECK(h.get("/api/v1/namespaces/istio-system/serviceaccounts/istio-reader-service-account")
            .status == 200);

  h.advance(std::chrono::milliseconds(3000));
  istio = h.get("/apis/sailoperator.io/v1/istios/default").body;
  CHECK(istio["status"]["state"] == "Healthy");
  CHECK(condition_status(istio, "Ready") == "True");
  CHECK(condition_status(istio, "Reconciled") == "True");
  CHECK(istio["status"]["revisions"] == json{{"total", 1}, {"ready", 1}, {"inUse", 0}});
  CHECK(h.get("/apis/sailoperator.io/v1/istiorevisions/default").body["status"]["state"] ==
        "Healthy");
}

TEST_CASE("an Istio whose namespace is missing reports ReconcileError until it exists") {
  SailHarness h;
  REQUIRE(h.apply_istio("default", "  namespace: istio-system\n").status == 201);
  json rev = h.get("/apis/sailoperator.io/v1/istiorevisions/default").body;
  CHECK(rev["status"]["state"] == "ReconcileError");
  CHECK(rev["status"]["conditions"][0]["message"] == "namespace \"istio-system\" doesn't exist");
  CHECK(h.get("/apis/sailoperator.io/v1/istios/default").body["status"]["state"] ==
        "ReconcileError");
  CHECK(h.get("/apis/apps/v1/namespaces/istio-system/deployments/istiod").status == 404);

  REQUIRE(h.create_namespace("istio-system") == 201);
  h.advance(std::chrono::milliseconds(3000));
  CHECK(h.get("/apis/sailoperator.io/v1/istios/default").body["status"]["state"] == "Healthy");
}

TEST_CASE("RevisionBased makes a revision per version and drops the old one once unused") {
  SailHarness h;
  REQUIRE(h.create_namespace("istio-system") == 201);
  std::string spec = "  namespace: istio-system\n  updateStrategy:\n    type: RevisionBased\n";
  REQUIRE(h.apply_istio("default", spec + "  version: v1.24.3\n").status == 201);
  CHECK(h.get("/apis/sailoperator.io/v1/istiorevisions/default-v1-24-3").status == 200);
  CHECK(h.get("/apis/apps/v1/namespaces/istio-system/deployments/istiod-default-v1-24-3").status ==
        200);
  CHECK(h.get("/api/v1/namespaces/istio-system/configmaps/istio-default-v1-24-3").status == 200);
  REQUIRE(h.create_namespace("app", {{"istio.io/rev", "default-v1-24-3"}}) == 201);
  h.advance(std::chrono::milliseconds(3000));
  CHECK(condition_status(h.get("/apis/sailoperator.io/v1/istiorevisions/default-v1-24-3").body,
                         "InUse") == "True");
  CHECK(h.get("/api/v1/namespaces/app/configmaps/istio-ca-root-cert").status == 200);

  REQUIRE(h.apply_istio("default", spec + "  version: v1.26.0\n").status == 200);
  h.advance(std::chrono::milliseconds(3000));
  json istio = h.get("/apis/sailoperator.io/v1/istios/default").body;
  CHECK(istio["status"]["activeRevisionName"] == "default-v1-26-0");
  CHECK(istio["status"]["revisions"] == json{{"total", 2}, {"ready", 2}, {"inUse", 1}});
  CHECK(h.get("/apis/sailoperator.io/v1/istiorevisions/default-v1-24-3").status == 200);

  REQUIRE(h.apply("/api/v1/namespaces/app",
                  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n  labels:\n    "
                  "istio.io/rev: default-v1-26-0\n",
                  "test", true)
              .status == 200);
  h.advance(std::chrono::milliseconds(100));
  CHECK(h.get("/apis/sailoperator.io/v1/istiorevisions/default-v1-24-3").status == 404);
  CHECK(h.get("/apis/sailoperator.io/v1/istios/default").body["status"]["revisions"]["total"] == 1);
}

TEST_CASE("a plugged-in cacerts root is what istio-ca-root-cert publishes") {
  SailHarness h;
  REQUIRE(h.create_namespace("istio-system") == 201);
  REQUIRE(h.create_namespace("bookinfo", {{"istio-injection", "enabled"}}) == 201);
  std::string root = "-----BEGIN CERTIFICATE-----\nshared-root\n-----END CERTIFICATE-----\n";
  REQUIRE(
      h.post("/api/v1/namespaces/istio-system/secrets", {{"apiVersion", "v1"},
                                                         {"kind", "Secret"},
                                                         {"metadata", {{"name", "cacerts"}}},
                                                         {"stringData", {{"root-cert.pem", root}}}})
          .status == 201);
  REQUIRE(h.apply_istio("default", "  namespace: istio-system\n").status == 201);
  CHECK(h.get("/api/v1/namespaces/istio-system/configmaps/istio-ca-root-cert")
            .body["data"]["root-cert.pem"] == root);
  CHECK(h.get("/api/v1/namespaces/bookinfo/configmaps/istio-ca-root-cert")
            .body["data"]["root-cert.pem"] == root);
  CHECK(h.get("/api/v1/namespaces/istio-system/secrets/istio-ca-secret").status == 404);
}

TEST_CASE("deleting an Istio removes its revision and istiod") {
  SailHarness h;
  h.ready_control_plane();
  REQUIRE(h.call("DELETE", "/apis/sailoperator.io/v1/istios/default").status == 200);
  h.advance(std::chrono::milliseconds(100));
  CHECK(h.get("/apis/sailoperator.io/v1/istiorevisions/default").status == 404);
  CHECK(h.get("/apis/apps/v1/namespaces/istio-system/deployments/istiod").status == 404);
  CHECK(h.get("/api/v1/namespaces/istio-system/services/istiod").status == 404);
}

TEST_CASE("IstioCNI and ZTunnel must be named default and turn Ready after the delay") {
  SailHarness h;
  REQUIRE(h.create_namespace("istio-cni") == 201);
  REQUIRE(h.apply("/apis/sailoperator.io/v1/istiocnis/default",
                  "apiVersion: sailoperator.io/v1\nkind: IstioCNI\nmetadata:\n  name: default\n"
                  "spec:\n  namespace: istio-cni\n  version: v1.26.0\n",
                  "test")
              .status == 201);
  REQUIRE(h.apply("/apis/sailoperator.io/v1/ztunnels/other",
                  "apiVersion: sailoperator.io/v1\nkind: ZTunnel\nmetadata:\n  name: other\n",
                  "test")
              .status == 201);
  json cni = h.get("/apis/sailoperator.io/v1/istiocnis/default").body;
  CHECK(cni["status"]["state"] == "DaemonSetNotReady");
  CHECK(h.get("/api/v1/namespaces/istio-cni/serviceaccounts/istio-cni").status == 200);
  h.advance(std::chrono::milliseconds(3000));
  cni = h.get("/apis/sailoperator.io/v1/istiocnis/default").body;
  CHECK(cni["status"]["state"] == "Healthy");
  CHECK(condition_status(cni, "Ready") == "True");
  json zt = h.get("/apis/sailoperator.io/v1/ztunnels/other").body;
  CHECK(zt["status"]["state"] == "ReconcileError");
  CHECK(zt["status"]["conditions"][0]["message"] == "metadata.name must be 'default'");
}

TEST_CASE("revision and istiod names follow the update strategy") {
  json in_place = {{"metadata", {{"name", "default"}}}, {"spec", {{"version", "v1.24.3"}}}};
  CHECK(revision_name(in_place, "v1.26.0") == "default");
  json based = {{"metadata", {{"name", "mesh"}}},
                {"spec", {{"updateStrategy", {{"type", "RevisionBased"}}}}}};
  CHECK(revision_name(based, "v1.26.0") == "mesh-v1-26-0");
  CHECK(istiod_name("default") == "istiod");
  CHECK(istiod_name("mesh-v1-26-0") == "istiod-mesh-v1-26-0");
}
