// Resumed creates without a cloud: the object a killed run made is found in its collection by
// the attributes the create sends, named or not, and taken instead of a second POST.
#include "providers/openstack_lb/resource_apply.h"

#include <doctest/doctest.h>

#include <mutex>

#include "providers/openstack_lb/resources.h"
#include "providers/openstack_lb/testing/scripted_cloud.h"

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;
using testing::Cloud;
using testing::json_reply;
using testing::lb_status;
using testing::TestReply;
using testing::TestRequest;

// Octavia with pool p1 on load balancer lb1 holding `members`; it records every POST.
struct PoolCloud {
  Cloud cloud;
  json members;
  std::mutex mu;
  int posts = 0;

  explicit PoolCloud(json listed) : members(std::move(listed)) {
    cloud.octavia = [this](const TestRequest& req) -> TestReply {
      std::lock_guard<std::mutex> lock(mu);
      if (req.method == "POST") {
        ++posts;
        return json_reply(201, {{"member", {{"id", "new"}, {"address", "10.0.1.11"}}}});
      }
      if (req.target == "/v2/lbaas/pools/p1/members")
        return json_reply(200, {{"members", members}});
      if (req.target == "/v2/lbaas/pools/p1")
        return json_reply(200, {{"pool", {{"id", "p1"}, {"loadbalancers", {{{"id", "lb1"}}}}}}});
      if (req.target == "/v2/lbaas/loadbalancers/lb1") return lb_status("ACTIVE");
      for (const json& m : members)
        if (req.target == "/v2/lbaas/pools/p1/members/" + m["id"].get<std::string>())
          return json_reply(200, {{"member", m}});
      return json_reply(404, {{"faultstring", "not found"}});
    };
  }

  // A resumed create of the unnamed member 10.0.1.11:31443 of pool p1.
  ApplyResult resume() {
    Value config = Value::object({{"pool_id", Value::string("p1")},
                                  {"address", Value::string("10.0.1.11")},
                                  {"protocol_port", Value::number(31443)}});
    ApplyRequest req{"openstack_lb_member", Value(), config, config};
    req.resumed = true;
    return apply_resource(member_spec(), *cloud.client, req);
  }
};

json member(const std::string& id, const std::string& address, int port,
            const std::string& status = "ACTIVE") {
  return {{"id", id},
          {"address", address},
          {"protocol_port", port},
          {"name", ""},
          {"provisioning_status", status}};
}

std::string text(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items) out += x.summary + ": " + x.detail + "\n";
  return out;
}

TEST_CASE("a resumed create of an unnamed member takes the one with its address and port") {
  PoolCloud octavia(json::array({member("m1", "10.0.1.12", 31443), member("m2", "10.0.1.11", 30188),
                                 member("m3", "10.0.1.11", 31443)}));
  ApplyResult r = octavia.resume();
  REQUIRE_MESSAGE(!r.diags.has_errors(), text(r.diags));
  CHECK(r.state.attributes().at("id") == Value::string("m3"));
  CHECK(r.state.attributes().at("loadbalancer_id") == Value::string("lb1"));
  CHECK(octavia.posts == 0);
}

TEST_CASE("a resumed create that finds no matching object creates it") {
  PoolCloud octavia(json::array(
      {member("m1", "10.0.1.12", 31443), member("m2", "10.0.1.11", 31443, "PENDING_DELETE")}));
  CHECK_FALSE(octavia.resume().diags.has_errors());
  CHECK(octavia.posts == 1);
}

TEST_CASE("a resumed create that finds two matching objects names the conflict") {
  PoolCloud octavia(
      json::array({member("m1", "10.0.1.11", 31443), member("m2", "10.0.1.11", 31443)}));
  ApplyResult r = octavia.resume();
  CHECK(text(r.diags).find("Several members match member") != std::string::npos);
  CHECK(octavia.posts == 0);
}

}  // namespace
}  // namespace fedplan::openstack_lb
