// The openstack_lb_loadbalancer data source against the harness's real Octavia (mode (a): the
// cluster's cloud provider made the load balancer), with Neutron's floating IP lookup played by
// a scripted server (the harness has no Neutron).
#include <doctest/doctest.h>

#include <mutex>
#include <thread>

#include "base/http/testing/test_server.h"
#include "tests/openstack/harness_util.h"

namespace fedplan::openstack_lb::testing {
namespace {

using nlohmann::json;

#define NEED_HARNESS(h)         \
  const Harness& h = harness(); \
  if (!h.skip.empty()) {        \
    MESSAGE(h.skip);            \
    return;                     \
  }

// Creates a load balancer the way the cloud provider does, returning its id.
std::string cloud_provider_lb(const RawCloud& raw, const Harness& h, const std::string& name,
                              const std::string& vip) {
  json body = {{"loadbalancer",
                {{"name", name},
                 {"vip_subnet_id", h["VIP_SUBNET_ID"]},
                 {"vip_network_id", h["VIP_NETWORK_ID"]},
                 {"vip_address", vip}}}};
  HttpResponse r = raw.send("POST", "/loadbalancers", &body);
  REQUIRE(r.status == 201);
  return json::parse(r.body)["loadbalancer"]["id"].get<std::string>();
}

TEST_CASE("the data source finds the cloud provider's load balancer by name or id") {
  NEED_HARNESS(h);
  RawCloud raw(h);
  // cloud-provider-openstack names it kube_service_<cluster>_<namespace>_<service>.
  std::string name = unique_name("kube_service_mesh1_istio-system_federation-ingress");
  std::string id = cloud_provider_lb(raw, h, name, "10.0.0.77");
  HarnessProvider p = harness_provider(password_settings(h));
  REQUIRE_FALSE(p.configure_diags.has_errors());
  Value cfg = Value::object({{"name", S(name)}, {"timeout", S("60s")}});
  CHECK_FALSE(p->validate("data.openstack_lb_loadbalancer", cfg).has_errors());
  // It was just created: the data source waits until it is ACTIVE.
  ReadResult r = p->read_data("openstack_lb_loadbalancer", cfg);
  REQUIRE_MESSAGE(!r.diags.has_errors(), text(r.diags));
  CHECK(str(r.state, "id") == id);
  CHECK(str(r.state, "provisioning_status") == "ACTIVE");
  CHECK(str(r.state, "vip_address") == "10.0.0.77");
  CHECK_FALSE(str(r.state, "vip_port_id").empty());
  CHECK(at(r.state, "floating_ip").is_null());  // the harness's catalog has no Neutron
  CHECK(str(r.state, "address") == "10.0.0.77");

  ReadResult by_id = p->read_data("openstack_lb_loadbalancer", Value::object({{"id", S(id)}}));
  CHECK(str(by_id.state, "name") == name);

  // Two with the same name: ambiguous.
  std::string twin = cloud_provider_lb(raw, h, name, "10.0.0.78");
  ReadResult both = p->read_data("openstack_lb_loadbalancer", Value::object({{"name", S(name)}}));
  CHECK(text(both.diags).find("2 load balancers are named") != std::string::npos);
  raw.wait_lb(twin, "ACTIVE");
  raw.send("DELETE", "/loadbalancers/" + twin);
  raw.send("DELETE", "/loadbalancers/" + id);
  raw.wait_lb(id, "gone");

  // Not there, no timeout: an error at once.
  ReadResult missing =
      p->read_data("openstack_lb_loadbalancer", Value::object({{"name", S(name + "-x")}}));
  CHECK(text(missing.diags).find("no load balancer named") != std::string::npos);
  CHECK(p->validate("data.openstack_lb_loadbalancer", Value::object({})).has_errors());
}

TEST_CASE("the data source waits for a load balancer that appears later") {
  NEED_HARNESS(h);
  RawCloud raw(h);
  std::string name = unique_name("kube_service_late");
  HarnessProvider p = harness_provider(password_settings(h));
  REQUIRE_FALSE(p.configure_diags.has_errors());
  std::string id;
  std::thread cloud_provider([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    id = cloud_provider_lb(raw, h, name, "10.0.0.79");
  });
  ReadResult r = p->read_data("openstack_lb_loadbalancer",
                              Value::object({{"name", S(name)}, {"timeout", S("60s")}}));
  cloud_provider.join();
  REQUIRE_MESSAGE(!r.diags.has_errors(), text(r.diags));
  CHECK(str(r.state, "id") == id);
  CHECK(str(r.state, "provisioning_status") == "ACTIVE");
  raw.send("DELETE", "/loadbalancers/" + id);
}

TEST_CASE("the floating IP of the VIP port is looked up in Neutron with the same token") {
  NEED_HARNESS(h);
  std::mutex mu;
  std::string neutron_target, neutron_token;
  fedplan::testing::TestServer neutron([&](const fedplan::testing::TestRequest& req) {
    {
      std::lock_guard<std::mutex> lock(mu);
      neutron_target = req.target;
      neutron_token = req.headers.get("X-Auth-Token");
    }
    fedplan::testing::TestReply reply;
    reply.headers.set("Content-Type", "application/json");
    reply.body = R"({"floatingips": [{"floating_ip_address": "203.0.113.7", "port_id": "x"}]})";
    return reply;
  });
  RawCloud raw(h);
  std::string name = unique_name("kube_service_fip");
  std::string id = cloud_provider_lb(raw, h, name, "10.0.0.80");
  ValueMap s = password_settings(h);
  s["network_endpoint_override"] = S(neutron.url("/"));
  HarnessProvider p = harness_provider(s);
  REQUIRE_FALSE(p.configure_diags.has_errors());
  ReadResult r = p->read_data("openstack_lb_loadbalancer", Value::object({{"id", S(id)}}));
  REQUIRE_MESSAGE(!r.diags.has_errors(), text(r.diags));
  CHECK(str(r.state, "floating_ip") == "203.0.113.7");
  CHECK(str(r.state, "address") == "203.0.113.7");
  CHECK(str(r.state, "vip_address") == "10.0.0.80");
  {
    std::lock_guard<std::mutex> lock(mu);
    CHECK(neutron_target == "/v2.0/floatingips?port_id=" + str(r.state, "vip_port_id"));
    CHECK(neutron_token == p.recorder->exchanges().at(0).response.headers.get("X-Subject-Token"));
  }
  raw.wait_lb(id, "ACTIVE");
  raw.send("DELETE", "/loadbalancers/" + id);
}

}  // namespace
}  // namespace fedplan::openstack_lb::testing
