// examples/libvirt-two-cluster end to end: two sandboxes and a real firewalld (the harness,
// in a network namespace) play the seed's two libvirt clusters and hypervisor.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/firewall.h"
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
    "libvirt-two-cluster: plan, apply, golden objects, no-op replan, export change, destroy") {
  TempDir tmp;
  LibvirtRig rig(tmp.path());
  REQUIRE_MESSAGE(rig.error().empty(), rig.error());
  const Firewall& fw = rig.fw;
  const Sandboxes& sb = *rig.sb;
  const std::string& dir = rig.dir;
  const std::map<std::string, std::string>& env = rig.env;

  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");
  std::string fw_before = fw.state();

  // The first plan: every stage of the seed, nothing else.
  Run plan = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  auto count = [&](const std::string& prefix, const std::string& action) {
    return count_actions(actions, prefix, action);
  };
  const std::string cp1 = "module.federation.module.control_plane[\"mesh1\"].";
  const std::string cp2 = "module.federation.module.control_plane[\"mesh2\"].";
  const std::string peering = "module.federation.module.peering[";
  CHECK(count(cp1 + "kube_object.", "created") == 4);  // 2 namespaces, SMCP, SMMR
  CHECK(count(cp2 + "kube_object.", "created") == 4);
  CHECK(count(cp1 + "null_resource.", "created") == 2);  // read markers
  CHECK(count(cp2 + "null_resource.", "created") == 2);
  CHECK(count(peering + "\"mesh1->mesh2\"].kube_object.", "created") == 3);  // CA, peer, exports
  CHECK(count(peering + "\"mesh2->mesh1\"].kube_object.", "created") == 3);  // CA, peer, imports
  CHECK(count("module.federation.firewalld_port.gateway[", "created") == 8);
  CHECK(count("module.bookinfo_mesh1[0].", "created") == 22);
  CHECK(count("module.bookinfo_mesh2[0].", "created") == 26);
  CHECK(plan_counts(plan.out) == PlanCounts{74, 0, 0});

  // Apply, in the seed's order.
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.out.find("Apply complete! Resources: 74 added, 0 changed, 0 destroyed.") !=
        std::string::npos);
  auto ev = apply_events(apply.out);
  check_stage_order(ev);
  for (const std::string& side : {cp1, cp2}) {
    std::string cp = side + "kube_object.control_plane";
    INFO(side);
    CHECK(event_index(ev, cp, "Creation complete") <
          event_index(ev, "module.federation.firewalld_port.*", "Creating..."));
  }

  // Every object equals its config-poc counterpart, with the values read from the clusters.
  auto [m1, m2] = both_meshes(sb, node_port_facts);
  check_seed_objects(sb, "smcp-bare-metal.yaml", "servicemeshpeer-bare-metal.yaml",
                     golden_vars(m1, m2));

  // The four NodePorts are open in the libvirt zone, at runtime and permanently, tcp and udp.
  for (bool permanent : {false, true}) {
    std::string open = fw.ports(permanent);
    for (const std::string& p :
         {m1.service_port, m1.discovery_port, m2.service_port, m2.discovery_port}) {
      CHECK_MESSAGE(open.find(p + "/tcp") != std::string::npos, open);
      CHECK_MESSAGE(open.find(p + "/udp") != std::string::npos, open);
    }
  }

  // The peers connect (the sandbox's operator play checks the local side is complete).
  json peer1 = sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system");
  CHECK(peer1["status"]["discoveryStatus"].contains("active"));

  // A second plan has no changes, and reports no drift.
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  CHECK(again.out.find("changed outside") == std::string::npos);

  // Exporting one more service changes only the ExportedServiceSet.
  {
    std::ofstream vars_file(dir + "/more.fedvars.hcl");
    vars_file << "exports = [\n"
                 "  { namespace = \"mesh1-bookinfo\", name = \"ratings\", alias_namespace = "
                 "\"bookinfo\", alias_name = \"ratings\" },\n"
                 "  { namespace = \"mesh1-bookinfo\", name = \"mongodb\", alias_namespace = "
                 "\"bookinfo\", alias_name = \"mongodb\" },\n"
                 "  { namespace = \"mesh1-bookinfo\", name = \"reviews\", alias_namespace = "
                 "\"bookinfo\", alias_name = \"reviews\" },\n"
                 "]\n";
  }
  Run more = run_fedplan({"plan", "-detailed-exitcode", "-var-file", "more.fedvars.hcl"}, dir, env);
  CHECK_MESSAGE(more.exit_code == 2, more.all());
  CHECK(plan_counts(more.out) == PlanCounts{0, 1, 0});
  auto changed = planned_actions(more.out);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].first == peering + "\"mesh1->mesh2\"].kube_object.exports[0]");

  // Destroy leaves both clusters and the firewall exactly as they were.
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
  CHECK(fw.state() == fw_before);
}
