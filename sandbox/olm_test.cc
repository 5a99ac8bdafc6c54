// Tests for the OLM play: a cluster without operators serves OLM only; a Subscription leads to
// an InstallPlan, a CSV Installing then Succeeded and the operator's CRDs and play; resolution
// failures, manual approval and a namespace without an OperatorGroup, as OLM reports them.
#include <doctest/doctest.h>

#include "sandbox/olm.h"
#include "sandbox/testing/test_util.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {

const char* const kSubs = "/apis/operators.coreos.com/v1alpha1/namespaces/openshift-operators/";

// A harness with OLM and no operators; CSVs install in 5 s, control planes Ready in 3 s.
struct OlmHarness : Harness {
  explicit OlmHarness(bool operators_installed = false) : Harness(make_options("olm", 7)) {
    OlmOptions o;
    o.install_delay = std::chrono::milliseconds(5000);
    o.ready_delay = std::chrono::milliseconds(3000);
    install_olm(cluster, o, operators_installed);
    cluster.tick();
  }

  Reply subscribe(const std::string& name, const std::string& package, const std::string& extra,
                  const std::string& ns = "openshift-operators") {
    return apply("/apis/operators.coreos.com/v1alpha1/namespaces/" + ns + "/subscriptions/" + name,
                 "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n"
                 "  name: " +
                     name + "\n  namespace: " + ns + "\nspec:\n  name: " + package +
                     "\n  source: redhat-operators\n  sourceNamespace: openshift-marketplace\n" +
                     extra,
                 "test");
  }
};

std::string olm_test_condition(const json& obj, const std::string& type, std::string* message) {
  for (const json& c : obj["status"].value("conditions", json::array()))
    if (c["type"] == type) {
      if (message) *message = c.value("message", "");
      return c["status"];
    }
  return "";
}

}  // namespace

TEST_CASE("without operators the cluster serves OLM but not the mesh kinds") {
  OlmHarness h;
  CHECK(h.get("/apis/operators.coreos.com/v1alpha1/namespaces/x/subscriptions").status == 200);
  CHECK(h.get("/apis/operators.coreos.com/v1/namespaces/x/operatorgroups").status == 200);
  CHECK(h.get("/apis/maistra.io/v2/namespaces/x/servicemeshcontrolplanes").status == 404);
  CHECK(h.get("/apis/kiali.io/v1alpha1/namespaces/x/kialis").status == 404);
  CHECK(h.get("/apis/jaegertracing.io/v1/namespaces/x/jaegers").status == 404);
  json og = h.get(
                 "/apis/operators.coreos.com/v1/namespaces/openshift-operators/operatorgroups/"
                 "global-operators")
                .body;
  CHECK(og["status"]["namespaces"] == json::array({""}));
  CHECK(h.get("/apis/operators.coreos.com/v1alpha1/namespaces/openshift-marketplace/"
              "catalogsources/redhat-operators")
            .status == 200);
}

TEST_CASE("a Subscription installs the operator: CSV Installing, then Succeeded with its CRDs") {
  OlmHarness h;
  REQUIRE(h.subscribe("servicemeshoperator", "servicemeshoperator", "  channel: stable\n").status ==
          201);
  json sub = h.get(std::string(kSubs) + "subscriptions/servicemeshoperator").body;
  CHECK(sub["status"]["currentCSV"] == "servicemeshoperator.v2.6.5");
  CHECK(sub["status"]["installedCSV"] == "servicemeshoperator.v2.6.5");
  CHECK(sub["status"]["state"] == "AtLatestKnown");
  std::string plan = sub["status"]["installPlanRef"]["name"];
  json ip = h.get(std::string(kSubs) + "installplans/" + plan).body;
  CHECK(ip["spec"]["approved"] == true);
  CHECK(ip["status"]["phase"] == "Complete");
  json csv = h.get(std::string(kSubs) + "clusterserviceversions/servicemeshoperator.v2.6.5").body;
  CHECK(csv["status"]["phase"] == "Installing");
  CHECK(csv["spec"]["displayName"] == "Red Hat OpenShift Service Mesh");
  CHECK(h.get("/apis/maistra.io/v2/namespaces/x/servicemeshcontrolplanes").status == 404);

  h.advance(std::chrono::milliseconds(5000));
  csv = h.get(std::string(kSubs) + "clusterserviceversions/servicemeshoperator.v2.6.5").body;
  CHECK(csv["status"]["phase"] == "Succeeded");
  CHECK(h.get("/apis/maistra.io/v2/namespaces/x/servicemeshcontrolplanes").status == 200);
  CHECK(h.get("/apis/federation.maistra.io/v1/namespaces/x/servicemeshpeers").status == 200);
  json crd = h.get(
                  "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                  "servicemeshcontrolplanes.maistra.io")
                 .body;
  CHECK(olm_test_condition(crd, "Established", nullptr) == "True");

  // The operator's play runs: a control plane turns Ready.
  REQUIRE(h.post("/api/v1/namespaces", {{"apiVersion", "v1"},
                                        {"kind", "Namespace"},
                                        {"metadata", {{"name", "mesh1-system"}}}})
              .status == 201);
  REQUIRE(h.apply("/apis/maistra.io/v2/namespaces/mesh1-system/servicemeshcontrolplanes/basic",
                  "apiVersion: maistra.io/v2\nkind: ServiceMeshControlPlane\nmetadata:\n"
                  "  name: basic\n  namespace: mesh1-system\nspec:\n  version: v2.1\n",
                  "test")
              .status == 201);
  h.advance(std::chrono::milliseconds(3000));
  json smcp =
      h.get("/apis/maistra.io/v2/namespaces/mesh1-system/servicemeshcontrolplanes/basic").body;
  CHECK(olm_test_condition(smcp, "Ready", nullptr) == "True");

  // Kiali and Jaeger the same way.
  REQUIRE(h.subscribe("kiali-ossm", "kiali-ossm", "  channel: stable\n").status == 201);
  REQUIRE(h.subscribe("jaeger-product", "jaeger-product", "").status == 201);  // default channel
  h.advance(std::chrono::milliseconds(5000));
  CHECK(h.get("/apis/kiali.io/v1alpha1/namespaces/x/kialis").status == 200);
  CHECK(h.get("/apis/jaegertracing.io/v1/namespaces/x/jaegers").status == 200);
}

TEST_CASE("an unknown package, channel or catalog fails resolution as OLM reports it") {
  OlmHarness h;
  std::string message;
  REQUIRE(h.subscribe("typo", "servicemeshoperatr", "  channel: stable\n").status == 201);
  json sub = h.get(std::string(kSubs) + "subscriptions/typo").body;
  CHECK(olm_test_condition(sub, "ResolutionFailed", &message) == "True");
  CHECK(message ==
        "constraints not satisfiable: no operators found in package servicemeshoperatr in the "
        "catalog referenced by subscription typo");
  CHECK(!sub["status"].contains("installedCSV"));

  REQUIRE(h.subscribe("channel", "kiali-ossm", "  channel: candidate\n").status == 201);
  sub = h.get(std::string(kSubs) + "subscriptions/channel").body;
  CHECK(olm_test_condition(sub, "ResolutionFailed", &message) == "True");
  CHECK(message.find("no operators found in channel candidate of package kiali-ossm") !=
        std::string::npos);

  REQUIRE(h.apply(std::string(kSubs) + "subscriptions/catalog",
                  "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n"
                  "  name: catalog\n  namespace: openshift-operators\nspec:\n"
                  "  name: kiali-ossm\n  source: community-operators\n"
                  "  sourceNamespace: openshift-marketplace\n",
                  "test")
              .status == 201);
  sub = h.get(std::string(kSubs) + "subscriptions/catalog").body;
  olm_test_condition(sub, "ResolutionFailed", &message);
  CHECK(message.find("no operators found from catalog community-operators in namespace "
                     "openshift-marketplace") != std::string::npos);
  h.advance(std::chrono::milliseconds(10000));
  CHECK(h.get("/apis/kiali.io/v1alpha1/namespaces/x/kialis").status == 404);
}

TEST_CASE("manual approval waits for the InstallPlan to be approved") {
  OlmHarness h;
  REQUIRE(h.subscribe("jaeger", "jaeger-product", "  installPlanApproval: Manual\n").status == 201);
  json sub = h.get(std::string(kSubs) + "subscriptions/jaeger").body;
  CHECK(sub["status"]["state"] == "UpgradePending");
  CHECK(olm_test_condition(sub, "InstallPlanPending", nullptr) == "True");
  std::string plan = sub["status"]["installPlanRef"]["name"];
  CHECK(h.get(std::string(kSubs) + "installplans/" + plan).body["status"]["phase"] ==
        "RequiresApproval");
  h.advance(std::chrono::milliseconds(10000));
  CHECK(h.get("/apis/jaegertracing.io/v1/namespaces/x/jaegers").status == 404);

  REQUIRE(h.call("PATCH", std::string(kSubs) + "installplans/" + plan,
                 R"({"spec":{"approved":true}})", "application/merge-patch+json")
              .status == 200);
  h.advance(std::chrono::milliseconds(5000));
  sub = h.get(std::string(kSubs) + "subscriptions/jaeger").body;
  CHECK(sub["status"]["installedCSV"] == "jaeger-operator.v1.65.0-3");
  CHECK(h.get("/apis/jaegertracing.io/v1/namespaces/x/jaegers").status == 200);
}

TEST_CASE("a CSV in a namespace without an OperatorGroup fails") {
  OlmHarness h;
  REQUIRE(h.post("/api/v1/namespaces",
                 {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "ops"}}}})
              .status == 201);
  REQUIRE(h.subscribe("kiali", "kiali-ossm", "", "ops").status == 201);
  h.advance(std::chrono::milliseconds(5000));
  json csv = h.get(
                  "/apis/operators.coreos.com/v1alpha1/namespaces/ops/clusterserviceversions/"
                  "kiali-operator.v1.89.10")
                 .body;
  CHECK(csv["status"]["phase"] == "Failed");
  CHECK(csv["status"]["reason"] == "NoOperatorGroup");
  CHECK(h.get("/apis/kiali.io/v1alpha1/namespaces/x/kialis").status == 404);
}

TEST_CASE("with the operators installed, a Subscription succeeds without a second play") {
  OlmHarness h(true);
  CHECK(h.get("/apis/maistra.io/v2/namespaces/x/servicemeshcontrolplanes").status == 200);
  CHECK(h.get("/apis/kiali.io/v1alpha1/namespaces/x/kialis").status == 200);
  REQUIRE(h.subscribe("servicemeshoperator", "servicemeshoperator", "").status == 201);
  h.advance(std::chrono::milliseconds(5000));
  json csv = h.get(std::string(kSubs) + "clusterserviceversions/servicemeshoperator.v2.6.5").body;
  CHECK(csv["status"]["phase"] == "Succeeded");
}
