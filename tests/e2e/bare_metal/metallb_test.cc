// examples/bare-metal-two-cluster in metallb mode, end to end on two sandboxes (whose
// LoadBalancer Services get an address as MetalLB would give one): no firewall involved.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/golden.h"
#include "tests/e2e/support/golden_check.h"
#include "tests/e2e/support/mesh_facts.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"
#include "tests/e2e/support/stage_order.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

TEST_CASE(
    "bare-metal-two-cluster metallb: stage order, golden objects with the load-balancer "
    "addresses, no firewall, no-op replan, destroy restores the clusters") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("bare-metal-two-cluster", tmp.path());
  std::string dir = tmp / "examples/bare-metal-two-cluster";
  std::map<std::string, std::string> env = sb.env();
  env["FEDPLAN_VAR_mode"] = "metallb";
  const std::string cp = "module.federation.module.control_plane[";
  const std::string peering = "module.federation.module.peering[";

  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");

  Run plan = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  auto count = [&](const std::string& prefix, const std::string& action) {
    return count_actions(actions, prefix, action);
  };
  CHECK(count(cp + "\"mesh1\"].kube_object.", "created") == 4);
  CHECK(count(cp + "\"mesh2\"].kube_object.", "created") == 4);
  CHECK(count(peering + "\"mesh1->mesh2\"].kube_object.", "created") == 3);
  CHECK(count(peering + "\"mesh2->mesh1\"].kube_object.", "created") == 3);
  CHECK(count("module.federation.firewalld_port.", "created") == 0);
  CHECK(count("module.bookinfo_mesh1[0].", "created") == 22);
  CHECK(count("module.bookinfo_mesh2[0].", "created") == 26);
  CHECK(plan_counts(plan.out) == PlanCounts{66, 0, 0});
  CHECK(plan.out.find("firewalld") == std::string::npos);

  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.out.find("Apply complete! Resources: 66 added, 0 changed, 0 destroyed.") !=
        std::string::npos);
  check_stage_order(apply_events(apply.out));

  // The LoadBalancer variants of config-poc, each peer at the other's load-balancer address
  // with the Service ports (15443, 8188).
  auto [m1, m2] = both_meshes(sb, load_balancer_facts);
  for (const MeshFacts* m : {&m1, &m2}) {
    CHECK(m->address.rfind("192.0.2.", 0) == 0);
    CHECK(m->service_port == "15443");
    CHECK(m->discovery_port == "8188");
  }
  std::map<std::string, std::string> vars = golden_vars(m1, m2);
  check_seed_objects(sb, "smcp.yaml", "servicemeshpeer.yaml", vars);
  json peer2 = sb.get("mesh2", "servicemeshpeer", "mesh1", "mesh2-system");
  CHECK(peer2["status"]["discoveryStatus"].contains("active"));

  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  CHECK(again.out.find("changed outside") == std::string::npos);

  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
}
