// modules/federation's openstack_octavia platform against a real Keystone + Octavia (the
// harness of tests/openstack): one load balancer per gateway of the mesh, and peers using it.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "base/testing/temp_dir.h"
#include "tests/e2e/openstack/octavia.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

json inventory_octavia_named(const json& items, const std::string& name) {
  for (const json& i : items)
    if (i.value("name", "") == name) return i;
  return nullptr;
}

int inventory_octavia_node_port(const json& svc, const std::string& name) {
  for (const json& p : svc["spec"]["ports"])
    if (p["name"] == name) return p["nodePort"].get<int>();
  return 0;
}

}  // namespace

TEST_CASE("four-cluster-mixed with mesh3 on openstack_octavia: a load balancer per gateway") {
  TempDir tmp;
  OpenStackHarness h(tmp / "os");
  if (h.cannot_run) {
    MESSAGE("the OpenStack harness cannot run on this machine: skipped (" << h.error << ")");
    std::exit(77);
  }
  REQUIRE_MESSAGE(h.error.empty(), h.error);
  OctaviaClient octavia(h);
  REQUIRE_MESSAGE(octavia.ok(), octavia.error());
  Sandboxes sb({"mesh1", "mesh2", "mesh3", "mesh4"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("four-cluster-mixed", tmp.path());
  const std::string dir = tmp / "examples/four-cluster-mixed";
  auto env = sb.env();
  for (const auto& [k, v] : h.os_env()) env[k] = v;
  std::string subnet = h.env.count("VIP_SUBNET_ID") ? h.env.at("VIP_SUBNET_ID") : "";
  json nodes = sb.list("mesh3", "node");
  REQUIRE(nodes.size() >= 1);
  std::string node = nodes[0]["metadata"]["name"];
  std::string node_ip;
  for (const json& a : nodes[0]["status"]["addresses"])
    if (a["type"] == "InternalIP") node_ip = a["address"];

  // mesh1 and mesh2 as node_port (no firewall in this test), mesh3 behind Octavia.
  const std::string extra =
      "extra_clusters={"
      "mesh1={kubeconfig=\"" +
      sb.kubeconfig("mesh1") +
      "\", platform=\"node_port\", exports=[{namespace=\"mesh1-bookinfo\", name=\"ratings\", "
      "alias_namespace=\"bookinfo\"}]},"
      "mesh2={kubeconfig=\"" +
      sb.kubeconfig("mesh2") +
      "\", platform=\"node_port\"},"
      "mesh3={kubeconfig=\"" +
      sb.kubeconfig("mesh3") +
      "\", platform=\"openstack_octavia\", imports=[{from=\"mesh1\", namespace=\"bookinfo\"}], "
      "network={openstack={vip_subnet_id=\"" +
      subnet + "\", nodes=[\"" + node +
      "\"]}}},"
      "mesh4={kubeconfig=\"" +
      sb.kubeconfig("mesh4") + "\", platform=\"metallb\"}}";
  Run apply = run_fedplan({"apply", "-auto-approve", "-var", extra}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  // 62 on the clusters less the two other imports, plus 3 load balancers x (load balancer,
  // 2 listeners, 2 pools, 2 monitors, 2 members).
  CHECK_MESSAGE(apply.out.find("Resources: 87 added") != std::string::npos, apply.out);

  for (const std::string peer : {"mesh1", "mesh2", "mesh4"}) {
    INFO("mesh3's gateway for " << peer);
    json lb = inventory_octavia_named(octavia.load_balancers(), "mesh3-federation-" + peer);
    REQUIRE(lb.is_object());
    CHECK(lb.value("provisioning_status", "") == "ACTIVE");
    std::string id = lb.value("id", "");
    json svc = sb.get("mesh3", "service", peer + "-ingress", "mesh3-system");
    REQUIRE(svc.is_object());
    CHECK(svc["spec"]["type"] == "NodePort");
    std::map<int, int> node_port = {{15443, inventory_octavia_node_port(svc, "tls")},
                                    {8188, inventory_octavia_node_port(svc, "https-discovery")}};
    json pools = octavia.get("pools?loadbalancer_id=" + id)["pools"];
    json listeners = octavia.get("listeners?loadbalancer_id=" + id)["listeners"];
    REQUIRE(listeners.size() == 2);
    REQUIRE(pools.size() == 2);
    for (const json& l : listeners) {
      int port = l.value("protocol_port", 0);
      REQUIRE(node_port.count(port) == 1);
      for (const json& p : pools) {
        if (p["listeners"].empty() || p["listeners"][0].value("id", "") != l.value("id", ""))
          continue;
        json members = octavia.get("pools/" + p.value("id", "") + "/members")["members"];
        REQUIRE(members.size() == 1);
        CHECK(members[0].value("address", "") == node_ip);
        CHECK(members[0].value("protocol_port", 0) == node_port[port]);
      }
    }
    // The peer reaches mesh3 at this load balancer's VIP and listeners.
    json smp = sb.get(peer, "servicemeshpeer", "mesh3", peer + "-system");
    REQUIRE(smp.is_object());
    CHECK(smp["spec"]["remote"]["addresses"][0] == lb.value("vip_address", ""));
    CHECK(smp["spec"]["remote"]["servicePort"] == 15443);
    CHECK(smp["spec"]["remote"]["discoveryPort"] == 8188);
  }

  Run destroy = run_fedplan({"destroy", "-auto-approve", "-var", extra}, dir, env);
  CHECK_MESSAGE(destroy.exit_code == 0, destroy.all());
  for (const std::string peer : {"mesh1", "mesh2", "mesh4"})
    CHECK(inventory_octavia_named(octavia.load_balancers(), "mesh3-federation-" + peer).is_null());
}
