// Crash safety of openstack_lb against the real Keystone + Octavia of tests/openstack/harness.sh:
// fedplan SIGKILLed after each create (load balancer, listener, pool, member, health monitor)
// and before its state write, applied again and destroyed: Octavia must list nothing of it.
#include <doctest/doctest.h>

#include <unistd.h>

#include <csignal>
#include <set>

#include "base/testing/temp_dir.h"
#include "tests/e2e/openstack/octavia.h"
#include "tests/e2e/support/run.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// The gateway load balancer of the octavia-gateway module, one port and one node: five creates.
// NAMED is "true" to name every child as the module does; else only the load balancer has one.
const char* kConfig = R"(
variable "name" { type = string }
variable "named" { type = bool }
variable "vip_subnet_id" { type = string }
variable "vip_network_id" { type = string }

locals {
  child = var.named ? "${var.name}-service" : null
}

provider "openstack_lb" {
  wait_timeout = "2m"
}

resource "openstack_lb_loadbalancer" "gw" {
  name           = var.name
  vip_subnet_id  = var.vip_subnet_id
  vip_network_id = var.vip_network_id
  vip_address    = "10.0.0.40"
}

resource "openstack_lb_listener" "gw" {
  name            = local.child
  loadbalancer_id = openstack_lb_loadbalancer.gw.id
  protocol        = "TCP"
  protocol_port   = 15443
}

resource "openstack_lb_pool" "gw" {
  name         = local.child
  listener_id  = openstack_lb_listener.gw.id
  protocol     = "TCP"
  lb_algorithm = "SOURCE_IP"
}

resource "openstack_lb_member" "gw" {
  pool_id       = openstack_lb_pool.gw.id
  address       = "10.0.1.11"
  subnet_id     = var.vip_subnet_id
  protocol_port = 31443
  name          = local.child
}

resource "openstack_lb_monitor" "gw" {
  name        = local.child
  pool_id     = openstack_lb_pool.gw.id
  type        = "TCP"
  delay       = 5
  timeout     = 3
  max_retries = 3
}
)";
constexpr int kCalls = 5;

// The harness of this process (the ctest fixture's, or one of our own); null when this machine
// cannot run it.
const OpenStackHarness* harness() {
  static TempDir own;
  static OpenStackHarness h(own / "os");
  REQUIRE_MESSAGE((h.error.empty() || h.cannot_run), h.error);
  return h.cannot_run ? nullptr : &h;
}

// What Octavia holds of one load balancer's tree: "loadbalancer", "listener 15443",
// "pool SOURCE_IP", "member 10.0.1.11:31443", "healthmonitor TCP", one per object.
std::multiset<std::string> tree(OctaviaClient& octavia, const std::string& lb_id) {
  // Each answer is held in a variable: a range-for over a member of a temporary would dangle.
  auto list = [&](const std::string& path, const std::string& key) {
    json answer = octavia.get(path);
    return answer.is_object() ? answer.value(key, json::array()) : json::array();
  };
  std::multiset<std::string> out;
  json lb = octavia.get("loadbalancers/" + lb_id);
  if (lb.is_object() && lb["loadbalancer"].value("provisioning_status", "") != "DELETED")
    out.insert("loadbalancer");
  for (const json& l : list("listeners?loadbalancer_id=" + lb_id, "listeners"))
    out.insert("listener " + std::to_string(l.value("protocol_port", 0)));
  for (const json& p : list("pools?loadbalancer_id=" + lb_id, "pools")) {
    out.insert("pool " + p.value("lb_algorithm", ""));
    std::string pool = p.value("id", "");
    for (const json& m : list("pools/" + pool + "/members", "members"))
      out.insert("member " + m.value("address", "") + ":" +
                 std::to_string(m.value("protocol_port", 0)));
    for (const json& hm : list("healthmonitors?pool_id=" + pool, "healthmonitors"))
      out.insert("healthmonitor " + hm.value("type", ""));
  }
  return out;
}

std::string show(const std::multiset<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += i + "\n";
  return out;
}

// A configuration directory with its own load balancer name, and the ids of every load balancer
// of that name Octavia has listed since it began.
struct Site {
  const OpenStackHarness& h;
  OctaviaClient& octavia;
  TempDir dir;
  std::string name;
  bool named;
  std::set<std::string> lb_ids;

  Site(const OpenStackHarness& harness, OctaviaClient& client, std::string lb_name, bool all_named)
      : h(harness), octavia(client), name(std::move(lb_name)), named(all_named) {
    dir.write("main.fed.hcl", kConfig);
  }

  // Runs `fedplan COMMAND -auto-approve`, SIGKILLed after its `kill_after`-th call unless 0.
  Run run(const std::string& command, int kill_after = 0) {
    std::map<std::string, std::string> env = h.os_env();
    env["FEDPLAN_VAR_name"] = name;
    env["FEDPLAN_VAR_named"] = named ? "true" : "false";
    env["FEDPLAN_VAR_vip_subnet_id"] = h.env.at("VIP_SUBNET_ID");
    env["FEDPLAN_VAR_vip_network_id"] = h.env.at("VIP_NETWORK_ID");
    if (kill_after > 0) env["FEDPLAN_TEST_KILL_AFTER_CALL"] = std::to_string(kill_after);
    Run r = run_fedplan({command, "-auto-approve"}, dir.path(), env);
    see_load_balancers();
    return r;
  }

  void see_load_balancers() {
    json all = octavia.get("loadbalancers?name=" + name);
    if (all.is_object())
      for (const json& lb : all.value("loadbalancers", json::array()))
        lb_ids.insert(lb.value("id", ""));
  }

  // Every object of every load balancer the site made.
  std::multiset<std::string> live() {
    std::multiset<std::string> out;
    for (const std::string& id : lb_ids) out.merge(tree(octavia, id));
    return out;
  }
};

void kill_after_each_create(bool named) {
  const OpenStackHarness* h = harness();
  if (!h) {
    MESSAGE("the OpenStack harness cannot run on this machine: skipped");
    return;
  }
  OctaviaClient octavia(*h);
  REQUIRE_MESSAGE(octavia.ok(), octavia.error());
  const std::multiset<std::string> whole = {"loadbalancer", "listener 15443", "pool SOURCE_IP",
                                            "member 10.0.1.11:31443", "healthmonitor TCP"};
  for (int n = 1; n <= kCalls; ++n) {
    CAPTURE(n);
    Site s(*h, octavia,
           "crash-" + std::string(named ? "named-" : "unnamed-") + std::to_string(n) + "-" +
               std::to_string(getpid()),
           named);
    Run killed = s.run("apply", n);
    CHECK_MESSAGE(killed.exit_code == 128 + SIGKILL, killed.all());
    Run again = s.run("apply");
    REQUIRE_MESSAGE(again.exit_code == 0, again.all());
    CHECK(s.lb_ids.size() == 1);
    CHECK_MESSAGE(s.live() == whole, show(s.live()));
    Run destroyed = s.run("destroy");
    REQUIRE_MESSAGE(destroyed.exit_code == 0, destroyed.all());
    CHECK_MESSAGE(s.live().empty(), show(s.live()));
  }
}

}  // namespace

TEST_CASE(
    "openstack_lb killed after any create, then applied and destroyed, leaves nothing in "
    "Octavia") {
  kill_after_each_create(true);
}

TEST_CASE("openstack_lb children without names are found again after a kill, not created twice") {
  kill_after_each_create(false);
}
