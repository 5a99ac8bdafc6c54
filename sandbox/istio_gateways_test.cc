// Tests for istiod's Gateway API controller in the Sail play: GatewayClasses, the east-west
// gateway's Service (LoadBalancer address or NodePort) with the network label, Gateway and
// HTTPRoute status, nothing before istiod is Ready.
#include <doctest/doctest.h>

#include "sandbox/testing/sail_harness.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {

std::string east_west(const std::string& annotations = "") {
  return "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: "
         "eastwestgateway\n  namespace: istio-system\n  labels:\n    topology.istio.io/network: "
         "network1\n" +
         annotations +
         "spec:\n  gatewayClassName: istio\n  listeners:\n  - name: tls-passthrough\n    port: "
         "15443\n    protocol: TLS\n    tls:\n      mode: Passthrough\n";
}

const char* kGatewayPath =
    "/apis/gateway.networking.k8s.io/v1/namespaces/istio-system/gateways/eastwestgateway";

json condition(const json& obj, const std::string& type) {
  for (const json& c : obj["status"].value("conditions", json::array()))
    if (c["type"] == type) return c;
  return nullptr;
}

}  // namespace

TEST_CASE("an east-west Gateway gets a LoadBalancer Service with the network label") {
  SailHarness h;
  h.ready_control_plane();
  REQUIRE(h.apply(kGatewayPath, east_west(), "test").status == 201);

  json svc = h.get("/api/v1/namespaces/istio-system/services/eastwestgateway-istio").body;
  REQUIRE(svc["kind"] == "Service");
  CHECK(svc["spec"]["type"] == "LoadBalancer");
  CHECK(svc["metadata"]["labels"]["topology.istio.io/network"] == "network1");
  CHECK(svc["metadata"]["labels"]["gateway.networking.k8s.io/gateway-name"] == "eastwestgateway");
  bool tls = false;
  for (const json& p : svc["spec"]["ports"])
    if (p["port"] == 15443) tls = p["nodePort"].get<int>() >= 30000;
  CHECK(tls);
  std::string ip = svc["status"]["loadBalancer"]["ingress"][0]["ip"];
  CHECK(ip.starts_with("192.0.2."));
  CHECK(h.get("/apis/apps/v1/namespaces/istio-system/deployments/eastwestgateway-istio").status ==
        200);

  json gw = h.get(kGatewayPath).body;
  CHECK(gw["status"]["addresses"] == json::array({{{"type", "IPAddress"}, {"value", ip}}}));
  CHECK(condition(gw, "Accepted")["status"] == "True");
  CHECK(condition(gw, "Programmed")["status"] == "True");
  CHECK(gw["status"]["listeners"][0]["name"] == "tls-passthrough");
  json gc = h.get("/apis/gateway.networking.k8s.io/v1/gatewayclasses/istio").body;
  CHECK(gc["spec"]["controllerName"] == "istio.io/gateway-controller");
  CHECK(condition(gc, "Accepted")["status"] == "True");

  REQUIRE(h.call("DELETE", kGatewayPath).status == 200);
  h.advance(std::chrono::milliseconds(100));
  CHECK(h.get("/api/v1/namespaces/istio-system/services/eastwestgateway-istio").status == 404);
}

TEST_CASE("the service-type annotation makes the east-west gateway a NodePort") {
  SailHarness h;
  h.ready_control_plane();
  REQUIRE(h.apply(kGatewayPath,
                  east_west("  annotations:\n    networking.istio.io/service-type: NodePort\n"),
                  "test")
              .status == 201);
  json svc = h.get("/api/v1/namespaces/istio-system/services/eastwestgateway-istio").body;
  CHECK(svc["spec"]["type"] == "NodePort");
  CHECK(svc["spec"]["ports"][1]["nodePort"].get<int>() >= 30000);
  json gw = h.get(kGatewayPath).body;
  CHECK(gw["status"]["addresses"][0] ==
        json{{"type", "Hostname"},
             {"value", "eastwestgateway-istio.istio-system.svc.cluster.local"}});
  CHECK(condition(gw, "Programmed")["status"] == "True");
}

TEST_CASE("without a load balancer the Gateway is not Programmed") {
  ClusterOptions o = Harness::make_options("test", 7);
  o.load_balancers = false;
  SailHarness h(o);
  h.ready_control_plane();
  REQUIRE(h.apply(kGatewayPath, east_west(), "test").status == 201);
  json gw = h.get(kGatewayPath).body;
  CHECK(condition(gw, "Programmed")["status"] == "False");
  CHECK(condition(gw, "Programmed")["reason"] == "AddressNotAssigned");
  CHECK(gw["status"]["addresses"].empty());
}

TEST_CASE("no Gateway is deployed before istiod is Ready") {
  SailHarness h;
  REQUIRE(h.create_namespace("istio-system") == 201);
  REQUIRE(h.apply(kGatewayPath, east_west(), "test").status == 201);
  CHECK(h.get("/api/v1/namespaces/istio-system/services/eastwestgateway-istio").status == 404);
  CHECK_FALSE(h.get(kGatewayPath).body.contains("status"));
  REQUIRE(h.apply_istio("default", "  namespace: istio-system\n").status == 201);
  h.advance(std::chrono::milliseconds(3000));
  CHECK(h.get("/api/v1/namespaces/istio-system/services/eastwestgateway-istio").status == 200);
  CHECK(condition(h.get(kGatewayPath).body, "Programmed")["status"] == "True");
}

TEST_CASE("an HTTPRoute on an istio Gateway gets its parent status") {
  SailHarness h;
  h.ready_control_plane();
  REQUIRE(h.create_namespace("app") == 201);
  REQUIRE(h.apply("/apis/gateway.networking.k8s.io/v1/namespaces/app/gateways/web",
                  "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: "
                  "web\n  namespace: app\nspec:\n  gatewayClassName: istio\n  listeners:\n  - "
                  "name: http\n    port: 80\n    protocol: HTTP\n",
                  "test")
              .status == 201);
  REQUIRE(h.apply("/apis/gateway.networking.k8s.io/v1/namespaces/app/httproutes/r",
                  "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: "
                  "r\n  namespace: app\nspec:\n  parentRefs:\n  - name: web\n  rules:\n  - "
                  "backendRefs:\n    - name: ratings\n      port: 9080\n",
                  "test")
              .status == 201);
  json route = h.get("/apis/gateway.networking.k8s.io/v1/namespaces/app/httproutes/r").body;
  REQUIRE(route["status"]["parents"].size() == 1);
  json parent = route["status"]["parents"][0];
  CHECK(parent["controllerName"] == "istio.io/gateway-controller");
  CHECK(parent["conditions"][0]["status"] == "True");
  CHECK(parent["conditions"][1]["reason"] == "BackendNotFound");
  json gw = h.get("/apis/gateway.networking.k8s.io/v1/namespaces/app/gateways/web").body;
  CHECK(gw["status"]["listeners"][0]["attachedRoutes"] == 1);

  REQUIRE(h.post("/api/v1/namespaces/app/services", {{"apiVersion", "v1"},
                                                     {"kind", "Service"},
                                                     {"metadata", {{"name", "ratings"}}},
                                                     {"spec", {{"ports", {{{"port", 9080}}}}}}})
              .status == 201);
  route = h.get("/apis/gateway.networking.k8s.io/v1/namespaces/app/httproutes/r").body;
  CHECK(route["status"]["parents"][0]["conditions"][1]["status"] == "True");
}
