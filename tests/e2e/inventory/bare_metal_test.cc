// modules/federation's bare_metal platform: the gateways' NodePorts opened over ssh in a real
// firewalld on the node host (the harness of tests/e2e/bare_metal), and closed again by
// present = false.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

#include "base/testing/temp_dir.h"
#include "tests/e2e/bare_metal/node_hosts.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// The NodePorts of mesh4's gateway for `peer`, as "PORT/tcp".
std::vector<std::string> inventory_bare_metal_ports(const Sandboxes& sb, const std::string& peer) {
  json svc = sb.get("mesh4", "service", peer + "-ingress", "mesh4-system");
  std::vector<std::string> out;
  if (!svc.is_object()) return out;
  for (const json& p : svc["spec"]["ports"])
    if (p["name"] == "tls" || p["name"] == "https-discovery")
      out.push_back(std::to_string(p["nodePort"].get<int>()) + "/tcp");
  return out;
}

bool inventory_bare_metal_has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("four-cluster-mixed with mesh4 on bare_metal: NodePorts opened over ssh, then closed") {
  TempDir tmp;
  NodeHosts hosts({"mesh4-node-1"}, tmp / "hosts");
  if (hosts.skipped()) {
    MESSAGE("the firewalld harness cannot run on this machine: skipped");
    std::exit(77);
  }
  REQUIRE_MESSAGE(hosts.error().empty(), hosts.error());
  Sandboxes sb({"mesh1", "mesh2", "mesh3", "mesh4"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  REQUIRE(sb.list("mesh4", "nodes").size() == 1);
  copy_example("four-cluster-mixed", tmp.path());
  const std::string dir = tmp / "examples/four-cluster-mixed";
  auto env = sb.env();

  // mesh1 and mesh2 as node_port (no hypervisor firewall in this test); mesh4 on bare metal.
  auto inventory = [&](bool mesh4_present, const std::string& hosts_list = "[\"mesh4-node-1\"]") {
    return "extra_clusters={mesh1={kubeconfig=\"" + sb.kubeconfig("mesh1") +
           "\", platform=\"node_port\", exports=[{namespace=\"mesh1-bookinfo\", "
           "name=\"ratings\", alias_namespace=\"bookinfo\"}]},"
           "mesh2={kubeconfig=\"" +
           sb.kubeconfig("mesh2") + "\", platform=\"node_port\"}, mesh4={kubeconfig=\"" +
           sb.kubeconfig("mesh4") +
           "\", platform=\"bare_metal\", present=" + (mesh4_present ? "true" : "false") +
           ", network={firewall={transport=\"ssh\", hosts=" + hosts_list +
           ", user=\"root\", "
           "port=" +
           hosts.ssh_port() + ", identity_file=\"" + hosts.identity_file() + "\", known_hosts=\"" +
           hosts.known_hosts() + "\", ssh_command=\"" + hosts.ssh_command() + "\"}}}}";
  };
  // One host for each node, checked when planning: a second host for the one node is refused.
  Run extra = run_fedplan({"plan", "-var", inventory(true, "[\"mesh4-node-1\", \"mesh4-node-1\"]")},
                          dir, env);
  CHECK(extra.exit_code == 1);
  CHECK_MESSAGE(extra.all().find("clusters.mesh4.network.firewall.hosts lists 2 host(s) "
                                 "(mesh4-node-1, mesh4-node-1) for the 1 node(s) of cluster mesh4 "
                                 "(mesh4-node-1)") != std::string::npos,
                extra.all());

  Run apply = run_fedplan({"apply", "-auto-approve", "-var", inventory(true)}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());

  // Each of mesh4's three gateways has its two NodePorts open, tcp only, in zone public, at
  // runtime and permanently; the peers reach mesh4 at its node with those NodePorts.
  NodeHost& host = hosts.host("mesh4-node-1");
  std::vector<std::string> opened;
  for (const std::string peer : {"mesh1", "mesh2", "mesh3"}) {
    INFO("mesh4's gateway for " << peer);
    auto ports = inventory_bare_metal_ports(sb, peer);
    REQUIRE(ports.size() == 2);
    for (bool permanent : {false, true}) {
      auto open = host.ports("public", permanent);
      for (const std::string& p : ports) CHECK(inventory_bare_metal_has(open, p));
    }
    json smp = sb.get(peer, "servicemeshpeer", "mesh4", peer + "-system");
    REQUIRE(smp.is_object());
    CHECK(std::to_string(smp["spec"]["remote"]["servicePort"].get<int>()) + "/tcp" == ports[0]);
    opened.insert(opened.end(), ports.begin(), ports.end());
  }
  CHECK(apply.out.find("firewalld_port.gateway[\"mesh4->mesh1/service/udp\"]") ==
        std::string::npos);

  // Decommissioned: the openings are closed on the host too.
  Run down = run_fedplan({"apply", "-auto-approve", "-var", inventory(false)}, dir, env);
  REQUIRE_MESSAGE(down.exit_code == 0, down.all());
  for (bool permanent : {false, true}) {
    auto open = host.ports("public", permanent);
    for (const std::string& p : opened) {
      INFO(p);
      CHECK_FALSE(inventory_bare_metal_has(open, p));
    }
  }
  Run destroy = run_fedplan({"destroy", "-auto-approve", "-var", inventory(false)}, dir, env);
  CHECK_MESSAGE(destroy.exit_code == 0, destroy.all());
  std::string why;
  CHECK_MESSAGE(hosts.stop_all(&why), why);
}
