// An apply of examples/libvirt-two-cluster's earlier version (fixtures/, libvirt-federation over
// federation-pair), then the example of today on that state: its moved blocks move everything.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/firewall.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("libvirt-two-cluster: a federation applied by the earlier version only moves") {
  TempDir tmp;
  LibvirtRig rig(tmp.path());
  REQUIRE_MESSAGE(rig.error().empty(), rig.error());
  const std::string& dir = rig.dir;
  std::string fw_before = rig.fw.state();

  // The earlier version in the example's place, the example of today aside.
  const std::string today = tmp.path() + "/today";
  fs::create_directories(today);
  for (const char* f : {"main.fed.hcl", "moved.fed.hcl"})
    fs::rename(dir + "/" + f, today + "/" + f);
  fs::copy_file(source_dir() + "/tests/e2e/federation/fixtures/libvirt-two-cluster-v1.fed.hcl",
                dir + "/main.fed.hcl");
  Run old = run_fedplan({"apply", "-auto-approve"}, dir, rig.env);
  REQUIRE_MESSAGE(old.exit_code == 0, old.all());
  CHECK(old.out.find("Apply complete! Resources: 74 added, 0 changed, 0 destroyed.") !=
        std::string::npos);
  std::string ports_before = rig.fw.ports(true);
  auto mesh1_before = rig.sb->dump("mesh1");

  // The example of today on that state: 26 moves (the 18 objects of the control planes and
  // peerings, 8 openings), no creation, update, replacement or deletion.
  for (const char* f : {"main.fed.hcl", "moved.fed.hcl"})
    fs::copy_file(today + "/" + f, dir + "/" + f, fs::copy_options::overwrite_existing);
  Run plan = run_fedplan({"plan", "-detailed-exitcode", "-out=moves.plan"}, dir, rig.env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  CHECK_MESSAGE((plan_counts(plan.out) == PlanCounts{0, 0, 0}), plan.out);
  for (const auto& [addr, action] : planned_actions(plan.out)) {
    INFO(addr);
    CHECK(action == "read during apply");
  }
  for (const char* moved : {
           "# module.federation.module.pair.module.a.kube_object.control_plane has moved to "
           "module.federation.module.control_plane[\"mesh1\"].kube_object.control_plane",
           "# module.federation.module.pair.module.b_peers_a.kube_object.peer has moved to "
           "module.federation.module.peering[\"mesh2->mesh1\"].kube_object.peer",
           "# module.federation.firewalld_port.gateway[\"mesh2-discovery-udp\"] has moved to "
           "module.federation.firewalld_port.gateway[\"mesh2->mesh1/discovery/udp\"]",
       }) {
    CHECK_MESSAGE(plan.out.find(moved) != std::string::npos, moved, "\n", plan.out);
  }

  // The apply only rewrites the state: the clusters and the firewall stay as they were, and
  // the next plan is empty.
  Run apply = run_fedplan({"apply", "moves.plan"}, dir, rig.env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(rig.fw.ports(true) == ports_before);
  CHECK(rig.sb->dump("mesh1") == mesh1_before);
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, rig.env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  Run list = run_fedplan({"state", "list"}, dir, rig.env);
  CHECK(list.out.find("module.pair") == std::string::npos);
  // bookinfo's objects stayed where they were, and are recorded with the provider
  // configurations the example has now (kube.cluster["mesh1"] for kube.mesh1).
  std::ifstream state_file(dir + "/fedplan.state.json");
  std::string state((std::istreambuf_iterator<char>(state_file)), {});
  CHECK(state.find("kube.mesh1\"") == std::string::npos);
  CHECK(state.find("firewalld.hypervisor") == std::string::npos);
  CHECK(
      list.out.find("module.federation.module.peering[\"mesh1->mesh2\"].kube_object.exports[0]") !=
      std::string::npos);

  // Destroy closes the openings the earlier version made, through the moved records.
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, rig.env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(rig.fw.state() == fw_before);
}
