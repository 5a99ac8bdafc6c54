// ossm3-east-west-gateway's octavia platform against a real Octavia (tests/openstack/harness.sh)
// and a sandbox: a load balancer in front of the gateway's NodePort, the endpoint at its VIP.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "base/testing/temp_dir.h"
#include "tests/e2e/openstack/octavia.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// The harness of this process (the ctest fixture's, or one of our own), or exit 77.
const OpenStackHarness& ossm3_harness() {
  static TempDir own;
  static OpenStackHarness h(own / "os");
  if (h.cannot_run) {
    MESSAGE("the OpenStack harness cannot run on this machine: skipped (" << h.error << ")");
    std::exit(77);
  }
  REQUIRE_MESSAGE(h.error.empty(), h.error);
  return h;
}

std::string ossm3_env_value(const std::map<std::string, std::string>& env, const std::string& key) {
  auto it = env.find(key);
  return it == env.end() ? "" : it->second;
}

}  // namespace

TEST_CASE(
    "ossm3-east-west-gateway, octavia: a TCP listener on 15443 in front of the gateway's "
    "NodePort on every named node, peers sent to the VIP, destroy leaves no load balancer") {
  const OpenStackHarness& h = ossm3_harness();
  TempDir tmp;
  Sandboxes sb({"mesh1"}, tmp / "sb", {"--nodes", "2"});
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  OctaviaClient octavia(h);
  REQUIRE_MESSAGE(octavia.ok(), octavia.error());
  std::filesystem::create_directory_symlink(source_dir() + "/modules", tmp / "modules");
  std::filesystem::create_directories(tmp / "root");
  std::ofstream(tmp / "root/main.fed.hcl") << R"(
variable "vip_subnet_id" { type = string }
provider "kube" { kubeconfig = env("MESH1_KUBECONFIG") }
provider "openstack_lb" {}
module "mesh" {
  source = "../modules/ossm3-control-plane"
  mesh   = "mesh1"
}
module "gateway" {
  source       = "../modules/ossm3-east-west-gateway"
  mesh         = module.mesh
  service_type = "NodePort"
  platform     = "octavia"
  octavia      = { vip_subnet_id = var.vip_subnet_id, vip_address = "10.0.0.31", nodes = ["mesh1-node-1", "mesh1-node-2"] }
}
output "endpoint" { value = module.gateway.endpoint }
)";
  std::string dir = tmp / "root";
  auto env = sb.env();
  for (const auto& [k, v] : h.os_env()) env[k] = v;
  std::vector<std::string> vars = {"-var",
                                   "vip_subnet_id=" + ossm3_env_value(h.env, "VIP_SUBNET_ID")};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), vars.begin(), vars.end());
    return args;
  };

  Run apply = run_fedplan(with({"apply", "-auto-approve"}), dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());

  // The NodePort of 15443 and the nodes' InternalIPs, as the sandbox holds them.
  json svc = sb.get("mesh1", "service", "eastwestgateway-istio", "istio-system");
  REQUIRE(svc.is_object());
  CHECK(svc["spec"]["type"] == "NodePort");
  int node_port = 0;
  for (const json& p : svc["spec"]["ports"])
    if (p["port"] == 15443) node_port = p.value("nodePort", 0);
  REQUIRE(node_port > 0);
  std::set<std::string> want;
  for (const json& n : sb.list("mesh1", "node"))
    for (const json& a : n["status"]["addresses"])
      if (a["type"] == "InternalIP")
        want.insert(a.value("address", "") + ":" + std::to_string(node_port));
  CHECK(want.size() == 2);

  json lb;
  for (const json& l : octavia.load_balancers())
    if (l.value("name", "") == "mesh1-east-west") lb = l;
  REQUIRE(lb.is_object());
  CHECK(lb.value("vip_address", "") == "10.0.0.31");
  std::string id = lb.value("id", "");
  json listeners = octavia.get("listeners?loadbalancer_id=" + id)["listeners"];
  json pools = octavia.get("pools?loadbalancer_id=" + id)["pools"];
  REQUIRE(listeners.size() == 1);
  REQUIRE(pools.size() == 1);
  CHECK(listeners[0].value("protocol_port", 0) == 15443);
  CHECK(pools[0].value("lb_algorithm", "") == "SOURCE_IP");
  CHECK(!pools[0]["healthmonitor_id"].is_null());
  std::set<std::string> got;
  json members = octavia.get("pools/" + pools[0].value("id", "") + "/members");
  for (const json& m : members["members"])
    got.insert(m.value("address", "") + ":" + std::to_string(m.value("protocol_port", 0)));
  auto show = [](const std::set<std::string>& s) {
    std::string out;
    for (const std::string& m : s) out += m + " ";
    return out;
  };
  INFO("members " << show(got) << "; nodes at the NodePort " << show(want));
  CHECK(got == want);
  CHECK(apply.out.find("\"address\" = \"10.0.0.31\"") != std::string::npos);
  CHECK(apply.out.find("\"port\" = 15443") != std::string::npos);

  Run again = run_fedplan(with({"plan", "-detailed-exitcode"}), dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  Run destroy = run_fedplan(with({"destroy", "-auto-approve"}), dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  for (const json& l : octavia.load_balancers()) CHECK(l.value("name", "") != "mesh1-east-west");
}
