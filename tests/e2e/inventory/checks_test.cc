// The federation module's inventory checks: a wrong inventory stops the plan before any cluster
// is contacted, with one message per problem naming the cluster and the field.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/run.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

namespace {

// `fedplan plan` of examples/four-cluster-mixed with these extra inventory entries; no cluster
// runs (the kubeconfigs name no file), so only the checks can answer.
Run inventory_checks_plan(const TempDir& tmp, const std::string& extra) {
  copy_example("four-cluster-mixed", tmp.path());
  std::map<std::string, std::string> env;
  for (const char* m : {"MESH1", "MESH2", "MESH3", "MESH4"})
    env[std::string(m) + "_KUBECONFIG"] = tmp / "none.kubeconfig";
  env["FEDPLAN_VAR_firewall_cmd"] = "/nonexistent/firewall-cmd";
  return run_fedplan({"plan", "-var", "extra_clusters=" + extra},
                     tmp / "examples/four-cluster-mixed", env);
}

}  // namespace

TEST_CASE("federation module: a wrong inventory fails the plan naming each cluster and field") {
  TempDir tmp;
  Run r = inventory_checks_plan(
      tmp,
      "{mesh5={kubeconfig=\"/x\", platform=\"vsphere\"},"
      " mesh6={kubeconfig=\"/x\", platform=\"external\", imports=[{from=\"mesh9\", "
      "namespace=\"bookinfo\"}]},"
      " mesh7={platform=\"bare_metal\"},"
      " mesh8={kubeconfig=\"/x\", platform=\"openstack_octavia\", "
      "network={openstack={nodes=[\"n1\"]}}},"
      " mesh9x={kubeconfig=\"/x\", platform=\"metallb\", exports=[{namespace=\"a\", name=\"b\", "
      "to=[\"mesh9x\", \"mesh1\"]}]}}");
  CHECK(r.exit_code == 1);
  const std::string all = r.all();
  INFO(all);
  CHECK(all.find("Unknown platform: clusters.mesh5.platform is \"vsphere\". Use libvirt, "
                 "bare_metal, node_port, openstack_lb, openstack_octavia, metallb, cloud_lb or "
                 "external.") != std::string::npos);
  CHECK(all.find("clusters.mesh7: set kubeconfig") != std::string::npos);
  CHECK(all.find("clusters.mesh6.network.address: platform \"external\" needs the address") !=
        std::string::npos);
  CHECK(all.find("clusters.mesh7.network.firewall.hosts: platform \"bare_metal\" opens the "
                 "NodePorts on every node host over ssh") != std::string::npos);
  CHECK(all.find("clusters.mesh8.network.openstack: platform \"openstack_octavia\" needs "
                 "vip_subnet_id (or vip_network_id) and nodes") != std::string::npos);
  CHECK(all.find("clusters.mesh6.imports[0].from is \"mesh9\": an import names another cluster "
                 "of the inventory") != std::string::npos);
  CHECK(all.find("clusters.mesh9x.exports[0].to names \"mesh9x\"") != std::string::npos);
  CHECK(all.find("Refreshing") == std::string::npos);
}

TEST_CASE("federation module: more than ten clusters are refused") {
  TempDir tmp;
  std::string extra = "{";
  for (int i = 5; i <= 11; ++i)
    extra += "mesh" + std::to_string(i) + "={kubeconfig=\"/x\", platform=\"cloud_lb\"},";
  extra += "}";
  Run r = inventory_checks_plan(tmp, extra);
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.all().find("The inventory has 11 clusters (mesh1, mesh10, mesh11, mesh2, mesh3, "
                             "mesh4, mesh5, mesh6, mesh7, mesh8, mesh9); a federation holds at "
                             "most 10") != std::string::npos,
                r.all());
}
