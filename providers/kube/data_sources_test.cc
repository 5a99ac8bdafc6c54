// Tests of the kube_object and kube_objects data sources against the fake API server: one
// object by kind and name, a list by selector, the apiVersion found by discovery.
#include <doctest/doctest.h>

#include "providers/kube/testing/provider_fixture.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::diag_text;
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

}  // namespace
}  // namespace fedplan::kube
