// bare-metal-two-cluster's earlier version (bare-metal-federation, fixtures/) applied in
// metallb mode, then the example of today on its state: its moved blocks move everything.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"
#include "tests/e2e/support/upgrade.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

TEST_CASE(
    "bare-metal-two-cluster metallb: a federation applied by the earlier version only moves") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("bare-metal-two-cluster", tmp.path());
  std::string dir = tmp / "examples/bare-metal-two-cluster";
  std::map<std::string, std::string> env = sb.env();
  env["FEDPLAN_VAR_mode"] = "metallb";

  Run old = apply_earlier_version(
      dir, "tests/e2e/bare_metal/fixtures/bare-metal-two-cluster-v1.fed.hcl", {}, env);
  REQUIRE_MESSAGE(old.exit_code == 0, old.all());
  CHECK(old.out.find("Apply complete! Resources: 66 added") != std::string::npos);
  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");

  Run plan = run_fedplan({"plan", "-detailed-exitcode", "-out=moves.plan"}, dir, env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  CHECK_MESSAGE(changes_beside_moves(plan.out).empty(), plan.out);
  CHECK((plan_counts(plan.out) == PlanCounts{0, 0, 0}));
  CHECK_MESSAGE(plan.out.find("# module.federation.module.pair.module.b_peers_a.kube_object."
                              "imports[0] has moved to module.federation.module.peering[\"mesh2->"
                              "mesh1\"].kube_object.imports[0]") != std::string::npos,
                plan.out);

  // Applying the moves changes nothing in the clusters; the next plan is empty.
  Run apply = run_fedplan({"apply", "moves.plan"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(destroy.out.find("Destroy complete! Resources: 66 destroyed.") != std::string::npos);
}
