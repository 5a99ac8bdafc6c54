// examples/bare-metal-two-cluster in node_port mode, end to end: two sandboxes with two nodes
// each, and a real firewalld per node (four harnesses) reached over ssh by the node's name.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "base/testing/temp_dir.h"
#include "tests/e2e/bare_metal/node_hosts.h"
#include "tests/e2e/support/golden.h"
#include "tests/e2e/support/golden_check.h"
#include "tests/e2e/support/mesh_facts.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"
#include "tests/e2e/support/stage_order.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// The federation module's addresses of the two meshes and their peerings.
const std::string kCp1 = "module.federation.module.control_plane[\"mesh1\"].";
const std::string kCp2 = "module.federation.module.control_plane[\"mesh2\"].";
const std::string kPeer12 = "module.federation.module.peering[\"mesh1->mesh2\"].";
const std::string kPeer21 = "module.federation.module.peering[\"mesh2->mesh1\"].";
const std::vector<std::string> kMesh1Hosts = {"mesh1-node-1", "mesh1-node-2"};
const std::vector<std::string> kMesh2Hosts = {"mesh2-node-1", "mesh2-node-2"};

std::string hcl_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", \"" : "\"") + v[i] + "\"";
  return out + "]";
}

void run_node_port(const TempDir& tmp, NodeHosts& hosts) {
  std::string seeded = seed_sandboxes({"mesh1", "mesh2"}, tmp / "sb", 2);
  REQUIRE_MESSAGE(seeded.empty(), seeded);
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  REQUIRE(sb.list("mesh1", "nodes").size() == 2);
  REQUIRE(sb.list("mesh2", "nodes").size() == 2);
  copy_example("bare-metal-two-cluster", tmp.path());
  std::string dir = tmp / "examples/bare-metal-two-cluster";
  std::map<std::string, std::string> env = sb.env();
  env["FEDPLAN_VAR_mesh1_hosts"] = hcl_list(kMesh1Hosts);
  env["FEDPLAN_VAR_mesh2_hosts"] = hcl_list(kMesh2Hosts);
  env["FEDPLAN_VAR_ssh_user"] = "root";
  env["FEDPLAN_VAR_ssh_port"] = hosts.ssh_port();
  env["FEDPLAN_VAR_ssh_identity_file"] = hosts.identity_file();
  env["FEDPLAN_VAR_ssh_known_hosts"] = hosts.known_hosts();
  env["FEDPLAN_VAR_ssh_command"] = hosts.ssh_command();

  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");
  auto fw_before = hosts.states();

  // The first plan: the seed's stages, and one opening per gateway port on each cluster.
  Run plan = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  CHECK(count_actions(actions, kCp1 + "kube_object.", "created") == 4);
  CHECK(count_actions(actions, kCp2 + "kube_object.", "created") == 4);
  CHECK(count_actions(actions, kCp1 + "null_resource.", "created") == 2);
  CHECK(count_actions(actions, kCp2 + "null_resource.", "created") == 2);
  CHECK(count_actions(actions, kPeer12 + "kube_object.", "created") == 3);
  CHECK(count_actions(actions, kPeer21 + "kube_object.", "created") == 3);
  CHECK(count_actions(actions, kCp1, "read during apply") +
            count_actions(actions, kCp2, "read during apply") ==
        4);  // CA and gateway, per side
  CHECK(count_actions(actions, "module.federation.firewalld_port.gateway[\"mesh1->", "created") ==
        2);
  CHECK(count_actions(actions, "module.federation.firewalld_port.gateway[\"mesh2->", "created") ==
        2);
  CHECK(count_actions(actions, "module.bookinfo_mesh1[0].", "created") == 22);
  CHECK(count_actions(actions, "module.bookinfo_mesh2[0].", "created") == 26);
  CHECK(plan_counts(plan.out) == PlanCounts{70, 0, 0});
  CHECK(plan.out.find("zone                  = \"public\"") != std::string::npos);

  // Apply, in the seed's order; the openings wait for the gateway Services' NodePorts.
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.out.find("Apply complete! Resources: 70 added, 0 changed, 0 destroyed.") !=
        std::string::npos);
  auto ev = apply_events(apply.out);
  check_stage_order(ev);
  for (const std::string side : {"mesh1", "mesh2"}) {
    std::string peer_of = side == "mesh1" ? "mesh2" : "mesh1";
    int gateway = event_index(ev,
                              "module.federation.module.control_plane[\"" + side +
                                  "\"].data.kube_object.ingress[\"" + peer_of + "\"]",
                              "Read complete");
    int opening = event_index(ev, "module.federation.firewalld_port.gateway[\"" + side + "->*",
                              "Creating...");
    INFO(side);
    REQUIRE(gateway >= 0);
    REQUIRE(opening >= 0);
    CHECK(gateway < opening);  // the NodePorts are known before a port is opened
  }

  // Every object equals its config-poc counterpart (the NodePort variants), with the values
  // read from the clusters: each peer holds the other's real CA, node address and NodePorts.
  auto [m1, m2] = both_meshes(sb, node_port_facts);
  for (const MeshFacts* m : {&m1, &m2}) {
    CHECK(m->address.rfind("203.0.113.", 0) == 0);
    CHECK(std::atoi(m->service_port.c_str()) >= 30000);
    CHECK(std::atoi(m->discovery_port.c_str()) >= 30000);
  }
  std::map<std::string, std::string> vars = golden_vars(m1, m2);
  check_seed_objects(sb, "smcp-bare-metal.yaml", "servicemeshpeer-bare-metal.yaml", vars);
  json peer1 = sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system");
  CHECK(peer1["status"]["discoveryStatus"].contains("active"));

  // Each node host holds exactly its own cluster's two NodePorts (tcp), at runtime and
  // permanently, in the public zone; the other cluster's are not opened there.
  std::vector<std::string> want1 = {m1.discovery_port + "/tcp", m1.service_port + "/tcp"};
  std::vector<std::string> want2 = {m2.discovery_port + "/tcp", m2.service_port + "/tcp"};
  std::sort(want1.begin(), want1.end());
  std::sort(want2.begin(), want2.end());
  for (bool permanent : {false, true}) {
    for (const std::string& h : kMesh1Hosts)
      CHECK(hosts.host(h).ports("public", permanent) == want1);
    for (const std::string& h : kMesh2Hosts)
      CHECK(hosts.host(h).ports("public", permanent) == want2);
  }

  // The state records every host's answer for every opening.
  std::ifstream state_file(dir + "/fedplan.state.json");
  json state = json::parse(state_file, nullptr, false);
  REQUIRE(state.is_object());
  int openings = 0;
  for (const json& r : state["resources"]) {
    if (r.value("type", "") != "firewalld_port") continue;
    ++openings;
    const std::vector<std::string>& names =
        r.value("index_key", "").rfind("mesh1->", 0) == 0 ? kMesh1Hosts : kMesh2Hosts;
    std::set<std::string> want_hosts, got_hosts;
    for (const std::string& h : names) want_hosts.insert("root@" + h + ":" + hosts.ssh_port());
    for (const auto& [label, h] : r["attributes"]["hosts"].items()) {
      got_hosts.insert(label);
      CHECK(h["runtime"] == true);
      CHECK(h["permanent"] == true);
      CHECK(h["preexisting_runtime"] == false);
      CHECK(h["preexisting_permanent"] == false);
    }
    CHECK(got_hosts == want_hosts);
  }
  CHECK(openings == 4);

  // A second plan has no changes, and reports no drift.
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  CHECK(again.out.find("changed outside") == std::string::npos);

  // Destroy leaves both clusters and every node's firewall exactly as they were.
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(destroy.out.find("Destroy complete! Resources: 70 destroyed.") != std::string::npos);
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
  auto fw_after = hosts.states();
  for (const std::string& h : hosts.names()) {
    INFO(h);
    CHECK(fw_after[h] == fw_before[h]);
  }
}

}  // namespace

TEST_CASE(
    "bare-metal-two-cluster node_port: stage order, golden objects, every node host opened over "
    "ssh, no-op replan, destroy restores clusters and firewalls") {
  bool skipped = false;
  {
    TempDir tmp;
    std::vector<std::string> names = kMesh1Hosts;
    names.insert(names.end(), kMesh2Hosts.begin(), kMesh2Hosts.end());
    NodeHosts hosts(names, tmp.path());
    if (hosts.skipped()) {
      skipped = true;
    } else {
      REQUIRE_MESSAGE(hosts.error().empty(), hosts.error());
      run_node_port(tmp, hosts);
      std::string why;
      CHECK_MESSAGE(hosts.stop_all(&why), why);  // and the machine's own firewall untouched
    }
  }
  if (skipped) {
    MESSAGE("firewalld harness cannot run on this machine: skipped");
    std::exit(77);
  }
}
