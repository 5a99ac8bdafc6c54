// Tests for fault injection: rules by verb and rate, the errors they produce (429 with
// Retry-After, 409, 500, 502, 503, 504, dropped connections), the admin endpoint, and flag parsing.
#include "sandbox/faults.h"

#include <doctest/doctest.h>

#include "sandbox/testing/test_util.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

TEST_CASE("fault rules parse from flags and refuse nonsense") {
  FaultRule r;
  std::string err;
  REQUIRE(parse_fault_rule("create:429:0.5:3", &r, &err));
  CHECK(r.verb == "create");
  CHECK(r.code == 429);
  CHECK(r.rate == 0.5);
  CHECK(r.retry_after == 3);
  REQUIRE(parse_fault_rule("*:drop:1", &r, &err));
  CHECK(r.code == 0);
  CHECK_FALSE(parse_fault_rule("create:418:0.5", &r, &err));
  CHECK_FALSE(parse_fault_rule("create:501:0.5", &r, &err));
  REQUIRE(parse_fault_rule("patch:503:0.2:2", &r, &err));
  CHECK(r.code == 503);
  CHECK(r.retry_after == 2);
  CHECK_FALSE(parse_fault_rule("fly:500:0.5", &r, &err));
  CHECK_FALSE(parse_fault_rule("get:500:2", &r, &err));
  CHECK_FALSE(parse_fault_rule("get:500", &r, &err));
}

TEST_CASE("a fault rate picks roughly that share of matching requests only") {
  FaultConfig c;
  c.rules.push_back({"get", 0.3, 500, 1});
  std::mt19937_64 rng(1);
  int hits = 0;
  for (int i = 0; i < 2000; ++i)
    if (decide_fault(c, "get", rng).action == FaultDecision::Action::Error) ++hits;
  CHECK(hits > 450);
  CHECK(hits < 750);
  for (int i = 0; i < 200; ++i)
    CHECK(decide_fault(c, "list", rng).action == FaultDecision::Action::None);
}

TEST_CASE("injected faults answer with the configured errors, by verb") {
  Harness h;
  json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "a"}}}};
  const char* url = "/api/v1/namespaces/default/configmaps";
  h.api.faults().rules = {{"create", 1.0, 429, 7}};
  Reply limited = h.post(url, cm);
  CHECK(limited.status == 429);
  CHECK(limited.body["reason"] == "TooManyRequests");
  CHECK(limited.body["details"]["retryAfterSeconds"] == 7);
  bool header = false;
  for (const auto& [k, v] : limited.response.headers)
    if (k == "Retry-After" && v == "7") header = true;
  CHECK(header);
  CHECK(h.get(url).status == 200);                      // lists are not affected
  CHECK(h.get(std::string(url) + "/a").status == 404);  // nothing was created

  h.api.faults().rules = {{"*", 1.0, 409, 1}};
  CHECK(h.get(url).body["reason"] == "Conflict");
  h.api.faults().rules = {{"list", 1.0, 500, 1}};
  CHECK(h.get(url).status == 500);
  h.api.faults().rules = {{"list", 1.0, 502, 1}};
  CHECK(h.get(url).body["reason"] == "BadGateway");
  h.api.faults().rules = {{"list", 1.0, 503, 4}};
  Reply unavailable = h.get(url);
  CHECK(unavailable.status == 503);
  CHECK(unavailable.body["reason"] == "ServiceUnavailable");
  CHECK(unavailable.body["details"]["retryAfterSeconds"] == 4);
  h.api.faults().rules = {{"list", 1.0, 504, 1}};
  CHECK(h.get(url).body["reason"] == "Timeout");
  h.api.faults().rules = {{"list", 1.0, 0, 1}};
  CHECK(h.get(url).response.drop);
  CHECK(h.call("GET", "/healthz", "", "", "").status == 200);  // health is never faulted
}

TEST_CASE("the admin endpoint sets latency and faults and needs the token") {
  Harness h;
  Reply denied =
      h.call("PUT", "/sandbox/v1/faults", R"({"latencyMs": 50})", "application/json", "");
  CHECK(denied.status == 401);
  Reply set = h.call("PUT", "/sandbox/v1/faults",
                     R"({"latencyMs": 50, "rules": [{"verb": "delete", "code": 500, "rate": 1}]})");
  REQUIRE(set.status == 200);
  CHECK(h.api.faults().latency.count() == 50);
  CHECK(h.get("/api/v1/namespaces").response.delay.count() == 50);
  CHECK(h.call("DELETE", "/api/v1/namespaces/default/configmaps/x").status == 500);
  CHECK(h.call("PUT", "/sandbox/v1/faults",
               R"({"rules": [{"verb": "delete", "code": 418, "rate": 1}]})")
            .status == 400);
  CHECK(h.get("/sandbox/v1/faults").body["rules"][0]["code"] == 500);
  CHECK(h.call("DELETE", "/sandbox/v1/faults").status == 200);
  CHECK(h.api.faults().rules.empty());
  CHECK(h.api.faults().latency.count() == 0);
}
