// The federation checks at plan time: inconsistent inputs to the mesh-peering module stop the
// plan with a clear error before anything reaches a cluster (one sandbox serves the provider).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

namespace {

// What a test changes in a consistent mesh-peering call: fields merged into the local and
// remote mesh objects, and the remote's exports.
struct Change {
  std::string local = "{}";
  std::string remote = "{}";
  std::string remote_exports = "local.exports";
};

// One mesh-peering call on mesh1 with `change` applied; returns the plan's run.
Run plan_peering(const Change& change) {
  TempDir tmp;
  Sandboxes sb({"mesh1"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::filesystem::create_directory_symlink(source_dir() + "/modules", tmp / "modules");
  std::filesystem::create_directories(tmp / "root");
  std::ofstream main(tmp / "root/main.fed.hcl");
  main << R"(
provider "kube" { kubeconfig = env("MESH1_KUBECONFIG") }
locals {
  local_mesh  = { mesh = "mesh1", system_namespace = "mesh1-system", trust_domain = "mesh1.local", peers = ["mesh2"] }
  remote_mesh = { mesh = "mesh2", system_namespace = "mesh2-system", trust_domain = "mesh2.local", peers = ["mesh1"],
                  root_cert = "PEM", address = "203.0.113.9", service_port = 31000, discovery_port = 31001 }
  exports     = [{ namespace = "mesh2-bookinfo", name = "ratings", alias_namespace = "bookinfo" }]
}
module "peering" {
  source         = "../modules/mesh-peering"
  local_mesh     = merge(local.local_mesh, )"
       << change.local << R"()
  remote_mesh    = merge(local.remote_mesh, )"
       << change.remote << R"()
  imports        = [{ namespace = "bookinfo", alias_namespace = "mesh1-bookinfo" }]
  remote_exports = )"
       << change.remote_exports << "\n}\n";
  main.close();
  return run_fedplan({"plan", "-detailed-exitcode"}, tmp / "root", sb.env());
}

}  // namespace

TEST_CASE("consistent peering inputs plan without errors") {
  Run r = plan_peering({});
  CHECK_MESSAGE(r.exit_code == 2, r.all());
  CHECK(plan_counts(r.out) == PlanCounts{3, 0, 0});
}

TEST_CASE("two meshes with one trust domain are refused at plan time") {
  Run r = plan_peering({.local = "{ trust_domain = \"mesh2.local\" }"});
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(
      r.err.find("Meshes mesh1 and mesh2 share the trust domain mesh2.local") != std::string::npos,
      r.all());
  CHECK(r.err.find("with module.peering.kube_object.ca_root_cert,") != std::string::npos);
}

TEST_CASE("importing a namespace the peer does not export is refused at plan time") {
  Run r = plan_peering({.remote_exports = "[{ namespace = \"mesh2-bookinfo\", name = \"ratings\", "
                                          "alias_namespace = \"other\" }]"});
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.err.find("imports namespace bookinfo from mesh2, which does not export anything "
                           "under that namespace (it exports under: other)") != std::string::npos,
                r.all());
}

TEST_CASE("a peer that does not list this mesh is refused at plan time") {
  Run r = plan_peering({.remote = "{ peers = [\"mesh3\"] }"});
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.err.find("Mesh mesh2 does not list mesh1 among its peers") != std::string::npos,
                r.all());
}

TEST_CASE("a gateway without a tls or https-discovery port is refused at plan time") {
  Run r = plan_peering({.remote = "{ service_port = null, discovery_port = null }"});
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.err.find("has no port named \"tls\"") != std::string::npos, r.all());
  CHECK(r.err.find("has no port named \"https-discovery\"") != std::string::npos);
}
