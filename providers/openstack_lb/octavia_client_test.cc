// OctaviaClient and TokenCache timing without a cloud: a scripted HTTP server on 127.0.0.1 plays
// Keystone and Octavia, a FakeClock records every wait, so backoffs are checked exactly.
#include "providers/openstack_lb/octavia_client.h"

#include <doctest/doctest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "providers/openstack_lb/testing/scripted_cloud.h"

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::Cloud;
using testing::json_reply;
using testing::lb_status;
using testing::TestReply;
using testing::TestRequest;
using testing::token_reply;

const json kImmutable = {{"faultcode", "Client"},
                         {"faultstring", "Load Balancer lb1 is immutable and cannot be updated."}};

TEST_CASE("a write refused as immutable is retried with growing backoff until accepted") {
  Cloud cloud;
  std::atomic<int> posts{0};
  cloud.octavia = [&](const TestRequest& req) {
    if (req.method == "GET") return lb_status("PENDING_UPDATE");
    if (++posts <= 3) return json_reply(409, kImmutable);
    return json_reply(201, {{"listener", {{"id", "l1"}}}});
  };
  json body = {{"listener", {{"protocol", "TCP"}}}};
  ApiResult r = cloud.client->write("POST", "/listeners", &body);
  CHECK(r.ok());
  CHECK(r.status == 201);
  CHECK(posts == 4);
  CHECK(cloud.clock.sleeps() ==
        std::vector<milliseconds>{milliseconds(500), milliseconds(1000), milliseconds(2000)});
}

TEST_CASE("a conflict that is not about a pending load balancer is not retried") {
  Cloud cloud;
  cloud.octavia = [&](const TestRequest&) {
    return json_reply(409, {{"faultstring",
                             "Another Listener on this Load Balancer is already using "
                             "protocol_port 15443"}});
  };
  json body = json::object();
  ApiResult r = cloud.client->write("POST", "/listeners", &body);
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("already using protocol_port 15443") != std::string::npos);
  CHECK(cloud.clock.sleeps().empty());
}

TEST_CASE("a load balancer in ERROR ends the retries at once") {
  Cloud cloud;
  cloud.octavia = [&](const TestRequest& req) {
    if (req.method == "GET") return lb_status("ERROR");
    return json_reply(409, kImmutable);
  };
  ApiResult r = cloud.client->write("DELETE", "/listeners/l1");
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("is in provisioning_status ERROR") != std::string::npos);
  CHECK(cloud.clock.sleeps().empty());
}

TEST_CASE("a write still refused when the wait timeout passes fails, not to be retried by apply") {
  WaitOptions w;
  w.timeout = milliseconds(5000);
  Cloud cloud(w);
  cloud.octavia = [&](const TestRequest& req) {
    if (req.method == "GET") return lb_status("PENDING_UPDATE");
    return json_reply(409, kImmutable);
  };
  ApiResult r = cloud.client->write("PUT", "/listeners/l1");
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("still refused after 4 tries over 5.0 s") != std::string::npos);
  milliseconds total{0};
  for (milliseconds s : cloud.clock.sleeps()) total += s;
  CHECK(total <= milliseconds(5000));
}

TEST_CASE("waiting for ACTIVE polls with growing intervals") {
  Cloud cloud;
  std::atomic<int> gets{0};
  cloud.octavia = [&](const TestRequest&) {
    return lb_status(++gets <= 3 ? "PENDING_CREATE" : "ACTIVE");
  };
  ApiResult r = cloud.client->wait_active("lb1", "creating it");
  CHECK(r.ok());
  CHECK(cloud.clock.sleeps() ==
        std::vector<milliseconds>{milliseconds(250), milliseconds(375), milliseconds(562)});
}

TEST_CASE("waiting ends with the objects in ERROR named, or with a timeout apply does not repeat") {
  Cloud cloud;
  cloud.octavia = [&](const TestRequest& req) {
    if (req.target == "/v2/lbaas/loadbalancers/lb1/status")
      return json_reply(
          200, {{"statuses",
                 {{"loadbalancer",
                   {{"id", "lb1"},
                    {"provisioning_status", "ERROR"},
                    {"listeners",
                     {{{"id", "l1"}, {"name", "svc"}, {"provisioning_status", "ERROR"}}}}}}}}});
    return lb_status("ERROR");
  };
  ApiResult r = cloud.client->wait_active("lb1", "creating listener l1");
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("went to provisioning_status ERROR (operating_status ERROR) while creating "
                     "listener l1; objects in ERROR: listener l1 (svc)") != std::string::npos);

  WaitOptions w;
  w.timeout = milliseconds(2000);
  Cloud slow(w);
  slow.octavia = [&](const TestRequest&) { return lb_status("PENDING_UPDATE"); };
  ApiResult t = slow.client->wait_active("lb1", "updating it");
  CHECK(t.error.find("timed out after 2.0 s") != std::string::npos);
  CHECK(t.error.find("still PENDING_UPDATE") != std::string::npos);
}

TEST_CASE("a 401 renews the token once and sends the request again") {
  Cloud cloud;
  std::mutex mu;
  std::vector<std::string> seen;
  cloud.octavia = [&](const TestRequest& req) {
    std::string token = req.headers.get("X-Auth-Token");
    {
      std::lock_guard<std::mutex> lock(mu);
      seen.push_back(token);
    }
    if (token == "t1") return json_reply(401, {{"error", {{"message", "expired"}}}});
    return lb_status("ACTIVE");
  };
  ApiResult r = cloud.client->get("/loadbalancers/lb1");
  CHECK(r.ok());
  CHECK(seen == std::vector<std::string>{"t1", "t2"});
  CHECK(cloud.tokens->authentications() == 2);

  // A token Octavia refuses twice is an error, not a loop.
  cloud.octavia = [&](const TestRequest&) {
    return json_reply(401, {{"error", {{"message", "no"}}}});
  };
  ApiResult denied = cloud.client->get("/loadbalancers/lb1");
  CHECK(denied.status == 401);
  CHECK(cloud.tokens->authentications() == 3);
}

TEST_CASE("a token is renewed on the clock before it expires") {
  Cloud cloud;
  cloud.octavia = [&](const TestRequest&) { return lb_status("ACTIVE"); };
  REQUIRE(cloud.tokens->get().token->id == "t1");
  cloud.clock.advance(std::chrono::minutes(50));
  CHECK(cloud.tokens->get().token->id == "t1");
  cloud.clock.advance(std::chrono::minutes(9));  // 1 min left: less than the 2 min margin
  CHECK(cloud.tokens->get().token->id == "t2");
  CHECK(cloud.tokens->authentications() == 2);
}

TEST_CASE("threads that need a token at once share one authentication") {
  Cloud cloud;
  cloud.auth_delay = milliseconds(200);
  cloud.octavia = [&](const TestRequest&) { return lb_status("ACTIVE"); };
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      if (cloud.client->get("/loadbalancers/lb1").ok()) ++ok;
    });
  for (std::thread& t : threads) t.join();
  CHECK(ok == 8);
  CHECK(cloud.tokens->authentications() == 1);
  // And a burst of 401s for the same token renews it once.
  cloud.tokens->invalidate("t1");
  cloud.tokens->invalidate("t1");
  CHECK(cloud.tokens->get().token->id == "t2");
  cloud.tokens->invalidate("t1");  // an old token: the current one stays
  CHECK(cloud.tokens->get().token->id == "t2");
}

TEST_CASE("Keystone refusing the credentials is reported with its message") {
  fedplan::testing::TestServer keystone([](const TestRequest&) {
    return json_reply(
        401,
        {{"error",
          {{"code", 401}, {"message", "The request you have made requires authentication."}}}});
  });
  std::string err;
  std::shared_ptr<HttpTransport> http =
      make_beast_transport(TlsConfig{}, BeastTransportOptions{}, &err);
  CloudConfig c;
  c.auth_url = keystone.url("/v3");
  c.user_id = "u";
  c.password = "wrong";
  c.project_id = "p";
  FakeClock clock;
  TokenCache tokens(http, c, clock);
  KeystoneResult r = tokens.get();
  CHECK_FALSE(r.token);
  CHECK(r.error == "Keystone refused the password credentials: POST " + keystone.url("/v3") +
                       "/auth/tokens: 401 Unauthorized: The request you have made requires "
                       "authentication.");
  CHECK(r.error.find("wrong") == std::string::npos);  // the password never shows
}

}  // namespace
}  // namespace fedplan::openstack_lb
