// examples/ossm2-to-ossm3-migration end to end: libvirt-two-cluster's OSSM 2 federation (two
// sandboxes and a real firewalld) taken to OSSM 3 stage by stage and back, every imported
// service checked reachable (through kubectl reads, never fedplan's state) after each apply.
#include <doctest/doctest.h>

#include <filesystem>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/firewall.h"
#include "tests/e2e/support/mesh_reachability.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

namespace {

const std::vector<std::string> kImportedHosts = {
    "ratings.mesh2-bookinfo.svc.mesh1-imports.local",
    "mongodb.mesh2-bookinfo.svc.mesh1-imports.local",
};

// Every imported host resolves, from mesh2's bookinfo namespace, to a reachable peer endpoint
// through the mesh `mesh` names ("OSSM 2" or "OSSM 3").
void check_all_reachable(const Sandboxes& sb, const std::string& mesh, const std::string& when) {
  MeshObjects objs = read_mesh_objects(sb, {"mesh1", "mesh2"});
  for (const std::string& host : kImportedHosts) {
    Reachability r = check_reachability(objs, "mesh2", "mesh2-bookinfo", host);
    INFO(when << ": " << host);
    CHECK_MESSAGE(r.reachable, r.broken);
    CHECK(r.mesh.rfind(mesh, 0) == 0);
    CHECK(r.peer == "mesh1");
  }
}

// The plan of stage `stage`, saved to stage-N.plan, and its actions.
struct StagePlan {
  Run run;
  std::vector<std::pair<std::string, std::string>> actions;
  int count(const std::string& prefix, const std::string& action) const {
    return count_actions(actions, prefix, action);
  }
};

StagePlan plan_stage(int stage, const std::string& dir,
                     const std::map<std::string, std::string>& env) {
  StagePlan p;
  p.run = run_fedplan({"plan", "-detailed-exitcode", "-var", "stage=" + std::to_string(stage),
                       "-out", "stage-" + std::to_string(stage) + ".plan"},
                      dir, env);
  p.actions = planned_actions(p.run.out);
  return p;
}

void apply_stage(int stage, const std::string& dir, const std::map<std::string, std::string>& env) {
  Run r = run_fedplan({"apply", "stage-" + std::to_string(stage) + ".plan"}, dir, env);
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  Run again = run_fedplan({"plan", "-detailed-exitcode", "-var", "stage=" + std::to_string(stage)},
                          dir, env);
  CHECK_MESSAGE(again.exit_code == 0,
                "stage " << stage << " replans with changes: " << again.all());
}

const std::string kFed = "module.federation.";

}  // namespace

TEST_CASE("ossm2-to-ossm3-migration: every stage forward and back keeps imports reachable") {
  TempDir tmp;
  LibvirtRig rig(tmp.path());
  REQUIRE_MESSAGE(rig.error().empty(), rig.error());
  const Sandboxes& sb = *rig.sb;
  const std::map<std::string, std::string>& env = rig.env;

  // The starting point: libvirt-two-cluster applied, its imports reachable through OSSM 2.
  Run libvirt = run_fedplan({"apply", "-auto-approve"}, rig.dir, env);
  REQUIRE_MESSAGE(libvirt.exit_code == 0, libvirt.all());
  check_all_reachable(sb, "OSSM 2", "libvirt-two-cluster");

  copy_example("ossm2-to-ossm3-migration", tmp.path());
  const std::string dir = tmp.path() + "/examples/ossm2-to-ossm3-migration";
  std::filesystem::copy_file(rig.dir + "/fedplan.state.json", dir + "/fedplan.state.json");

  // Stage 0 on libvirt-two-cluster's state: the moved blocks only, nothing for any provider.
  StagePlan s0 = plan_stage(0, dir, env);
  REQUIRE_MESSAGE(s0.run.exit_code == 2, s0.run.all());
  CHECK(plan_counts(s0.run.out) == PlanCounts{0, 0, 0});
  CHECK(s0.actions.empty());
  CHECK(
      s0.run.out.find("module.federation.module.control_plane[\"mesh1\"].kube_object.control_plane "
                      "has moved to module.federation.module.mesh_a.kube_object.control_plane") !=
      std::string::npos);
  apply_stage(0, dir, env);
  check_all_reachable(sb, "OSSM 2", "stage 0");

  // Skipping ahead is refused before anything changes: traffic would move onto no path.
  {
    Run skip = run_fedplan({"plan", "-var", "stage=3"}, dir, env);
    CHECK(skip.exit_code == 1);
    CHECK_MESSAGE(skip.all().find("has no ServiceEntry yet for") != std::string::npos, skip.all());
  }

  // Stage 1: OSSM 3 beside OSSM 2; nothing of OSSM 2 changes.
  StagePlan s1 = plan_stage(1, dir, env);
  REQUIRE_MESSAGE(s1.run.exit_code == 2, s1.run.all());
  CHECK(s1.count(kFed + "module.ossm3_a[0].", "created") > 0);
  CHECK(s1.count(kFed + "module.ossm3_b[0].", "created") > 0);
  CHECK(s1.count(kFed + "module.mesh_", "updated in-place") == 0);
  CHECK(plan_counts(s1.run.out).destroy == 0);
  CHECK(plan_counts(s1.run.out).change == 0);
  apply_stage(1, dir, env);
  check_all_reachable(sb, "OSSM 2", "stage 1");

  // Stage 2: east-west gateways and a ServiceEntry + WorkloadEntry per imported service.
  StagePlan s2 = plan_stage(2, dir, env);
  REQUIRE_MESSAGE(s2.run.exit_code == 2, s2.run.all());
  CHECK(s2.count(kFed + "module.east_west_a[0].kube_object.gateway", "created") == 1);
  CHECK(s2.count(kFed + "module.east_west_b[0].kube_object.gateway", "created") == 1);
  CHECK(s2.count(kFed + "module.discovery_b[0].kube_object.import_entry[", "created") == 2);
  CHECK(s2.count(kFed + "module.discovery_b[0].kube_object.import_workload[", "created") == 2);
  CHECK(s2.count(kFed + "module.discovery_a[0].kube_object.export_entry[", "created") == 2);
  CHECK(plan_counts(s2.run.out).destroy == 0);
  CHECK(plan_counts(s2.run.out).change == 0);
  {
    // The saved plan as a PR bot reads it: creations only, none of them on OSSM 2's objects.
    Run show = run_fedplan({"show", "-json", "stage-2.plan"}, dir, env);
    REQUIRE_MESSAGE(show.exit_code == 0, show.all());
    nlohmann::json plan = nlohmann::json::parse(show.out, nullptr, false);
    REQUIRE(plan.contains("resource_changes"));
    int created = 0;
    for (const nlohmann::json& rc : plan["resource_changes"]) {
      const nlohmann::json& actions = rc["change"]["actions"];
      std::string addr = rc["address"];
      INFO(addr << " " << actions.dump());
      CHECK((actions == nlohmann::json({"no-op"}) || actions == nlohmann::json({"create"}) ||
             actions == nlohmann::json({"read"})));
      if (actions == nlohmann::json({"create"})) {
        ++created;
        CHECK((addr.find(kFed + "module.east_west_") == 0 ||
               addr.find(kFed + "module.discovery_") == 0));
      }
    }
    CHECK(created == 12);
  }
  apply_stage(2, dir, env);
  check_all_reachable(sb, "OSSM 2", "stage 2");

  // Removing the federation before the traffic moved is refused.
  {
    Run early = run_fedplan({"plan", "-var", "stage=4"}, dir, env);
    CHECK(early.exit_code == 1);
    CHECK_MESSAGE(early.all().find("is still served by OSSM 2") != std::string::npos, early.all());
  }

  // Stage 3: the bookinfo namespaces leave the member rolls for the istio.io/rev label.
  StagePlan s3 = plan_stage(3, dir, env);
  REQUIRE_MESSAGE(s3.run.exit_code == 2, s3.run.all());
  CHECK(s3.count(kFed + "module.mesh_a.kube_object.member_roll", "updated in-place") == 1);
  CHECK(s3.count(kFed + "module.mesh_b.kube_object.member_roll", "updated in-place") == 1);
  CHECK(s3.count(kFed + "module.mesh_a.kube_object.namespace[\"mesh1-bookinfo\"]",
                 "updated in-place") == 1);
  CHECK(s3.count(kFed + "module.mesh_b.kube_object.namespace[\"mesh2-bookinfo\"]",
                 "updated in-place") == 1);
  CHECK(plan_counts(s3.run.out) == PlanCounts{0, 4, 0});
  CHECK(plan_counts(s1.run.out) == PlanCounts{6, 0, 0});
  CHECK(plan_counts(s2.run.out) == PlanCounts{12, 0, 0});
  apply_stage(3, dir, env);
  CHECK(sb.get("mesh2", "namespace", "mesh2-bookinfo")["metadata"]["labels"]["istio.io/rev"] ==
        "ossm3-v1-26-0");
  check_all_reachable(sb, "OSSM 3", "stage 3");

  // Stage 4: peers, export and import sets, federation gateways and their openings go.
  StagePlan s4 = plan_stage(4, dir, env);
  REQUIRE_MESSAGE(s4.run.exit_code == 2, s4.run.all());
  CHECK(s4.count(kFed + "module.a_peers_b[0].kube_object.", "destroyed") == 3);
  CHECK(s4.count(kFed + "module.b_peers_a[0].kube_object.", "destroyed") == 3);
  CHECK(s4.count(kFed + "firewalld_port.gateway[", "destroyed") == 8);
  CHECK(s4.count(kFed + "module.mesh_a.kube_object.control_plane", "updated in-place") == 1);
  CHECK(plan_counts(s4.run.out) == PlanCounts{0, 2, 16});
  apply_stage(4, dir, env);
  CHECK(sb.get("mesh2", "servicemeshpeer", "mesh1", "mesh2-system").is_null());
  CHECK(sb.get("mesh2", "servicemeshcontrolplane", "fed-import", "mesh2-system")["spec"]["gateways"]
            .value("additionalIngress", nlohmann::json::object())
            .empty());
  check_all_reachable(sb, "OSSM 3", "stage 4");

  // The assertion can fail: a WorkloadEntry deleted by hand is the broken link it names.
  {
    MeshObjects objs = read_mesh_objects(sb, {"mesh1", "mesh2"});
    std::string we;
    for (const nlohmann::json& o : objs["mesh2"])
      if (o["kind"] == "WorkloadEntry" && o["spec"]["network"] == "mesh1-network" &&
          o["metadata"]["name"].get<std::string>().rfind("ratings-", 0) == 0)
        we = o["metadata"]["name"];
    REQUIRE(!we.empty());
    Run del = run_program({"kubectl", "--kubeconfig", sb.kubeconfig("mesh2"), "delete",
                           "workloadentry", we, "-n", "istio-system"});
    REQUIRE_MESSAGE(del.exit_code == 0, del.all());
    Reachability r = check_reachability(read_mesh_objects(sb, {"mesh1", "mesh2"}), "mesh2",
                                        "mesh2-bookinfo", kImportedHosts[0]);
    CHECK_FALSE(r.reachable);
    CHECK_MESSAGE(r.broken.find("mesh2: ServiceEntry istio-system/") == 0, r.broken);
    CHECK_MESSAGE(r.broken.find("has no WorkloadEntry") != std::string::npos, r.broken);
    // The next plan of the same stage puts it back.
    StagePlan heal = plan_stage(4, dir, env);
    CHECK(heal.count(kFed + "module.discovery_b[0].kube_object.import_workload[", "created") == 1);
    apply_stage(4, dir, env);
    check_all_reachable(sb, "OSSM 3", "stage 4, healed");
  }

  // Going back two stages at once would send traffic to a federation that is not there.
  {
    Run back = run_fedplan({"plan", "-var", "stage=2"}, dir, env);
    CHECK(back.exit_code == 1);
    CHECK_MESSAGE(back.all().find("apply stage 3 first, which brings the federation back") !=
                      std::string::npos,
                  back.all());
  }

  // Back, one reviewed plan per stage, reachable after each.
  for (int stage : {3, 2, 1, 0}) {
    StagePlan back = plan_stage(stage, dir, env);
    REQUIRE_MESSAGE(back.run.exit_code == 2, back.run.all());
    INFO("back to stage " << stage);
    if (stage == 3)
      CHECK(back.count(kFed + "module.b_peers_a[0].kube_object.peer", "created") == 1);
    if (stage == 2)
      CHECK(back.count(kFed + "module.mesh_b.kube_object.member_roll", "updated in-place") == 1);
    if (stage == 1) CHECK(back.count(kFed + "module.discovery_b[0].", "destroyed") > 0);
    if (stage == 0) CHECK(back.count(kFed + "module.ossm3_b[0].", "destroyed") > 0);
    CHECK(plan_counts(back.run.out).add + plan_counts(back.run.out).destroy +
              plan_counts(back.run.out).change >
          0);
    apply_stage(stage, dir, env);
    check_all_reachable(sb, stage >= 3 ? "OSSM 3" : "OSSM 2",
                        "back at stage " + std::to_string(stage));
  }
}
