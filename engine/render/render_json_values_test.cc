// The parts of the plan JSON that policies read besides resource_changes: planned_values and
// prior_state.values grouped by module, relevant_attributes, timestamp and errored.
#include "engine/render/render_json_values.h"

#include <doctest/doctest.h>

#include "engine/render/render.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;
using json = nlohmann::json;

json values_doc(const Plan& p) {
  return json::parse(render_json(p, RenderOptions{}));
}

TEST_CASE("planned_values holds what exists after apply, by module, unknowns left out") {
  Value cm = Obj({{"name", S("ca")}, {"uid", Unknown()}, {"token", Secret("pw")}});
  Plan p = PlanOf({Change("kube_object.keep", Action::NoOp, Obj({{"n", N(1)}}), Obj({{"n", N(1)}})),
                   Change("kube_object.gone", Action::Delete, Obj({{"n", N(2)}}), Value()),
                   Change("module.fed.kube_object.cm[\"a\"]", Action::Create, Value(), cm,
                          ActionReason::None, "module.fed.kube.a"),
                   Change("module.fed.module.inner.kube_object.x[0]", Action::Create, Value(),
                          Obj({}), ActionReason::None, "module.fed.kube.a")});
  json pv = values_doc(p)["planned_values"];
  json root = pv["root_module"];
  REQUIRE(root["resources"].size() == 1);
  CHECK(root["resources"][0]["address"] == "kube_object.keep");
  CHECK(root["resources"][0]["values"] == json::parse(R"({"n": 1})"));
  CHECK(root["resources"][0]["sensitive_values"] == json::object());
  REQUIRE(root["child_modules"].size() == 1);
  json fed = root["child_modules"][0];
  CHECK(fed["address"] == "module.fed");
  REQUIRE(fed["resources"].size() == 1);
  json r = fed["resources"][0];
  CHECK(r["address"] == "module.fed.kube_object.cm[\"a\"]");
  CHECK(r["index"] == "a");
  CHECK(r["mode"] == "managed");
  CHECK(r["type"] == "kube_object");
  CHECK(r["provider_name"] == "kube");
  CHECK(r["values"] == json::parse(R"({"name": "ca", "token": null})"));
  CHECK(r["sensitive_values"] == json::parse(R"({"token": true})"));
  REQUIRE(fed["child_modules"].size() == 1);
  CHECK(fed["child_modules"][0]["address"] == "module.fed.module.inner");
  CHECK(fed["child_modules"][0]["resources"][0]["index"] == 0);
}

TEST_CASE("prior_state values hold what existed before, deletes included, creates not") {
  Plan p = PlanOf({Change("kube_object.gone", Action::Delete, Obj({{"n", N(2)}}), Value()),
                   Change("kube_object.new", Action::Create, Value(), Obj({{"n", N(3)}}))});
  p.outputs = {OutputChange{"addr", Action::Update, S("old"), S("new")},
               OutputChange{"added", Action::Create, Value(), S("x")},
               OutputChange{"secret", Action::Update, S("a"), S("b"), true}};
  json j = values_doc(p);
  json prior = j["prior_state"]["values"];
  REQUIRE(prior["root_module"]["resources"].size() == 1);
  CHECK(prior["root_module"]["resources"][0]["address"] == "kube_object.gone");
  CHECK(prior["outputs"]["addr"] == json::parse(R"({"sensitive": false, "value": "old"})"));
  CHECK_FALSE(prior["outputs"].contains("added"));
  CHECK(prior["outputs"]["secret"] == json::parse(R"({"sensitive": true})"));
  json planned = j["planned_values"]["outputs"];
  CHECK(planned["addr"]["value"] == "new");
  CHECK(planned["added"]["value"] == "x");
}

TEST_CASE("an output known only after apply has no value in planned_values") {
  Plan p = PlanOf({});
  p.outputs = {OutputChange{"uid", Action::Create, Value(), Unknown()}};
  CHECK(values_doc(p)["planned_values"]["outputs"]["uid"] ==
        json::parse(R"({"sensitive": false})"));
}

TEST_CASE("relevant_attributes names each drifted top-level attribute") {
  Plan p = PlanOf({});
  p.drift = {Drift{Addr("kube_object.a"), Provider("kube.mesh1"),
                   Obj({{"spec", Obj({{"r", N(1)}})}, {"name", S("a")}}),
                   Obj({{"spec", Obj({{"r", N(2)}})}, {"name", S("a")}})}};
  CHECK(values_doc(p)["relevant_attributes"] ==
        json::parse(R"([{"resource": "kube_object.a", "attribute": ["spec"]}])"));
}

TEST_CASE("timestamp and errored come from the plan") {
  Plan p = PlanOf({});
  p.timestamp = "2026-12-07T12:00:00Z";
  p.errored = true;
  json j = values_doc(p);
  CHECK(j["timestamp"] == "2026-12-07T12:00:00Z");
  CHECK(j["errored"] == true);
}

TEST_CASE("configuration lists provider configurations and resources by module call") {
  Plan p = PlanOf({Change("kube_object.a[0]", Action::Create, Value(), Obj({})),
                   Change("kube_object.a[1]", Action::Create, Value(), Obj({})),
                   Change("module.fed[\"x\"].firewalld_port.p", Action::NoOp, Obj({}), Obj({}),
                          ActionReason::None, "firewalld.hyp"),
                   Change("kube_object.old", Action::Delete, Obj({}), Value(),
                          ActionReason::DeleteBecauseNoResourceConfig)});
  json c = values_doc(p)["configuration"];
  CHECK(c["provider_config"]["kube.mesh1"] ==
        json::parse(R"({"name": "kube", "full_name": "kube", "alias": "mesh1"})"));
  CHECK(c["provider_config"]["firewalld.hyp"]["name"] == "firewalld");
  json root = c["root_module"]["resources"];
  REQUIRE(root.size() == 1);
  CHECK(root[0]["address"] == "kube_object.a");
  CHECK(root[0]["provider_config_key"] == "kube.mesh1");
  json fed = c["root_module"]["module_calls"]["fed"]["module"]["resources"];
  REQUIRE(fed.size() == 1);
  CHECK(fed[0]["address"] == "firewalld_port.p");
}

TEST_CASE("json_without_unknowns drops unknown attributes but keeps list positions") {
  CHECK(json_without_unknowns(Obj({{"a", Unknown()}, {"b", List({Unknown(), N(1)})}})) ==
        json::parse(R"({"b": [null, 1]})"));
  CHECK(json_without_unknowns(Unknown()).is_null());
}

}  // namespace
}  // namespace fedplan
