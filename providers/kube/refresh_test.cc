// Tests of refresh and import against the fake API server: one LIST per kind and namespace
// for many states, a failed LIST keeps the prior states, import by apiVersion/kind/ns/name.
#include <doctest/doctest.h>

#include "providers/kube/testing/provider_fixture.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::config_map_named;
using testing::diag_text;
using testing::json_value;
using testing::status_reply;
using Fixture = testing::ProviderFixture;

TEST_CASE("read_many lists once per (kind, namespace) and matches by name") {
  Fixture f;
  std::vector<Value> states;
  for (std::string ns : {"default", "b"}) {
    if (ns != "default")
      f.apply("kube_object", Value(),
              Value::object({{"manifest", json_value(R"({"apiVersion":"v1","kind":"Namespace",
                                               "metadata":{"name":"b"}})")}}));
    for (int i = 0; i < 5; ++i)
      states.push_back(
          f.apply("kube_object", Value(),
                  Value::object({{"manifest", config_map_named("c" + std::to_string(i), ns)}})));
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
  Value s = f.apply("kube_object", Value(), Value::object({{"manifest", config_map_named("a")}}));
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

}  // namespace
}  // namespace fedplan::kube
