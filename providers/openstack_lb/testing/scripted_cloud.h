// A scripted cloud for the openstack_lb unit tests: a test HTTP server on 127.0.0.1 plays
// Keystone (tokens t1, t2, ...) and, through a function each test sets, Octavia.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "base/http/beast_transport.h"
#include "base/http/testing/test_server.h"
#include "base/testing/fake_clock.h"
#include "providers/openstack_lb/octavia_client.h"

namespace fedplan::openstack_lb::testing {

using fedplan::testing::TestReply;
using fedplan::testing::TestRequest;

// A Keystone token answer: a one-hour token named `id` whose catalog points at `octavia`.
inline TestReply token_reply(const std::string& id, const std::string& octavia) {
  TestReply r;
  r.status = 201;
  r.headers.set("X-Subject-Token", id);
  r.headers.set("Content-Type", "application/json");
  nlohmann::json catalog = nlohmann::json::array(
      {{{"type", "load-balancer"},
        {"endpoints", {{{"interface", "public"}, {"region_id", "R"}, {"url", octavia}}}}}});
  r.body = nlohmann::json{{"token",
                           {{"issued_at", "2030-01-01T10:00:00.000000Z"},
                            {"expires_at", "2030-01-01T11:00:00.000000Z"},
                            {"project", {{"id", "p1"}}},
                            {"user", {{"id", "u1"}}},
                            {"catalog", catalog}}}}
               .dump();
  return r;
}

inline TestReply json_reply(int status, const nlohmann::json& body) {
  TestReply r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.body = body.dump();
  return r;
}

inline TestReply lb_status(const std::string& status) {
  return json_reply(200, {{"loadbalancer",
                           {{"id", "lb1"},
                            {"provisioning_status", status},
                            {"operating_status", status == "ERROR" ? "ERROR" : "ONLINE"}}}});
}

// A scripted cloud: Keystone on /v3/auth/tokens (tokens t1, t2, ...), the rest to `octavia`.
struct Cloud {
  std::function<TestReply(const TestRequest&)> octavia;
  std::atomic<int> auths{0};
  std::chrono::milliseconds auth_delay{0};
  fedplan::testing::TestServer server{[this](const TestRequest& req) {
    if (req.target == "/v3/auth/tokens") {
      TestReply r = token_reply("t" + std::to_string(++auths), "unused");
      r.delay = auth_delay;
      return r;
    }
    return octavia(req);
  }};
  FakeClock clock;
  std::shared_ptr<HttpTransport> http;
  std::unique_ptr<TokenCache> tokens;
  std::unique_ptr<OctaviaClient> client;

  explicit Cloud(WaitOptions wait = {}) {
    std::string err;
    http = make_beast_transport(TlsConfig{}, BeastTransportOptions{}, &err);
    CloudConfig c;
    c.auth_url = server.url("/v3");
    c.user_id = "u";
    c.password = "p";
    c.project_id = "p1";
    tokens = std::make_unique<TokenCache>(http, c, clock);
    client = std::make_unique<OctaviaClient>(http, *tokens, server.url("/v2/lbaas"), clock, wait);
  }
};

}  // namespace fedplan::openstack_lb::testing
