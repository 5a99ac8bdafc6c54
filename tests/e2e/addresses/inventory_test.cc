// The federation module (an inventory) hands each cluster's network settings to its control
// plane: a DNS name, the load-balancer wait and the explicit node fallback with its warning.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/mesh_facts.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// modules/federation over mesh1 (a cloud load balancer that never gets an address, node
// fallback, DNS name) and mesh2 (NodePorts, DNS name); returns the configuration directory.
std::string write_inventory_address_config(const std::string& root) {
  namespace fs = std::filesystem;
  fs::create_directory_symlink(source_dir() + "/modules", fs::path(root) / "modules");
  std::string dir = (fs::path(root) / "root").string();
  fs::create_directories(dir);
  std::ofstream(fs::path(dir) / "main.fed.hcl") << R"(
module "federation" {
  source = "../modules/federation"
  clusters = {
    mesh1 = {
      kubeconfig = env("MESH1_KUBECONFIG")
      platform   = "cloud_lb"
      exports    = [{ namespace = "mesh1-bookinfo", name = "ratings", alias_namespace = "bookinfo" }]
      network = {
        address                = "mesh1.gw.example"
        load_balancer_timeout  = "2s"
        load_balancer_fallback = "node_port"
      }
    }
    mesh2 = {
      kubeconfig = env("MESH2_KUBECONFIG")
      platform   = "node_port"
      imports    = [{ from = "mesh1", namespace = "bookinfo", alias_namespace = "mesh2-bookinfo" }]
      network    = { address = "mesh2.gw.example" }
    }
  }
}
)";
  return dir;
}

}  // namespace

TEST_CASE(
    "federation module: a cluster's DNS name, load-balancer wait and node fallback reach "
    "its control plane") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb", {"--no-load-balancer"});
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::string dir = write_inventory_address_config(tmp.path());
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  GatewayFacts g1 = gateway_facts(sb, "mesh1", "mesh2");
  CHECK(g1.type == "LoadBalancer");
  CHECK(g1.lb_address.empty());
  // The 2 s wait (not the default 5 minutes), then the fallback, warned about by name.
  CHECK_MESSAGE(apply.all().find("Mesh mesh1 has no load-balancer address on the ingress gateway "
                                 "for mesh2: load_balancer_fallback = \"node_port\" gives peer "
                                 "mesh2 the node address mesh1.gw.example with NodePorts " +
                                 g1.node_port_tls) != std::string::npos,
                apply.all());
  json on2 = sb.get("mesh2", "servicemeshpeer", "mesh1", "mesh2-system");
  REQUIRE(on2.is_object());
  CHECK(on2["spec"]["remote"]["addresses"] == json::array({"mesh1.gw.example"}));
  CHECK(std::to_string(on2["spec"]["remote"]["servicePort"].get<int>()) == g1.node_port_tls);
  json on1 = sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system");
  REQUIRE(on1.is_object());
  CHECK(on1["spec"]["remote"]["addresses"] == json::array({"mesh2.gw.example"}));

  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, sb.env());
  CHECK_MESSAGE(again.exit_code == 0, again.all());
}
