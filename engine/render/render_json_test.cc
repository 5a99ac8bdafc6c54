// The JSON renderer's shape, checked by parsing it: the keys of `terraform show -json`, actions
// per change, indexes, reasons, masks for unknown and sensitive values, outputs and variables.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine/render/render.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;
using json = nlohmann::json;

json doc(const Plan& p) {
  std::string s = render_json(p, RenderOptions{true});
  REQUIRE(!s.empty());
  CHECK(s.back() == '\n');
  CHECK(s.find('\n') == s.size() - 1);
  return json::parse(s);
}

const json& by_address(const json& list, const std::string& addr) {
  for (const json& e : list)
    if (e["address"] == addr) return e;
  FAIL("no entry for " << addr);
  static json none;
  return none;
}

TEST_CASE("the top level has Terraform's keys") {
  Plan p = PlanOf({Change("kube_object.a", Action::Create, Value(), Obj({{"x", N(1)}}))});
  p.complete = false;
  json j = doc(p);
  CHECK(j["format_version"] == "1.2");
  CHECK(j["terraform_version"] == "1.11.0");
  CHECK(j["fedplan_version"].is_string());
  CHECK(j["variables"].is_object());
  CHECK(j["resource_changes"].is_array());
  CHECK(j["output_changes"].is_object());
  CHECK(j["prior_state"]["lineage"] == "3f1c2a9e-0000-4000-8000-000000000001");
  CHECK(j["prior_state"]["serial"] == 7);
  CHECK(j["prior_state"]["format_version"] == "1.0");
  CHECK(j["prior_state"]["values"]["root_module"]["resources"] == json::array());
  CHECK(j["planned_values"]["root_module"]["resources"].size() == 1);
  CHECK(j["relevant_attributes"] == json::array());
  CHECK_FALSE(j.contains("timestamp"));
  CHECK(j["errored"] == false);
  CHECK(j["applyable"] == true);
  CHECK(j["complete"] == false);
  CHECK_FALSE(j.contains("resource_drift"));
}

TEST_CASE("each action has Terraform's actions list, no-ops included") {
  Plan p = PlanOf({Change("kube_object.c", Action::Create, Value(), Obj({})),
                   Change("kube_object.u", Action::Update, Obj({{"a", N(1)}}), Obj({{"a", N(2)}})),
                   Change("kube_object.dc", Action::DeleteThenCreate, Obj({}), Obj({})),
                   Change("kube_object.cd", Action::CreateThenDelete, Obj({}), Obj({})),
                   Change("kube_object.d", Action::Delete, Obj({}), Value()),
                   Change("kube_object.n", Action::NoOp, Obj({}), Obj({})),
                   Change("data.kube_object.r", Action::Read, Value(), Obj({}))});
  json rc = doc(p)["resource_changes"];
  CHECK(rc.size() == 7);
  CHECK(by_address(rc, "kube_object.c")["change"]["actions"] == json{"create"});
  CHECK(by_address(rc, "kube_object.u")["change"]["actions"] == json{"update"});
  CHECK(by_address(rc, "kube_object.dc")["change"]["actions"] == json{"delete", "create"});
  CHECK(by_address(rc, "kube_object.cd")["change"]["actions"] == json{"create", "delete"});
  CHECK(by_address(rc, "kube_object.d")["change"]["actions"] == json{"delete"});
  CHECK(by_address(rc, "kube_object.n")["change"]["actions"] == json{"no-op"});
  CHECK(by_address(rc, "data.kube_object.r")["change"]["actions"] == json{"read"});
  CHECK(by_address(rc, "data.kube_object.r")["mode"] == "data");
  CHECK(by_address(rc, "kube_object.c")["mode"] == "managed");
}

TEST_CASE("address parts: module_address, type, name, index, provider") {
  Plan p = PlanOf({Change("module.fed.kube_object.peer[\"mesh2\"]", Action::Create, Value(),
                          Obj({}), ActionReason::None, "module.fed.kube.a"),
                   Change("kube_object.n[3]", Action::Create, Value(), Obj({})),
                   Change("kube_object.single", Action::Create, Value(), Obj({}))});
  json rc = doc(p)["resource_changes"];
  const json& peer = by_address(rc, "module.fed.kube_object.peer[\"mesh2\"]");
  CHECK(peer["module_address"] == "module.fed");
  CHECK(peer["type"] == "kube_object");
  CHECK(peer["name"] == "peer");
  CHECK(peer["index"] == "mesh2");
  CHECK(peer["provider_name"] == "kube");
  CHECK(peer["provider_config"] == "module.fed.kube.a");
  const json& n = by_address(rc, "kube_object.n[3]");
  CHECK(n["index"] == 3);
  CHECK_FALSE(n.contains("module_address"));
  const json& single = by_address(rc, "kube_object.single");
  CHECK_FALSE(single.contains("index"));
  CHECK_FALSE(single.contains("action_reason"));
}

TEST_CASE("action_reason and replace_paths") {
  ResourceChange ch = Change("kube_object.gw", Action::DeleteThenCreate, Obj({{"t", S("a")}}),
                             Obj({{"t", S("b")}}), ActionReason::ReplaceBecauseCannotUpdate);
  ch.replace_paths = {{PathStep::attr("spec"), PathStep::at(0), PathStep::attr("port")}};
  Plan p = PlanOf({ch, Change("kube_object.old[\"k\"]", Action::Delete, Obj({}), Value(),
                              ActionReason::DeleteBecauseEachKey)});
  json rc = doc(p)["resource_changes"];
  const json& gw = by_address(rc, "kube_object.gw");
  CHECK(gw["action_reason"] == "replace_because_cannot_update");
  CHECK(gw["change"]["replace_paths"] == json::parse(R"([["spec", 0, "port"]])"));
  CHECK(by_address(rc, "kube_object.old[\"k\"]")["action_reason"] == "delete_because_each_key");
  CHECK_FALSE(by_address(rc, "kube_object.old[\"k\"]")["change"].contains("replace_paths"));
}

TEST_CASE("unknown attributes are left out of after with after_unknown true at their path") {
  Plan p = PlanOf({Change(
      "kube_object.a", Action::Create, Value(),
      Obj({{"uid", Unknown()}, {"name", S("a")}, {"ips", List({S("10.0.0.1"), Unknown()})}}))});
  json c = doc(p)["resource_changes"][0]["change"];
  CHECK(c["before"].is_null());
  CHECK_FALSE(c["after"].contains("uid"));
  CHECK(c["after"]["name"] == "a");
  CHECK(c["after"]["ips"] == json::parse(R"(["10.0.0.1", null])"));
  CHECK(c["after_unknown"] == json::parse(R"({"uid": true, "ips": [false, true]})"));
}

TEST_CASE("sensitive values are null with the sensitive masks true at their path") {
  Plan p = PlanOf(
      {Change("kube_object.a", Action::Update, Obj({{"token", Secret("old")}, {"name", S("a")}}),
              Obj({{"token", Secret("new")}, {"name", S("a")}}))});
  json c = doc(p)["resource_changes"][0]["change"];
  CHECK(c["before"] == json::parse(R"({"token": null, "name": "a"})"));
  CHECK(c["after"] == json::parse(R"({"token": null, "name": "a"})"));
  CHECK(c["before_sensitive"] == json::parse(R"({"token": true})"));
  CHECK(c["after_sensitive"] == json::parse(R"({"token": true})"));
}

TEST_CASE("the masks are nested objects mirroring every collection, not false") {
  Value v = Obj({{"name", S("a")},
                 {"labels", Map({{"app", S("x")}})},
                 {"ports", List({Obj({{"port", N(1)}}), N(2)})}});
  Plan p = PlanOf({Change("kube_object.a", Action::Update, v, v)});
  json c = doc(p)["resource_changes"][0]["change"];
  json expected = json::parse(R"({"labels": {}, "ports": [{}, false]})");
  CHECK(c["after_unknown"] == expected);
  CHECK(c["before_sensitive"] == expected);
  CHECK(c["after_sensitive"] == expected);
  json deleted = doc(PlanOf({Change("kube_object.d", Action::Delete, v, Value())}));
  CHECK(deleted["resource_changes"][0]["change"]["after_sensitive"] == false);
  CHECK(deleted["resource_changes"][0]["change"]["after_unknown"] == false);
}

TEST_CASE("output changes: actions, values and masks, sensitive outputs redacted") {
  Plan p = PlanOf({});
  p.outputs = {OutputChange{"addr", Action::Create, Value(), S("10.0.0.1")},
               OutputChange{"later", Action::Create, Value(), Unknown()},
               OutputChange{"secret", Action::Update, S("a"), S("b"), true},
               OutputChange{"same", Action::NoOp, N(1), N(1)}};
  json oc = doc(p)["output_changes"];
  CHECK(oc["addr"]["actions"] == json{"create"});
  CHECK(oc["addr"]["after"] == "10.0.0.1");
  CHECK(oc["addr"]["before"].is_null());
  CHECK(oc["later"]["after_unknown"] == true);
  CHECK(oc["secret"]["actions"] == json{"update"});
  CHECK(oc["secret"]["before"].is_null());
  CHECK(oc["secret"]["after"].is_null());
  CHECK(oc["secret"]["before_sensitive"] == true);
  CHECK(oc["secret"]["after_sensitive"] == true);
  CHECK(oc["same"]["actions"] == json{"no-op"});
}

TEST_CASE("variables are shown with sensitive ones redacted") {
  Plan p = PlanOf({});
  p.variables = {{"region", S("eu")},
                 {"password", Secret("pw")},
                 {"creds", Obj({{"user", S("u")}, {"key", Secret("k")}})}};
  json v = doc(p)["variables"];
  CHECK(v["region"] == json::parse(R"({"value": "eu"})"));
  CHECK(v["password"] == json::parse(R"({"value": null, "sensitive": true})"));
  CHECK(v["creds"] ==
        json::parse(R"({"value": {"user": "u", "key": null}, "sensitive": {"key": true}})"));
}

TEST_CASE("resource_drift has the same shape as resource_changes") {
  Plan p = PlanOf({});
  p.drift = {
      Drift{Addr("kube_object.a"), Provider("kube.mesh1"), Obj({{"r", N(1)}}), Obj({{"r", N(2)}})},
      Drift{Addr("kube_object.b"), Provider("kube.mesh1"), Obj({{"r", N(1)}}), Value()}};
  json j = doc(p);
  REQUIRE(j["resource_drift"].size() == 2);
  const json& a = by_address(j["resource_drift"], "kube_object.a");
  CHECK(a["change"]["actions"] == json{"update"});
  CHECK(a["change"]["before"] == json::parse(R"({"r": 1})"));
  CHECK(a["change"]["after"] == json::parse(R"({"r": 2})"));
  CHECK(a["mode"] == "managed");
  CHECK(by_address(j["resource_drift"], "kube_object.b")["change"]["actions"] == json{"delete"});
  CHECK(j["applyable"] == false);
}

TEST_CASE("strings that are not UTF-8 do not break the document") {
  Plan p = PlanOf({Change("kube_object.a", Action::Create, Value(), Obj({{"b", S("\xff\xfe")}}))});
  CHECK_NOTHROW(doc(p));
}

}  // namespace
}  // namespace fedplan
