// Tests of the state's JSON (`show -json` without a plan) and of outputs' JSON types.
// Secrets: a sensitive attribute or output must never appear in the state's JSON.
#include <doctest/doctest.h>

#include "engine/render/render_state_json.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using json = nlohmann::json;
using testing::Addr;
using testing::Provider;

State sample_state() {
  State s;
  s.lineage = "l-1";
  s.serial = 3;
  InstanceState a;
  a.addr = Addr("null_resource.a");
  a.provider = Provider("null");
  a.attributes = {{"id", "1"}, {"input", {{"pw", "s3cret"}, {"name", "x"}}}};
  a.sensitive_paths = json::array({json::array({"input", "pw"})});
  s.set(a);
  InstanceState b;
  b.addr = Addr("module.net.null_resource.b[\"k\"]");
  b.provider = Provider("module.net.null");
  b.attributes = {{"id", "2"}};
  b.tainted = true;
  s.set(b);
  s.outputs["name"] = OutputState{"x", false, nullptr};
  s.outputs["token"] = OutputState{"t0ken", true, "string"};
  return s;
}

TEST_CASE("the state JSON holds resources by module with masks and no secret") {
  std::string text = render_state_json(sample_state());
  CHECK(text.find("s3cret") == std::string::npos);
  CHECK(text.find("t0ken") == std::string::npos);
  json doc = json::parse(text);
  CHECK(doc["format_version"] == "1.0");
  CHECK(doc["terraform_version"].is_string());
  CHECK(doc["fedplan_version"].is_string());
  const json& root = doc["values"]["root_module"];
  REQUIRE(root["resources"].size() == 1);
  const json& a = root["resources"][0];
  CHECK(a["address"] == "null_resource.a");
  CHECK(a["mode"] == "managed");
  CHECK(a["type"] == "null_resource");
  CHECK(a["name"] == "a");
  CHECK(a["provider_name"] == "null");
  CHECK(!a.contains("index"));
  CHECK(a["values"]["input"]["name"] == "x");
  CHECK(a["values"]["input"]["pw"].is_null());
  CHECK(a["sensitive_values"] == json{{"input", {{"pw", true}}}});
  REQUIRE(root["child_modules"].size() == 1);
  const json& net = root["child_modules"][0];
  CHECK(net["address"] == "module.net");
  CHECK(net["resources"][0]["index"] == "k");
  CHECK(net["resources"][0]["tainted"] == true);
  const json& outputs = doc["values"]["outputs"];
  CHECK(outputs["name"] == json{{"sensitive", false}, {"type", "string"}, {"value", "x"}});
  CHECK(outputs["token"] == json{{"sensitive", true}, {"type", "string"}});
}

TEST_CASE("an empty state has an empty root module") {
  json doc = json::parse(render_state_json(State{}));
  CHECK(doc["values"]["root_module"]["resources"] == json::array());
  CHECK(doc["values"]["outputs"] == json::object());
}

TEST_CASE("type JSON follows Terraform's type syntax") {
  CHECK(type_json(Type::string()) == "string");
  CHECK(type_json(Type::any()) == "dynamic");
  CHECK(type_json(Type::list(Type::string())) == json::array({"list", "string"}));
  CHECK(type_json(Type::map(Type::number())) == json::array({"map", "number"}));
  CHECK(type_json(Type::tuple({Type::string(), Type::boolean()})) ==
        json::array({"tuple", json::array({"string", "bool"})}));
  CHECK(type_json(Type::object({ObjectAttr::of("port", Type::number())})) ==
        json::array({"object", {{"port", "number"}}}));
}

TEST_CASE("an output without a recorded type takes its value's structural type") {
  OutputState list{json::array({"a", "b"}), false, nullptr};
  CHECK(output_type_json(list) == json::array({"tuple", json::array({"string", "string"})}));
  OutputState obj{{{"n", 1}}, false, nullptr};
  CHECK(output_type_json(obj) == json::array({"object", {{"n", "number"}}}));
  OutputState recorded{json::array({"a"}), false, json::array({"list", "string"})};
  CHECK(output_type_json(recorded) == json::array({"list", "string"}));
}

TEST_CASE("output JSON includes a sensitive value as Terraform does") {
  OutputState token{"t0ken", true, nullptr};
  CHECK(output_json(token) == json{{"sensitive", true}, {"type", "string"}, {"value", "t0ken"}});
}

}  // namespace
}  // namespace fedplan
