// Tests for the OSSM operator play: CRDs present, a real root CA per control plane (and per
// sandbox), gateway Services and Routes as the SMCP asks, Ready after the delay, member rolls
// and peers.
#include <doctest/doctest.h>

#include "base/certs.h"
#include "base/yaml_json.h"
#include "sandbox/testing/test_util.h"

using namespace fedplan::sandbox;
using fedplan::CertInfo;
using fedplan::inspect_cert;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {

const char* kSmcp = R"(apiVersion: maistra.io/v2
kind: ServiceMeshControlPlane
metadata:
  name: fed-export
  namespace: mesh1-system
spec:
  version: v2.1
  gateways:
    additionalEgress:
      mesh2-egress:
        enabled: true
        service:
          metadata:
            labels:
              federation.maistra.io/egress-for: mesh2
          ports:
          - port: 15443
            name: tls
          - port: 8188
            name: http-discovery
    additionalIngress:
      mesh2-ingress:
        enabled: true
        service:
          type: NodePort
          metadata:
            labels:
              federation.maistra.io/ingress-for: mesh2
          ports:
          - port: 15443
            name: tls
          - port: 8188
            name: https-discovery
  security:
    trust:
      domain: mesh1.local
)";

void setup_mesh(Harness& h) {
  for (const char* n : {"mesh1-system", "mesh1-bookinfo"})
    REQUIRE(h.post("/api/v1/namespaces",
                   {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", n}}}})
                .status == 201);
  Reply r =
      h.apply("/apis/maistra.io/v2/namespaces/mesh1-system/servicemeshcontrolplanes/fed-export",
              kSmcp, "fedplan");
  REQUIRE(r.status == 201);
}

std::string root_cert(Harness& h) {
  Reply cm = h.get("/api/v1/namespaces/mesh1-system/configmaps/istio-ca-root-cert");
  REQUIRE(cm.status == 200);
  return cm.body["data"]["root-cert.pem"];
}

}  // namespace

TEST_CASE("the OSSM CRDs are installed unless the sandbox is bare") {
  Harness with(true);
  for (const char* path :
       {"/apis/maistra.io/v2", "/apis/maistra.io/v1", "/apis/federation.maistra.io/v1",
        "/apis/networking.istio.io/v1alpha3", "/apis/security.istio.io/v1beta1"})
    CHECK_MESSAGE(with.get(path).status == 200, path);
  Harness bare(false);
  CHECK(bare.get("/apis/maistra.io/v2").status == 404);
}

TEST_CASE("a control plane gets a real self-signed root CA in istio-ca-root-cert") {
  Harness h(true, "one");
  setup_mesh(h);
  std::string pem = root_cert(h);
  CertInfo info;
  std::string err;
  REQUIRE_MESSAGE(inspect_cert(pem, &info, &err), err);
  CHECK(info.is_ca);
  CHECK(info.self_signed);
  CHECK(info.subject.find("mesh1.local") != std::string::npos);
  // Stable across reconciles.
  h.advance(std::chrono::milliseconds(500));
  CHECK(root_cert(h) == pem);

  Harness other(true, "two");
  setup_mesh(other);
  CertInfo info2;
  REQUIRE(inspect_cert(root_cert(other), &info2, &err));
  CHECK(info2.sha256_fingerprint != info.sha256_fingerprint);
}

TEST_CASE("gateway Services and Routes follow the control plane's spec") {
  Harness h(true);
  setup_mesh(h);
  Reply ingress = h.get("/api/v1/namespaces/mesh1-system/services/mesh2-ingress");
  REQUIRE(ingress.status == 200);
  CHECK(ingress.body["spec"]["type"] == "NodePort");
  const json& ports = ingress.body["spec"]["ports"];
  REQUIRE(ports.size() == 2);
  CHECK(ports[0]["name"] == "tls");
  CHECK(ports[0]["port"] == 15443);
  CHECK(ports[1]["name"] == "https-discovery");
  CHECK(ports[1]["nodePort"].get<int>() >= 30000);
  CHECK(ingress.body["metadata"]["labels"]["federation.maistra.io/ingress-for"] == "mesh2");
  CHECK(ingress.body["metadata"]["ownerReferences"][0]["kind"] == "ServiceMeshControlPlane");

  Reply egress = h.get("/api/v1/namespaces/mesh1-system/services/mesh2-egress");
  REQUIRE(egress.status == 200);
  CHECK(egress.body["spec"]["type"] == "ClusterIP");
  CHECK(egress.body["spec"]["ports"][1]["name"] == "http-discovery");

  Reply route = h.get("/apis/route.openshift.io/v1/namespaces/mesh1-system/routes/mesh2-ingress");
  REQUIRE(route.status == 200);
  CHECK(route.body["spec"]["to"]["name"] == "mesh2-ingress");
  CHECK_FALSE(route.body["spec"]["host"].get<std::string>().empty());
  CHECK(h.get("/apis/route.openshift.io/v1/namespaces/mesh1-system/routes/mesh2-egress").status ==
        404);

  // Node ports stay put across reconciles.
  h.advance(std::chrono::milliseconds(4000));
  CHECK(h.get("/api/v1/namespaces/mesh1-system/services/mesh2-ingress").body["spec"]["ports"] ==
        ports);

  // Switching the ingress to LoadBalancer gives it an address.
  std::string lb = kSmcp;
  lb.replace(lb.find("type: NodePort"), 14, "type: LoadBalancer");
  REQUIRE(h.apply("/apis/maistra.io/v2/namespaces/mesh1-system/servicemeshcontrolplanes/fed-export",
                  lb, "fedplan")
              .status == 200);
  h.advance(std::chrono::milliseconds(100));
  Reply after = h.get("/api/v1/namespaces/mesh1-system/services/mesh2-ingress");
  CHECK(after.body["spec"]["type"] == "LoadBalancer");
  CHECK(after.body["status"]["loadBalancer"]["ingress"][0]["ip"].get<std::string>().rfind(
            "192.0.2.", 0) == 0);
}

TEST_CASE("control planes become Ready after the delay and member rolls once members exist") {
  Harness h(true);
  setup_mesh(h);
  std::string smcp_url =
      "/apis/maistra.io/v2/namespaces/mesh1-system/servicemeshcontrolplanes/fed-export";
  auto ready = [&](const json& obj) {
    for (const json& c : obj["status"]["conditions"])
      if (c["type"] == "Ready") return c["status"] == "True";
    return false;
  };
  CHECK_FALSE(ready(h.get(smcp_url).body));
  REQUIRE(
      h.apply("/apis/maistra.io/v1/namespaces/mesh1-system/servicemeshmemberrolls/default",
              "apiVersion: maistra.io/v1\nkind: ServiceMeshMemberRoll\nmetadata:\n  name: default\n"
              "spec:\n  members:\n  - mesh1-bookinfo\n  - later\n",
              "fedplan")
          .status == 201);
  std::string smmr_url =
      "/apis/maistra.io/v1/namespaces/mesh1-system/servicemeshmemberrolls/default";
  h.advance(std::chrono::milliseconds(3100));
  CHECK(ready(h.get(smcp_url).body));
  Reply smmr = h.get(smmr_url);
  CHECK_FALSE(ready(smmr.body));
  CHECK(smmr.body["status"]["pendingMembers"] == json::array({"later"}));
  CHECK(smmr.body["status"]["configuredMembers"] == json::array({"mesh1-bookinfo"}));
  CHECK(h.get("/api/v1/namespaces/mesh1-bookinfo")
            .body["metadata"]["labels"]["maistra.io/member-of"] == "mesh1-system");

  h.post("/api/v1/namespaces",
         {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "later"}}}});
  h.advance(std::chrono::milliseconds(100));
  smmr = h.get(smmr_url);
  CHECK(ready(smmr.body));
  CHECK(smmr.body["status"]["annotations"]["configuredMemberCount"] == "2/2");
  CHECK(h.get("/api/v1/namespaces/later/configmaps/istio-ca-root-cert").status == 200);
}

TEST_CASE("a peer reports discovery as connected once its local configuration is complete") {
  Harness h(true);
  setup_mesh(h);
  h.advance(std::chrono::milliseconds(3100));
  std::string peer_yaml =
      "apiVersion: federation.maistra.io/v1\nkind: ServiceMeshPeer\nmetadata:\n  name: mesh2\n"
      "spec:\n  remote:\n    addresses: [192.0.2.77]\n    discoveryPort: 8188\n    servicePort: "
      "15443\n"
      "  gateways:\n    ingress: {name: mesh2-ingress}\n    egress: {name: mesh2-egress}\n"
      "  security:\n    trustDomain: mesh2.local\n    certificateChain: {kind: ConfigMap, name: "
      "mesh2-ca-root-cert}\n";
  std::string url = "/apis/federation.maistra.io/v1/namespaces/mesh1-system/servicemeshpeers/mesh2";
  REQUIRE(h.apply(url, peer_yaml, "fedplan").status == 201);
  Reply p = h.get(url);
  REQUIRE(p.body["status"]["discoveryStatus"].contains("inactive"));
  CHECK(p.body["status"]["discoveryStatus"]["inactive"][0]["watch"]["connected"] == false);

  h.post("/api/v1/namespaces/mesh1-system/configmaps",
         {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", "mesh2-ca-root-cert"}}},
          {"data", {{"root-cert.pem", "-----BEGIN CERTIFICATE-----\n"}}}});
  h.advance(std::chrono::milliseconds(100));
  p = h.get(url);
  REQUIRE(p.body["status"]["discoveryStatus"].contains("active"));
  CHECK(p.body["status"]["discoveryStatus"]["active"][0]["remotes"][0]["source"] == "192.0.2.77");
}

TEST_CASE("deleting the control plane removes what the operator made for it") {
  Harness h(true);
  setup_mesh(h);
  REQUIRE(h.get("/api/v1/namespaces/mesh1-system/services/mesh2-ingress").status == 200);
  h.call("DELETE",
         "/apis/maistra.io/v2/namespaces/mesh1-system/servicemeshcontrolplanes/fed-export");
  h.advance(std::chrono::milliseconds(100));
  CHECK(h.get("/api/v1/namespaces/mesh1-system/services/mesh2-ingress").status == 404);
  CHECK(h.get("/api/v1/namespaces/mesh1-system/configmaps/istio-ca-root-cert").status == 404);
}

TEST_CASE("the operator settles: once reconciled, further ticks write nothing") {
  Harness h(true);
  setup_mesh(h);
  h.apply("/apis/maistra.io/v1/namespaces/mesh1-system/servicemeshmemberrolls/default",
          "apiVersion: maistra.io/v1\nkind: ServiceMeshMemberRoll\nmetadata:\n  name: default\n"
          "spec:\n  members: [mesh1-bookinfo]\n",
          "fedplan");
  h.apply(
      "/apis/federation.maistra.io/v1/namespaces/mesh1-system/exportedservicesets/mesh2",
      "apiVersion: federation.maistra.io/v1\nkind: ExportedServiceSet\nmetadata:\n  name: mesh2\n"
      "spec:\n  exportRules:\n  - type: NameSelector\n    nameSelector: {namespace: mesh1-system, "
      "name: mesh2-ingress}\n",
      "fedplan");
  h.advance(std::chrono::milliseconds(3100));
  h.advance(std::chrono::milliseconds(100));
  uint64_t rv = h.cluster.store().resource_version();
  for (int i = 0; i < 5; ++i) h.advance(std::chrono::seconds(2));
  CHECK(h.cluster.store().resource_version() == rv);
  Reply set =
      h.get("/apis/federation.maistra.io/v1/namespaces/mesh1-system/exportedservicesets/mesh2");
  REQUIRE(set.body["status"]["exportedServices"].size() == 1);
  CHECK(set.body["status"]["exportedServices"][0]["exportedName"] ==
        "mesh2-ingress.mesh1-system.svc.mesh2-exports.local");
}
