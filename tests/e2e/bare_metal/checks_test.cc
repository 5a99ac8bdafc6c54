// bare-metal-two-cluster's plan-time checks (through the federation module, and one of
// bare-metal-federation's): inconsistent inputs stop the plan with an error that names them,
// before anything is created (the preflight may ask a host; nothing changes).
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

namespace {

bool has(const Run& r, const std::string& text) {
  return r.all().find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("bare-metal-two-cluster: inconsistent inputs are plan-time errors that name them") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("bare-metal-two-cluster", tmp.path());
  std::string dir = tmp / "examples/bare-metal-two-cluster";
  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");

  // ssh settings that fail at once if anything ever ran them. Each block is one mistake; the
  // sandboxes are shared (SUBCASEs would start them again for each).
  std::map<std::string, std::string> node_port = sb.env();
  node_port["FEDPLAN_VAR_mesh1_hosts"] = "[\"mesh1-node-1\"]";
  node_port["FEDPLAN_VAR_mesh2_hosts"] = "[\"mesh2-node-1\"]";
  node_port["FEDPLAN_VAR_ssh_command"] = "/bin/false";

  {
    INFO("the hosts given for a cluster's firewall do not match its nodes");
    auto env = node_port;
    env["FEDPLAN_VAR_mesh1_hosts"] = "[\"mesh1-node-1\", \"mesh1-node-9\"]";
    Run r = run_fedplan({"plan"}, dir, env);
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(has(r,
                      "clusters.mesh1.network.firewall.hosts lists 2 host(s) (mesh1-node-1, "
                      "mesh1-node-9) for the 1 node(s) of cluster mesh1 (mesh1-node-1)"),
                  r.all());
    CHECK_FALSE(has(r, "clusters.mesh2.network.firewall.hosts lists"));
    CHECK_FALSE(has(r, "ssh failed"));
  }

  {
    INFO("node_port mode without the hosts of a cluster's nodes");
    auto env = node_port;
    env["FEDPLAN_VAR_mesh2_hosts"] = "[]";
    Run r = run_fedplan({"plan"}, dir, env);
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(has(r,
                      "clusters.mesh2.network.firewall.hosts: platform \"bare_metal\" opens "
                      "the NodePorts on every node host over ssh"),
                  r.all());
  }

  {
    INFO("an unknown mode");
    auto env = node_port;
    env["FEDPLAN_VAR_mode"] = "nodeport";
    Run r = run_fedplan({"plan"}, dir, env);
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(has(r, "mode must be \"node_port\" or \"metallb\"."), r.all());
  }

  {
    INFO("a protocol firewalld ports are not opened for");
    auto env = node_port;
    env["FEDPLAN_VAR_firewall_protocols"] = "[\"tcp\", \"sctp\"]";
    Run r = run_fedplan({"plan"}, dir, env);
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(has(r, "firewall_protocols must list \"tcp\" and/or \"udp\", each once."),
                  r.all());
  }

  {
    INFO("both meshes with one name");
    tmp.write("examples/same-name/main.fed.hcl", R"(
provider "kube" "one" { kubeconfig = env("MESH1_KUBECONFIG") }
provider "kube" "two" { kubeconfig = env("MESH2_KUBECONFIG") }
provider "firewalld" "unused" {}
module "federation" {
  source    = "../../modules/bare-metal-federation"
  providers = { kube.a = kube.one, kube.b = kube.two, firewalld.a = firewalld.unused, firewalld.b = firewalld.unused }
  mode      = "metallb"
  mesh_a    = "mesh1"
  mesh_b    = "mesh1"
}
)");
    Run r = run_fedplan({"plan"}, tmp / "examples/same-name", sb.env());
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(has(r,
                      "mesh_a and mesh_b are both \"mesh1\": the two meshes need different "
                      "names."),
                  r.all());
  }

  // Nothing was created by any of them.
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
}

TEST_CASE("bare-metal-two-cluster: udp when asked, one opening per NodePort and protocol") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("bare-metal-two-cluster", tmp.path());
  std::map<std::string, std::string> env = sb.env();
  env["FEDPLAN_VAR_mesh1_hosts"] = "[\"mesh1-node-1\"]";
  env["FEDPLAN_VAR_mesh2_hosts"] = "[\"mesh2-node-1\"]";
  // An ssh that answers only the plan's preflight (firewalld runs, the zone exists) and fails
  // anything else: planning a create changes no host.
  std::string ssh = tmp.write("preflight-ssh",
                              "#!/bin/sh\ncase \"$*\" in\n  *--state*) echo running ;;\n"
                              "  *--get-zones*) echo public trusted ;;\n  *) exit 255 ;;\nesac\n");
  ::chmod(ssh.c_str(), 0755);
  env["FEDPLAN_VAR_ssh_command"] = ssh;
  env["FEDPLAN_VAR_firewall_protocols"] = "[\"tcp\", \"udp\"]";
  env["FEDPLAN_VAR_firewall_zone"] = "trusted";
  Run r = run_fedplan({"plan", "-detailed-exitcode"}, tmp / "examples/bare-metal-two-cluster", env);
  REQUIRE_MESSAGE(r.exit_code == 2, r.all());
  std::vector<std::string> openings;
  for (const auto& [addr, what] : planned_actions(r.out))
    if (addr.rfind("module.federation.firewalld_port.", 0) == 0 && what == "created")
      openings.push_back(addr);
  std::vector<std::string> want;
  for (const char* pair : {"mesh1->mesh2", "mesh2->mesh1"})
    for (const char* kind : {"discovery", "service"})
      for (const char* proto : {"tcp", "udp"})
        want.push_back(std::string("module.federation.firewalld_port.gateway[\"") + pair + "/" +
                       kind + "/" + proto + "\"]");
  CHECK(openings == want);
  CHECK(plan_counts(r.out) == PlanCounts{74, 0, 0});
  CHECK(r.out.find("zone                  = \"trusted\"") != std::string::npos);
  CHECK(r.out.find("protocol              = \"udp\"") != std::string::npos);
}
