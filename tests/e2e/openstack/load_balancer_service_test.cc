// examples/openstack-two-cluster in its default mode (the seed's install-openstack.sh) end to
// end on two sandboxes, whose LoadBalancer Services get addresses as a cloud provider's would,
// and on two whose LoadBalancer Services stay pending (the seed's fallback to a node, asked for).
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/golden_check.h"
#include "tests/e2e/support/mesh_facts.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"
#include "tests/e2e/support/stage_order.h"
#include "tests/e2e/support/upgrade.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

namespace {

// The federation module's addresses of the two meshes and their peerings.
const std::string kCp1 = "module.federation.module.control_plane[\"mesh1\"].";
const std::string kCp2 = "module.federation.module.control_plane[\"mesh2\"].";
const std::string kPeer12 = "module.federation.module.peering[\"mesh1->mesh2\"].";
const std::string kPeer21 = "module.federation.module.peering[\"mesh2->mesh1\"].";

// The example copied under `tmp`, with credentials for a Keystone that does not exist: any
// OpenStack call would fail the run.
std::map<std::string, std::string> example_env(const TempDir& tmp, const Sandboxes& sb) {
  copy_example("openstack-two-cluster", tmp.path());
  std::map<std::string, std::string> env = sb.env();
  env["OS_AUTH_URL"] = "http://127.0.0.1:1/v3";
  env["OS_USERNAME"] = "nobody";
  env["OS_PASSWORD"] = "nothing";
  env["OS_PROJECT_NAME"] = "none";
  return env;
}

}  // namespace

TEST_CASE(
    "openstack-two-cluster, load_balancer_service mode: plan, apply, golden objects, no-op "
    "replan, destroy, and no OpenStack call") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::map<std::string, std::string> env = example_env(tmp, sb);
  std::string dir = tmp / "examples/openstack-two-cluster";

  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");

  // The first plan: the seed's objects, LoadBalancer gateways, nothing on OpenStack.
  Run plan = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  CHECK(count_actions(actions, kCp1 + "kube_object.", "created") == 4);
  CHECK(count_actions(actions, kCp2 + "kube_object.", "created") == 4);
  CHECK(count_actions(actions, kPeer12 + "kube_object.", "created") == 3);
  CHECK(count_actions(actions, kPeer21 + "kube_object.", "created") == 3);
  CHECK(count_actions(actions, kCp1 + "data.kube_object.ingress", "read during apply") == 1);
  CHECK(count_actions(actions, "module.bookinfo_mesh1[0].", "created") == 22);
  CHECK(count_actions(actions, "module.bookinfo_mesh2[0].", "created") == 26);
  CHECK(count_actions(actions, "module.federation.module.octavia[", "created") == 0);
  CHECK(count_actions(actions, "module.federation.module.service_load_balancer[",
                      "read during apply") == 0);
  CHECK(plan.out.find("openstack_lb") == std::string::npos);
  PlanCounts counts = plan_counts(plan.out);
  CHECK(counts.add == count_actions(actions, "", "created"));
  CHECK(counts.change == 0);
  CHECK(counts.destroy == 0);
  CHECK(plan.out.find("= \"LoadBalancer\"") != std::string::npos);  // the gateway Services
  CHECK(plan.out.find("= \"NodePort\"") == std::string::npos);

  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.out.find("Apply complete! Resources: " + std::to_string(counts.add) +
                       " added, 0 changed, 0 destroyed.") != std::string::npos);
  check_stage_order(apply_events(apply.out));

  // Each peer holds the other cluster's CA and its gateway's load-balancer address and ports.
  GatewayFacts m1 = gateway_facts(sb, "mesh1", "mesh2");
  GatewayFacts m2 = gateway_facts(sb, "mesh2", "mesh1");
  CHECK(m1.type == "LoadBalancer");
  CHECK(m2.type == "LoadBalancer");
  CHECK(m1.lb_address.rfind("192.0.2.", 0) == 0);
  CHECK(m2.lb_address.rfind("192.0.2.", 0) == 0);
  CHECK(m1.port_tls == "15443");
  CHECK(m1.port_discovery == "8188");
  auto [lb1, lb2] = both_meshes(sb, load_balancer_facts);
  check_seed_objects(sb, "smcp.yaml", "servicemeshpeer.yaml", golden_vars(lb1, lb2));
  CHECK(sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system")["status"]["discoveryStatus"]
            .contains("active"));

  // A second plan has no changes.
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  // Destroy leaves both clusters exactly as they were.
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(destroy.out.find("Destroy complete! Resources: " + std::to_string(counts.add) +
                         " destroyed.") != std::string::npos);
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
}

TEST_CASE(
    "openstack-two-cluster, load_balancer_service mode without a load balancer and with "
    "load_balancer_fallback = node_port: each peer falls back to the other cluster's first node "
    "and its NodePorts, as the seed did, with a warning") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb", {"--no-load-balancer"});
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::map<std::string, std::string> env = example_env(tmp, sb);
  env["FEDPLAN_VAR_load_balancer_fallback"] = "node_port";
  env["FEDPLAN_VAR_load_balancer_timeout"] = "1s";
  std::string dir = tmp / "examples/openstack-two-cluster";
  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");

  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.all().find("Mesh mesh1 has no load-balancer address on the ingress gateway for "
                         "mesh2: load_balancer_fallback = \"node_port\" gives peer mesh2 the "
                         "node address") != std::string::npos);
  for (const auto& [mesh, peer] : {std::pair<std::string, std::string>{"mesh1", "mesh2"},
                                   std::pair<std::string, std::string>{"mesh2", "mesh1"}}) {
    CAPTURE(mesh);
    // The gateway on `peer` for `mesh`, as `mesh` reaches it.
    GatewayFacts g = gateway_facts(sb, peer, mesh);
    CHECK(g.type == "LoadBalancer");
    CHECK(g.lb_address.empty());
    REQUIRE(g.node_ips.count(peer + "-node-1"));
    nlohmann::json p = sb.get(mesh, "servicemeshpeer", peer, mesh + "-system");
    REQUIRE(p.is_object());
    const nlohmann::json& remote = p["spec"]["remote"];
    CHECK(remote["addresses"] == nlohmann::json::array({g.node_ips[peer + "-node-1"]}));
    CHECK(std::to_string(remote["servicePort"].get<int>()) == g.node_port_tls);
    CHECK(std::to_string(remote["discoveryPort"].get<int>()) == g.node_port_discovery);
  }

  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  CHECK(again.all().find("Mesh mesh2 has no load-balancer address") != std::string::npos);
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
}

TEST_CASE(
    "openstack-two-cluster, load_balancer_service mode: a federation applied by the earlier "
    "version only moves") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::map<std::string, std::string> env = example_env(tmp, sb);
  std::string dir = tmp / "examples/openstack-two-cluster";

  Run old = apply_earlier_version(
      dir, "tests/e2e/openstack/fixtures/openstack-two-cluster-v1.fed.hcl", {}, env);
  REQUIRE_MESSAGE(old.exit_code == 0, old.all());
  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");

  Run plan = run_fedplan({"plan", "-detailed-exitcode", "-out=moves.plan"}, dir, env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  CHECK_MESSAGE(changes_beside_moves(plan.out).empty(), plan.out);
  CHECK((plan_counts(plan.out) == PlanCounts{0, 0, 0}));
  CHECK_MESSAGE(plan.out.find("# module.federation.module.pair.module.b.kube_object.control_plane "
                              "has moved to module.federation.module.control_plane[\"mesh2\"]."
                              "kube_object.control_plane") != std::string::npos,
                plan.out);

  Run apply = run_fedplan({"apply", "moves.plan"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
}
