// More kube provider tests against the fake API server: waits, bulk refresh, import,
// kube_objects, data sources and sensitive Secret values.
#include <doctest/doctest.h>

#include "base/testing/fake_clock.h"
#include "lang/value_json.h"
#include "providers/kube/kube_provider.h"
#include "providers/kube/testing/fake_cluster.h"
#include "providers/kube/values.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::FakeCluster;
using testing::json_reply;
using testing::status_reply;

Value V(const std::string& j) {
  return from_json(json::parse(j));
}

Value cm(const std::string& name, const std::string& ns = "default") {
  return from_json({{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", {{"name", name}, {"namespace", ns}}},
                    {"data", {{"k", name}}}});
}

std::string diag_text(const Diagnostics& d) {
  return render_diagnostics(d, nullptr);
}

struct Fixture {
  std::shared_ptr<FakeCluster> cluster = std::make_shared<FakeCluster>();
  FakeClock clock;
  std::unique_ptr<Provider> p = testing::fake_provider(cluster, clock);

  ApplyResult try_apply(const std::string& type, const Value& prior, const Value& config) {
    PlanResult pr = p->plan_change(PlanRequest{type, prior, config});
    REQUIRE_MESSAGE(!pr.diags.has_errors(), diag_text(pr.diags));
    return p->apply(ApplyRequest{type, prior, pr.planned, config});
  }
  Value apply(const std::string& type, const Value& prior, const Value& config) {
    ApplyResult ar = try_apply(type, prior, config);
    REQUIRE_MESSAGE(!ar.diags.has_errors(), diag_text(ar.diags));
    return ar.state;
  }
};

TEST_CASE("wait for a condition polls until it is True, the state has the final status") {
  Fixture f;
  int gets = 0;
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method != "GET" || req.url.find("/configmaps/a") == std::string::npos)
      return std::nullopt;
    json o = f.cluster->object("v1", "ConfigMap", "default", "a");
    o["status"]["conditions"] = {{{"type", "Ready"}, {"status", ++gets >= 3 ? "True" : "False"}}};
    return json_reply(200, o);
  };
  Value config = Value::object({{"manifest", cm("a")},
                                {"wait", Value::object({{"condition", Value::string("Ready")},
                                                        {"timeout", Value::string("60s")}})}});
  Value s = f.apply("kube_object", Value(), config);
  CHECK(gets == 3);
  CHECK(to_json(*s.get("object"))["status"]["conditions"][0]["status"] == "True");
}

TEST_CASE("wait times out with what it was waiting for, the object stays in the state") {
  Fixture f;
  Value config = Value::object(
      {{"manifest", cm("a")},
       {"wait", Value::object({{"jsonpath", Value::string("status.loadBalancer.ingress[0]")},
                               {"timeout", Value::string("10s")}})}});
  ApplyResult a = f.try_apply("kube_object", Value(), config);
  REQUIRE(a.diags.has_errors());
  CHECK(a.diags.items[0].summary.find("Timed out waiting for ConfigMap \"default/a\"") == 0);
  CHECK(a.diags.items[0].detail.find("status.loadBalancer.ingress[0] to be set") !=
        std::string::npos);
  CHECK(a.state.get("uid")->known());
  CHECK_FALSE(a.retryable);
  auto total = std::chrono::milliseconds(0);
  for (auto d : f.clock.sleeps()) total += d;
  CHECK(total >= std::chrono::milliseconds(10'000));
  CHECK(total < std::chrono::milliseconds(12'000));
}

TEST_CASE("read_many lists once per (kind, namespace) and matches by name") {
  Fixture f;
  std::vector<Value> states;
  for (std::string ns : {"default", "b"}) {
    if (ns != "default")
      f.apply("kube_object", Value(),
              Value::object({{"manifest", V(R"({"apiVersion":"v1","kind":"Namespace",
                                               "metadata":{"name":"b"}})")}}));
    for (int i = 0; i < 5; ++i)
      states.push_back(f.apply("kube_object", Value(),
                               Value::object({{"manifest", cm("c" + std::to_string(i), ns)}})));
  }
  // One object is deleted behind fedplan's back, one is edited.
  REQUIRE(f.cluster
              ->send([] {
                HttpRequest r;
                r.method = "DELETE";
                r.url = "https://fake.test/api/v1/namespaces/b/configmaps/c0";
                r.headers.set("Authorization", "Bearer t");
                return r;
              }())
              .status == 200);
  json edited = f.cluster->object("v1", "ConfigMap", "default", "c1");
  edited["data"]["k"] = "edited";
  f.cluster->put(edited);
  f.cluster->clear_log();
  std::vector<ReadResult> rs = f.p->read_many("kube_object", states);
  REQUIRE(rs.size() == 10);
  CHECK(f.cluster->count("GET /api/v1/namespaces/default/configmaps") == 1);
  CHECK(f.cluster->count("GET /api/v1/namespaces/b/configmaps") == 1);
  CHECK(f.cluster->log().size() == 2);
  for (const ReadResult& r : rs) CHECK_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(rs[5].state.is_null());
  CHECK(to_json(*rs[1].state.get("manifest"))["data"]["k"] == "edited");
  CHECK(rs[0].state.get("uid")->as_string() == states[0].get("uid")->as_string());
  CHECK(to_json(*rs[0].state.get("manifest")) == to_json(*states[0].get("manifest")));
}

TEST_CASE("read_many keeps the prior state with an error when a LIST fails") {
  Fixture f;
  Value s = f.apply("kube_object", Value(), Value::object({{"manifest", cm("a")}}));
  f.cluster->intercept = [](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method == "GET" && req.url.find("/configmaps") != std::string::npos)
      return status_reply(403, "Forbidden", "configmaps is forbidden");
    return std::nullopt;
  };
  std::vector<ReadResult> rs = f.p->read_many("kube_object", {s});
  REQUIRE(rs[0].diags.has_errors());
  CHECK(rs[0].state == s);
}

TEST_CASE("import adopts an object by apiVersion/kind/namespace/name") {
  Fixture f;
  f.cluster->put(json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"x","namespace":"default","annotations":{
      "kubectl.kubernetes.io/last-applied-configuration":"{}"}},"data":{"a":"b"}})"));
  f.cluster->put(json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}})"));
  ReadResult r = f.p->import("kube_object", "v1/ConfigMap/default/x");
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(to_json(*r.state.get("manifest")) == json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
                        "metadata":{"name":"x","namespace":"default"},"data":{"a":"b"}})"));
  CHECK(r.state.get("uid")->known());
  r = f.p->import("kube_object", "v1/Namespace//n");
  REQUIRE_MESSAGE(!r.diags.has_errors(), diag_text(r.diags));
  CHECK(to_json(*r.state.get("manifest"))["metadata"]["name"] == "n");
  CHECK(f.p->import("kube_object", "v1/ConfigMap/default/nope").diags.items[0].detail ==
        "The object does not exist.");
  CHECK(f.p->import("kube_object", "ConfigMap/x").diags.items[0].summary == "Invalid import id");
  CHECK(f.p->import("kube_object", "v1/ConfigMap//x").diags.items[0].detail.find("is namespaced") !=
        std::string::npos);
  CHECK(f.p->import("kube_objects", "v1/ConfigMap/default/x").diags.has_errors());
}

TEST_CASE("kube_objects applies namespaces first and deletes objects dropped from the list") {
  Fixture f;
  Value list = Value::tuple({cm("a", "team"), V(R"({"apiVersion":"v1","kind":"Namespace",
                                                    "metadata":{"name":"team"}})"),
                             cm("b", "team")});
  Value s = f.apply("kube_objects", Value(), Value::object({{"manifests", list}}));
  std::vector<std::string> patches;
  for (const std::string& l : f.cluster->log())
    if (l.rfind("PATCH", 0) == 0 && l.find("dryRun") == std::string::npos) patches.push_back(l);
  REQUIRE(patches.size() == 3);
  CHECK(patches[0].find("/api/v1/namespaces/team?") != std::string::npos);
  REQUIRE(s.get("objects")->elements().size() == 3);
  CHECK(to_json(*s.get("objects"))[0]["metadata"]["name"] == "a");  // manifest order
  CHECK(to_json(*s.get("manifests")) == to_json(list));

  ReadResult rr = f.p->read("kube_objects", s);
  REQUIRE(!rr.diags.has_errors());
  PlanResult same =
      f.p->plan_change(PlanRequest{"kube_objects", rr.state, Value::object({{"manifests", list}})});
  CHECK(same.planned == rr.state);

  Value shorter = Value::tuple({list.elements()[1], list.elements()[2]});
  Value s2 = f.apply("kube_objects", rr.state, Value::object({{"manifests", shorter}}));
  CHECK(f.cluster->object("v1", "ConfigMap", "team", "a").is_null());
  CHECK(f.cluster->object("v1", "ConfigMap", "team", "b").is_object());
  CHECK(s2.get("objects")->elements().size() == 2);

  ApplyResult gone = f.p->apply(ApplyRequest{"kube_objects", s2, Value(), Value()});
  REQUIRE(!gone.diags.has_errors());
  CHECK(gone.state.is_null());
  CHECK(f.cluster->object("v1", "Namespace", "", "team").is_null());
}

TEST_CASE("kube_objects refuses the same object twice") {
  Fixture f;
  PlanResult r = f.p->plan_change(PlanRequest{
      "kube_objects", Value(), Value::object({{"manifests", Value::tuple({cm("a"), cm("a")})}})});
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary == "Duplicate object in manifests");
}

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

TEST_CASE("Secret data and sensitive manifest values stay marked sensitive") {
  Fixture f;
  Value secret =
      Value::object({{"apiVersion", Value::string("v1")},
                     {"kind", Value::string("Secret")},
                     {"metadata", Value::object({{"name", Value::string("s")}})},
                     {"stringData", Value::object({{"password", Value::string("hunter2")}})}});
  Value s = f.apply("kube_object", Value(), Value::object({{"manifest", secret}}));
  CHECK(s.get("manifest")->get("stringData")->sensitive());
  CHECK(s.get("object")->get("data")->sensitive());
  Value labelled =
      Value::object({{"apiVersion", Value::string("v1")},
                     {"kind", Value::string("ConfigMap")},
                     {"metadata", Value::object({{"name", Value::string("c")}})},
                     {"data", Value::object({{"token", Value::string("abc").mark_sensitive()}})}});
  Value s2 = f.apply("kube_object", Value(), Value::object({{"manifest", labelled}}));
  CHECK(s2.get("manifest")->get("data")->get("token")->sensitive());
  CHECK(s2.get("object")->get("data")->get("token")->sensitive());
  ReadResult rr = f.p->read("kube_object", s2);
  CHECK(rr.state.get("manifest")->get("data")->get("token")->sensitive());
}

TEST_CASE("configure errors: no cluster, both kinds of settings, bad kubeconfig") {
  KubeProviderOptions o;
  auto err = [&](Value config) {
    Diagnostics d = make_kube_provider(o)->configure(config);
    REQUIRE(d.has_errors());
    return d.items[0].summary + ": " + d.items[0].detail;
  };
  CHECK(err(Value::object({})).find("No cluster configured") == 0);
  CHECK(err(Value::object(
                {{"kubeconfig", Value::string("/x")}, {"host", Value::string("https://h")}}))
            .find("Conflicting cluster settings") == 0);
  CHECK(err(Value::object({{"kubeconfig", Value::string("/nonexistent/kc")}})) ==
        "Invalid kubeconfig: kubeconfig: cannot read /nonexistent/kc: No such file or directory");
  CHECK(err(Value::object({{"host", Value::string("h:1")}})).find("Invalid host") == 0);
  CHECK(
      err(Value::object({{"host", Value::string("https://h")}, {"max_parallel", Value::number(0)}}))
          .find("Invalid max_parallel") == 0);
  CHECK(err(Value::object(
                {{"host", Value::string("https://h")}, {"ca_cert", Value::string("not pem")}}))
            .find("Cannot set up HTTPS to the cluster") == 0);
}

TEST_CASE("types the provider does not have are refused") {
  Fixture f;
  PlanResult r = f.p->plan_change(PlanRequest{"kube_thing", Value(), Value::object({})});
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary == "Unknown type kube_thing");
  const ProviderSchema& s = f.p->schema();
  CHECK(s.resource("kube_object")->attribute("object")->computed);
  CHECK(s.resource("kube_object")->block("wait"));
  CHECK(s.data_source("kube_objects")->attribute("label_selector"));
}

}  // namespace
}  // namespace fedplan::kube
