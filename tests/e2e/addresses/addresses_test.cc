// Peer addresses given as DNS names or as a Route's host reach the ServiceMeshPeers as written,
// and an address that is neither an IP nor a DNS name is refused naming the variable.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "tests/e2e/addresses/pair_config.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// The nodePort of the port named `name` of Service `svc`.
json node_port_named(const json& svc, const std::string& name) {
  for (const json& p : svc["spec"]["ports"])
    if (p["name"] == name) return p["nodePort"];
  return nullptr;
}

}  // namespace

TEST_CASE(
    "a DNS name and a Route's host become the ServiceMeshPeers' addresses as written, with the "
    "NodePorts") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  // mesh2 reaches mesh1 at a name; mesh1 reaches mesh2 at the host of the Route of mesh2's
  // ingress gateway for mesh1 (made by the control plane in the same run).
  std::string dir = write_pair_config(tmp.path(), R"(
  address_a = "mesh1-gw.apps.example.com"
  route_b   = { namespace = "mesh2-system", name = "mesh1-ingress" }
)");
  Run plan = run_fedplan({"plan", "-detailed-exitcode"}, dir, sb.env());
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());

  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.all().find("Warning") == std::string::npos);

  json peer_on_2 = sb.get("mesh2", "servicemeshpeer", "mesh1", "mesh2-system");
  REQUIRE(peer_on_2.is_object());
  CHECK(peer_on_2["spec"]["remote"]["addresses"] == json::array({"mesh1-gw.apps.example.com"}));
  json gw1 = sb.get("mesh1", "service", "mesh2-ingress", "mesh1-system");
  CHECK(peer_on_2["spec"]["remote"]["servicePort"] == node_port_named(gw1, "tls"));
  CHECK(peer_on_2["spec"]["remote"]["discoveryPort"] == node_port_named(gw1, "https-discovery"));

  json route = sb.get("mesh2", "route", "mesh1-ingress", "mesh2-system");
  REQUIRE(route.is_object());
  std::string host = route["spec"]["host"];
  CHECK(host == "mesh1-ingress-mesh2-system.apps.mesh2.sandbox.example");
  json peer_on_1 = sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system");
  REQUIRE(peer_on_1.is_object());
  CHECK(peer_on_1["spec"]["remote"]["addresses"] == json::array({host}));
  json gw2 = sb.get("mesh2", "service", "mesh1-ingress", "mesh2-system");
  CHECK(peer_on_1["spec"]["remote"]["servicePort"] == node_port_named(gw2, "tls"));

  // The Route is read at plan time from now on; nothing changes.
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, sb.env());
  CHECK_MESSAGE(again.exit_code == 0, again.all());
}

TEST_CASE("a Route made by the same configuration is read after it is made, and its host used") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  // The route's name and namespace come from the live object, so the read follows the create.
  std::string dir = write_pair_config(tmp.path(), R"(
  route_a = { namespace = kube_object.route.object.metadata.namespace, name = kube_object.route.object.metadata.name }
)",
                                      R"(
resource "kube_object" "edge" {
  provider = kube.mesh1
  manifest = { apiVersion = "v1", kind = "Namespace", metadata = { name = "edge" } }
}
resource "kube_object" "route" {
  provider = kube.mesh1
  manifest = {
    apiVersion = "route.openshift.io/v1"
    kind       = "Route"
    metadata   = { name = "federation", namespace = kube_object.edge.manifest.metadata.name }
    spec       = { host = "fed.mesh1.example.com", to = { kind = "Service", name = "mesh2-ingress" } }
  }
}
)");
  Run plan = run_fedplan({"plan", "-detailed-exitcode"}, dir, sb.env());
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  CHECK(plan.out.find("module.pair.module.a.data.kube_object.route[0] will be read during apply") !=
        std::string::npos);
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  json peer_on_2 = sb.get("mesh2", "servicemeshpeer", "mesh1", "mesh2-system");
  REQUIRE(peer_on_2.is_object());
  CHECK(peer_on_2["spec"]["remote"]["addresses"] == json::array({"fed.mesh1.example.com"}));
}

TEST_CASE(
    "an address that is neither an IP nor a DNS name is refused naming the variable and its "
    "place, and IPv6 addresses are taken") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  for (const std::string bad : {"mesh1_gw.example.com", "1.2.3.999", "-gw.example.com",
                                "gw..example.com", "203.0.113.7:30443"}) {
    CAPTURE(bad);
    std::string dir = write_pair_config(tmp.path(), "  address_a = \"" + bad + "\"\n");
    Run r = run_fedplan({"plan"}, dir, sb.env());
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.err.find("address_a must be an IPv4 address, an IPv6 address or a DNS name "
                             "(RFC 1123") != std::string::npos,
                  r.all());
    CHECK(r.err.find("not \"" + bad + "\"") != std::string::npos);
    // At the argument in the caller, with the validation rule's place.
    CHECK(r.err.find("Error: ./main.fed.hcl:9:15: Invalid value for variable") !=
          std::string::npos);
    CHECK(r.err.find("validation rule at ../modules/federation-pair/variables.fed.hcl:") !=
          std::string::npos);
  }
  std::string dir = write_pair_config(tmp.path(), R"(
  address_a = "fd00:203::7"
  address_b = "MESH2.Example.COM"
)");
  Run ok = run_fedplan({"plan", "-detailed-exitcode"}, dir, sb.env());
  CHECK_MESSAGE(ok.exit_code == 2, ok.all());

  dir = write_pair_config(tmp.path(), R"(
  address_a = "mesh1.example.com"
  route_a   = { namespace = "mesh1-system", name = "mesh2-ingress" }
)");
  Run both = run_fedplan({"plan"}, dir, sb.env());
  CHECK(both.exit_code == 1);
  CHECK_MESSAGE(both.err.find("Mesh mesh1: set address or route, not both") != std::string::npos,
                both.all());
}
