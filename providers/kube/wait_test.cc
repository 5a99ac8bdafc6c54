// Tests of durations, field paths and wait checks.
#include "providers/kube/wait.h"

#include <doctest/doctest.h>

namespace fedplan::kube {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

TEST_CASE("durations in Go syntax and bare seconds") {
  CHECK(parse_duration("300s") == milliseconds(300'000));
  CHECK(parse_duration("5m") == milliseconds(300'000));
  CHECK(parse_duration("1h30m") == milliseconds(5'400'000));
  CHECK(parse_duration("250ms") == milliseconds(250));
  CHECK(parse_duration("1.5s") == milliseconds(1500));
  CHECK(parse_duration("90") == milliseconds(90'000));
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("5 minutes"));
  CHECK_FALSE(parse_duration("-1s"));
  CHECK_FALSE(parse_duration("s"));
}

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

}  // namespace
}  // namespace fedplan::kube
