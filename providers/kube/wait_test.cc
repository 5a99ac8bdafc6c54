// Tests of field paths and wait checks, and of waits during apply against the fake API server.
#include "providers/kube/wait.h"

#include <doctest/doctest.h>

#include "providers/kube/testing/provider_fixture.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::config_map_named;
using testing::json_reply;
using Fixture = testing::ProviderFixture;

TEST_CASE("field paths in dotted, leading-dot, braced and bracketed forms") {
  std::string err;
  auto p = parse_json_path("status.loadBalancer.ingress[0].ip", &err);
  REQUIRE(p);
  REQUIRE(p->size() == 5);
  CHECK((*p)[3].is_index);
  CHECK((*p)[3].index == 0);
  CHECK((*p)[4].key == "ip");
  CHECK(parse_json_path("{.status.phase}", &err)->size() == 2);
  auto q = parse_json_path("metadata.annotations['a.b/c']", &err);
  REQUIRE(q);
  CHECK((*q)[2].key == "a.b/c");
  CHECK_FALSE(parse_json_path("a..b", &err));
  CHECK(err.find("empty key") != std::string::npos);
  CHECK_FALSE(parse_json_path("a[x]", &err));
  CHECK_FALSE(parse_json_path("a.", &err));
}

TEST_CASE("wait for a condition: True, not yet, stale generation") {
  WaitSpec w;
  w.condition = "Ready";
  json o = json::parse(R"({"metadata":{"generation":2},"status":{"conditions":[
    {"type":"Other","status":"True"},
    {"type":"Ready","status":"False","reason":"Installing","message":"3 of 5"}]}})");
  WaitCheck c = check_wait(w, o);
  CHECK_FALSE(c.done);
  CHECK(c.waiting_for == "condition Ready is \"False\" (reason: Installing): 3 of 5");
  o["status"]["conditions"][1]["status"] = "True";
  CHECK(check_wait(w, o).done);
  o["status"]["conditions"][1]["observedGeneration"] = 1;
  CHECK_FALSE(check_wait(w, o).done);
  CHECK_FALSE(check_wait(w, json::object()).done);
}

TEST_CASE("wait for a field path: present and non-empty, or a given value") {
  WaitSpec w;
  w.jsonpath = "status.loadBalancer.ingress[0]";
  CHECK_FALSE(check_wait(w, json::parse(R"({"status":{"loadBalancer":{}}})")).done);
  CHECK_FALSE(check_wait(w, json::parse(R"({"status":{"loadBalancer":{"ingress":[{}]}}})")).done);
  CHECK(check_wait(w, json::parse(R"({"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}})"))
            .done);
  w.jsonpath = "status.phase";
  w.value = "Active";
  WaitCheck c = check_wait(w, json::parse(R"({"status":{"phase":"Pending"}})"));
  CHECK_FALSE(c.done);
  CHECK(c.waiting_for == "status.phase to be \"Active\" (it is \"Pending\")");
  CHECK(check_wait(w, json::parse(R"({"status":{"phase":"Active"}})")).done);
  w.jsonpath = "spec.replicas";
  w.value = "3";
  CHECK(check_wait(w, json::parse(R"({"spec":{"replicas":3}})")).done);
}

TEST_CASE("the wait block: one of condition or jsonpath, value only with jsonpath") {
  std::string err;
  auto block = [](ValueMap m) { return Value::object(std::move(m)); };
  auto w = parse_wait(
      block({{"condition", Value::string("Ready")}, {"timeout", Value::string("10s")}}), &err);
  REQUIRE(w);
  CHECK(w->timeout == milliseconds(10'000));
  CHECK_FALSE(parse_wait(Value(), &err));
  CHECK(err.empty());
  CHECK_FALSE(parse_wait(block({}), &err));
  CHECK(err.find("exactly one of condition or jsonpath") != std::string::npos);
  err.clear();
  CHECK_FALSE(parse_wait(
      block({{"condition", Value::string("Ready")}, {"value", Value::string("x")}}), &err));
  CHECK(err.find("value goes with wait.jsonpath") != std::string::npos);
  err.clear();
  CHECK_FALSE(parse_wait(
      block({{"jsonpath", Value::string("a")}, {"timeout", Value::string("soon")}}), &err));
  CHECK(err.find("not a duration") != std::string::npos);
  err.clear();
  auto listed = parse_wait(
      Value::tuple({block({{"jsonpath", Value::string("status.x")}, {"value", Value::number(3)}})}),
      &err);
  REQUIRE(listed);
  CHECK(listed->value == "3");
}

TEST_CASE("wait for a condition polls until it is True, the state has the final status") {
  Fixture f;
  int gets = 0;
  f.cluster->intercept = [&](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.method != "GET" || req.url.find("/configmaps/a") == std::string::npos)
      return std::nullopt;
    json o = f.cluster->object("v1", "ConfigMap", "default", "a");
    if (o.is_null()) return std::nullopt;  // the read before the create: nothing there yet
    o["status"]["conditions"] = {{{"type", "Ready"}, {"status", ++gets >= 3 ? "True" : "False"}}};
    return json_reply(200, o);
  };
  Value config = Value::object({{"manifest", config_map_named("a")},
                                {"wait", Value::object({{"condition", Value::string("Ready")},
                                                        {"timeout", Value::string("60s")}})}});
  Value s = f.apply("kube_object", Value(), config);
  CHECK(gets == 3);
  CHECK(to_json(*s.get("object"))["status"]["conditions"][0]["status"] == "True");
}

TEST_CASE("wait times out with what it was waiting for, the object stays in the state") {
  Fixture f;
  Value config = Value::object(
      {{"manifest", config_map_named("a")},
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

}  // namespace
}  // namespace fedplan::kube
