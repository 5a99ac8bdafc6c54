// Load-balancer addresses are waited for: without one the run fails naming the Service, the
// cluster and the timeout, unless the node fallback is asked for, which the plan warns about.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "tests/e2e/addresses/pair_config.h"
#include "tests/e2e/support/mesh_facts.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// LoadBalancer gateways with a short wait and the fallback from the root variable `fallback`.
const char* kLoadBalancerPair = R"(
  ingress_service_type   = "LoadBalancer"
  load_balancer_timeout  = "2s"
  load_balancer_fallback = var.fallback
)";
const char* kFallbackVariable = R"(
variable "fallback" {
  type    = string
  default = "none"
}
)";

}  // namespace

TEST_CASE(
    "a load balancer that never gets an address: the run fails naming the Service, the cluster "
    "and the timeout, the explicit node fallback warns and uses a node, and an address written "
    "later (a hostname) replaces it") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb", {"--no-load-balancer"});
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::string dir = write_pair_config(tmp.path(), kLoadBalancerPair, kFallbackVariable);
  auto env = sb.env();

  Run fail = run_fedplan({"apply", "-auto-approve"}, dir, env);
  CHECK(fail.exit_code == 1);
  std::string server1 = json::parse(run_program({"kubectl", "config", "view", "--minify", "-o",
                                                 "json", "--kubeconfig", sb.kubeconfig("mesh1")})
                                        .out)["clusters"][0]["cluster"]["server"];
  CHECK_MESSAGE(
      fail.err.find("Timed out waiting for Service \"mesh1-system/mesh2-ingress\" (v1)") !=
          std::string::npos,
      fail.all());
  CHECK(fail.err.find("read the cluster at " + server1) != std::string::npos);
  CHECK(fail.err.find("after 2s: still waiting for status.loadBalancer.ingress[0] to be set") !=
        std::string::npos);
  CHECK(fail.err.find("The ingress gateway Service mesh2-ingress of mesh mesh1 (namespace "
                      "mesh1-system) for peer mesh2 got no load-balancer address within "
                      "load_balancer_timeout = 2s") != std::string::npos);
  CHECK(fail.err.find("load_balancer_fallback = \"node_port\"") != std::string::npos);
  // No peer got an address it should not have.
  CHECK(sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system").is_null());
  CHECK(sb.get("mesh2", "servicemeshpeer", "mesh1", "mesh2-system").is_null());

  env["FEDPLAN_VAR_fallback"] = "node_port";
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  GatewayFacts g1 = gateway_facts(sb, "mesh1", "mesh2");
  CHECK(g1.lb_address.empty());
  std::string warning =
      "Mesh mesh1 has no load-balancer address on the ingress gateway for "
      "mesh2: load_balancer_fallback = \"node_port\" gives peer mesh2 the node "
      "address " +
      g1.first_node_ip + " with NodePorts " + g1.node_port_tls + " (tls) and " +
      g1.node_port_discovery + " (https-discovery).";
  CHECK_MESSAGE(apply.all().find(warning) != std::string::npos, apply.all());
  CHECK(apply.all().find("Mesh mesh2 has no load-balancer address") != std::string::npos);
  json peer_on_2 = sb.get("mesh2", "servicemeshpeer", "mesh1", "mesh2-system");
  REQUIRE(peer_on_2.is_object());
  CHECK(peer_on_2["spec"]["remote"]["addresses"] == json::array({g1.first_node_ip}));
  CHECK(std::to_string(peer_on_2["spec"]["remote"]["servicePort"].get<int>()) == g1.node_port_tls);

  // From now on the plan itself says so, and has nothing to change.
  Run plan = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(plan.exit_code == 0, plan.all());
  CHECK(plan.all().find("Warning") != std::string::npos);
  CHECK(plan.all().find(warning) != std::string::npos);

  // A stand-in cloud provider gives mesh1's gateway an AWS-style hostname: the next plan moves
  // mesh2's peer to it, with the Service's own ports, and the warning for mesh1 goes away.
  Run patch = run_program(
      {"kubectl", "--kubeconfig", sb.kubeconfig("mesh1"), "patch", "service", "mesh2-ingress", "-n",
       "mesh1-system", "--subresource=status", "--type=merge", "-p",
       R"({"status":{"loadBalancer":{"ingress":[{"hostname":"mesh1-gw.elb.example.com"}]}}})"});
  REQUIRE_MESSAGE(patch.exit_code == 0, patch.all());
  Run moved = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(moved.exit_code == 2, moved.all());
  CHECK(moved.all().find("Mesh mesh1 has no load-balancer address") == std::string::npos);
  CHECK(moved.all().find("Mesh mesh2 has no load-balancer address") != std::string::npos);
  Run apply2 = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply2.exit_code == 0, apply2.all());
  peer_on_2 = sb.get("mesh2", "servicemeshpeer", "mesh1", "mesh2-system");
  CHECK(peer_on_2["spec"]["remote"]["addresses"] == json::array({"mesh1-gw.elb.example.com"}));
  CHECK(peer_on_2["spec"]["remote"]["servicePort"] == 15443);
  CHECK(peer_on_2["spec"]["remote"]["discoveryPort"] == 8188);
}

TEST_CASE("a load balancer's address is waited for and used, with the Service's ports") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::string dir = write_pair_config(tmp.path(), kLoadBalancerPair, kFallbackVariable);
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.all().find("Warning") == std::string::npos);
  for (const auto& [mesh, peer] : {std::pair<std::string, std::string>{"mesh1", "mesh2"},
                                   std::pair<std::string, std::string>{"mesh2", "mesh1"}}) {
    CAPTURE(mesh);
    GatewayFacts g = gateway_facts(sb, peer, mesh);
    CHECK(g.lb_address.rfind("192.0.2.", 0) == 0);
    json p = sb.get(mesh, "servicemeshpeer", peer, mesh + "-system");
    REQUIRE(p.is_object());
    CHECK(p["spec"]["remote"]["addresses"] == json::array({g.lb_address}));
    CHECK(p["spec"]["remote"]["servicePort"] == 15443);
    CHECK(p["spec"]["remote"]["discoveryPort"] == 8188);
  }
}
