// Tests of the kube_object and kube_objects data sources against the fake API server: one
// object by kind and name, a list by selector, the apiVersion found by discovery.
#include <doctest/doctest.h>

#include "providers/kube/testing/provider_fixture.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::diag_text;
using testing::json_value;
using Fixture = testing::ProviderFixture;

TEST_CASE("data sources read one object or list by selector, api_version found by kind") {
  Fixture f;
  f.cluster->put(json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}}})"));
  ReadResult r = f.p->read_data("kube_object", Value::object({{"kind", Value::string("Deployment")},
                                                              {"name", Value::string("web")}}));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(r.state.get("api_version")->as_string() == "apps/v1");
  CHECK(to_json(*r.state.get("object"))["metadata"]["labels"]["app"] == "web");
  r = f.p->read_data("kube_object", Value::object({{"kind", Value::string("Deployment")},
                                                   {"name", Value::string("nope")}}));
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary.find("not found") != std::string::npos);

  r = f.p->read_data("kube_objects", Value::object({{"api_version", Value::string("apps/v1")},
                                                    {"kind", Value::string("Deployment")},
                                                    {"label_selector", Value::string("app=web")}}));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(r.state.get("objects")->elements().size() == 1);
  CHECK(f.cluster->count("GET /apis/apps/v1/deployments?labelSelector=app%3Dweb&limit=500") == 1);
  r = f.p->read_data("kube_objects", Value::object({{"kind", Value::string("Gizmo")}}));
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary == "Unknown kind Gizmo");
}

TEST_CASE("a kube_object data source with a wait block reads until the object exists and holds") {
  Fixture f;
  f.cluster->serve(
      {"operators.coreos.com/v1alpha1", "ClusterServiceVersion", "clusterserviceversions", true});
  int gets = 0;
  // An operator's CSV: missing at first, then Installing, then Succeeded.
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method != "GET" || req.url.find("/clusterserviceversions/op.v1") == std::string::npos)
      return std::nullopt;
    ++gets;
    if (gets == 1)
      return HttpResponse{404, {}, R"({"kind":"Status","reason":"NotFound","code":404})"};
    json csv = {{"apiVersion", "operators.coreos.com/v1alpha1"},
                {"kind", "ClusterServiceVersion"},
                {"metadata", {{"name", "op.v1"}, {"namespace", "ops"}}},
                {"status", {{"phase", gets < 4 ? "Installing" : "Succeeded"}}}};
    return HttpResponse{200, {}, csv.dump()};
  };
  auto config = [](const std::string& timeout) {
    return json_value(R"({"api_version":"operators.coreos.com/v1alpha1",
      "kind":"ClusterServiceVersion","name":"op.v1","namespace":"ops",
      "wait":[{"jsonpath":"status.phase","value":"Succeeded","timeout":")" +
                      timeout + R"("}]})");
  };
  ReadResult r = f.p->read_data("kube_object", config("60s"));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(gets == 4);
  CHECK(to_json(*r.state.get("object"))["status"]["phase"] == "Succeeded");
  CHECK(!f.clock.sleeps().empty());

  // A phase that never comes: the error says what it still waits for.
  gets = 1;
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method != "GET" || req.url.find("/clusterserviceversions/op.v1") == std::string::npos)
      return std::nullopt;
    json csv = {{"apiVersion", "operators.coreos.com/v1alpha1"},
                {"kind", "ClusterServiceVersion"},
                {"metadata", {{"name", "op.v1"}, {"namespace", "ops"}}},
                {"status", {{"phase", "Failed"}}}};
    return HttpResponse{200, {}, csv.dump()};
  };
  r = f.p->read_data("kube_object", config("10s"));
  REQUIRE(r.diags.has_errors());
  CHECK(diag_text(r.diags).find("Timed out waiting") != std::string::npos);
  CHECK(diag_text(r.diags).find("status.phase to be \"Succeeded\" (it is \"Failed\")") !=
        std::string::npos);

  // An object that never appears.
  f.cluster->intercept = nullptr;
  r = f.p->read_data("kube_object", config("5s"));
  REQUIRE(r.diags.has_errors());
  CHECK(diag_text(r.diags).find("still does not exist") != std::string::npos);
}

TEST_CASE(
    "a data source wait that times out continues with on_timeout = continue, and an error names "
    "the cluster and the module's message otherwise") {
  Fixture f;
  // A LoadBalancer Service whose address never comes (no cloud provider).
  f.cluster->put(json::parse(R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"mesh2-ingress","namespace":"mesh1-system"},
    "spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{}}})"));
  auto config = [](const std::string& extra) {
    return json_value(R"({"kind":"Service","name":"mesh2-ingress","namespace":"mesh1-system",
      "wait":[{"jsonpath":"status.loadBalancer.ingress[0]","timeout":"2500ms")" +
                      extra + "}]}");
  };
  ReadResult r = f.p->read_data("kube_object", config(R"(,"on_timeout":"continue")"));
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(to_json(*r.state.get("object"))["status"]["loadBalancer"] == json::object());
  CHECK(!f.clock.sleeps().empty());

  r = f.p->read_data("kube_object",
                     config(R"(,"error_message":"Set load_balancer_fallback to use a node.")"));
  REQUIRE(r.diags.has_errors());
  std::string text = diag_text(r.diags);
  CHECK(text.find("Timed out waiting for Service \"mesh1-system/mesh2-ingress\"") !=
        std::string::npos);
  CHECK_MESSAGE(text.find("read the cluster at https://") != std::string::npos, text);
  CHECK(text.find("after 2.5s: still waiting for status.loadBalancer.ingress[0] to be set. Set "
                  "load_balancer_fallback to use a node.") != std::string::npos);
  CHECK(text.find("Raise wait.timeout") == std::string::npos);

  // With continue, an object that never appears is still an error.
  r = f.p->read_data("kube_object", json_value(R"({"kind":"Service","name":"nope",
    "namespace":"mesh1-system","wait":[{"jsonpath":"spec","timeout":"1s","on_timeout":"continue"}]})"));
  REQUIRE(r.diags.has_errors());
  CHECK(diag_text(r.diags).find("still does not exist") != std::string::npos);

  r = f.p->read_data("kube_object", config(R"(,"on_timeout":"ignore")"));
  REQUIRE(r.diags.has_errors());
  CHECK(diag_text(r.diags).find("wait.on_timeout must be \"fail\" or \"continue\", not "
                                "\"ignore\"") != std::string::npos);
}

}  // namespace
}  // namespace fedplan::kube
