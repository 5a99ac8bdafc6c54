// Tests of the kube_objects resource against the fake API server: namespaces first, objects
// dropped from the list deleted, the same object twice refused.
#include <doctest/doctest.h>

#include "providers/kube/testing/provider_fixture.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::config_map_named;
using testing::json_value;
using Fixture = testing::ProviderFixture;

TEST_CASE("kube_objects applies namespaces first and deletes objects dropped from the list") {
  Fixture f;
  Value list = Value::tuple({config_map_named("a", "team"),
                             json_value(R"({"apiVersion":"v1","kind":"Namespace",
                                                    "metadata":{"name":"team"}})"),
                             config_map_named("b", "team")});
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
      "kube_objects", Value(),
      Value::object(
          {{"manifests", Value::tuple({config_map_named("a"), config_map_named("a")})}})});
  REQUIRE(r.diags.has_errors());
  CHECK(r.diags.items[0].summary == "Duplicate object in manifests");
}

}  // namespace
}  // namespace fedplan::kube
