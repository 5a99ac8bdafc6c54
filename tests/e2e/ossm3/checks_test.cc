// The OSSM 3 modules' checks at plan time: inconsistent inputs stop the plan with a message
// naming the meshes and the fix, before anything reaches a cluster (one sandbox serves kube).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

namespace {

// Plans `body` (after a kube provider for sandbox mesh1 and the meshes below) in a root module
// beside the checkout's modules.
Run ossm3_plan(const std::string& body) {
  TempDir tmp;
  Sandboxes sb({"mesh1"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::filesystem::create_directory_symlink(source_dir() + "/modules", tmp / "modules");
  std::filesystem::create_directories(tmp / "root");
  std::ofstream main(tmp / "root/main.fed.hcl");
  main << R"(
provider "kube" { kubeconfig = env("MESH1_KUBECONFIG") }
provider "kube" "other" { kubeconfig = env("MESH1_KUBECONFIG") }
locals {
  mesh1 = { mesh = "mesh1", mesh_id = "mesh1", namespace = "istio-system", network = "mesh1-network",
            trust_domain = "mesh1.local", trust_domain_aliases = ["mesh2.local"], root_cert = "ROOT1", revision = "default" }
  mesh2 = { mesh = "mesh2", mesh_id = "mesh2", namespace = "istio-system", network = "mesh2-network",
            trust_domain = "mesh2.local", trust_domain_aliases = ["mesh1.local"], root_cert = "ROOT2", revision = "default" }
  endpoint2 = { address = "203.0.113.9", port = 31443, network = "mesh2-network" }
  ratings   = { namespace = "mesh2-bookinfo", name = "ratings", ports = [{ number = 9080, name = "http" }], alias_namespace = "bookinfo" }
}
)" << body;
  main.close();
  return run_fedplan({"plan", "-detailed-exitcode"}, tmp / "root", sb.env());
}

// A manual-discovery call on mesh1 importing from mesh2, with `args` added.
Run ossm3_discovery(const std::string& args) {
  return ossm3_plan(R"(
module "discovery" {
  source          = "../modules/ossm3-manual-discovery"
  local_mesh      = local.mesh1
  remote_mesh     = local.mesh2
  imports         = [local.ratings]
)" + args + "\n}\n");
}

}  // namespace

TEST_CASE("ossm3-manual-discovery: consistent inputs plan the gateway and both entries") {
  Run r = ossm3_discovery("remote_endpoint = local.endpoint2\n remote_exports = [local.ratings]");
  CHECK_MESSAGE(r.exit_code == 2, r.all());
  CHECK_MESSAGE((plan_counts(r.out) == PlanCounts{3, 0, 0}), r.out);
}

TEST_CASE("ossm3-manual-discovery: importing a host the peer does not export is refused") {
  Run r = ossm3_discovery(
      "remote_endpoint = local.endpoint2\n"
      "remote_exports = [merge(local.ratings, { alias_namespace = \"shop\" })]");
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.all().find("Mesh mesh1 imports ratings.bookinfo.svc.mesh2-imports.local from "
                             "mesh2, which does not export it (it exports: "
                             "ratings.shop.svc.mesh2-imports.local)") != std::string::npos,
                r.all());
}

TEST_CASE("ossm3-manual-discovery: imports without the peer's gateway endpoint are refused") {
  Run r = ossm3_discovery(
      "remote_endpoint = { address = null, port = null, network = \"mesh2-network\" }");
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.all().find("Mesh mesh1 imports from mesh2 but has no address or port for "
                             "mesh2's east-west gateway") != std::string::npos,
                r.all());
}

TEST_CASE("ossm3-manual-discovery: a peer trust domain without an alias is refused") {
  Run r = ossm3_plan(R"(
module "discovery" {
  source          = "../modules/ossm3-manual-discovery"
  local_mesh      = merge(local.mesh1, { trust_domain_aliases = [] })
  remote_mesh     = local.mesh2
  remote_endpoint = local.endpoint2
  imports         = [local.ratings]
}
)");
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.all().find("Mesh mesh1 (trust domain mesh1.local) imports from mesh2 (trust "
                             "domain mesh2.local) without aliasing it: add \"mesh2.local\" to "
                             "mesh1's trust_domain_aliases.") != std::string::npos,
                r.all());
}

TEST_CASE("ossm3-manual-discovery: roots of their own sharing a trust domain are refused") {
  Run r = ossm3_plan(R"(
module "discovery" {
  source          = "../modules/ossm3-manual-discovery"
  local_mesh      = local.mesh1
  remote_mesh     = merge(local.mesh2, { trust_domain = "mesh1.local" })
  remote_endpoint = local.endpoint2
  imports         = [local.ratings]
}
)");
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.all().find("Meshes mesh1 and mesh2 have roots of their own but share the "
                             "trust domain mesh1.local") != std::string::npos,
                r.all());
}

TEST_CASE("ossm3-manual-discovery: two meshes on one network are refused") {
  Run r = ossm3_plan(R"(
module "discovery" {
  source          = "../modules/ossm3-manual-discovery"
  local_mesh      = local.mesh1
  remote_mesh     = merge(local.mesh2, { network = "mesh1-network" })
  remote_endpoint = local.endpoint2
  imports         = [local.ratings]
}
)");
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(
      r.all().find("Meshes mesh1 and mesh2 are both on network mesh1-network") != std::string::npos,
      r.all());
}

TEST_CASE("ossm3-multi-primary: different meshIDs and different roots are refused") {
  Run r = ossm3_plan(R"(
module "reads" {
  source            = "../modules/ossm3-multi-primary"
  providers         = { kube.source = kube.other, kube.target = kube }
  source_mesh       = local.mesh2
  target_mesh       = local.mesh1
  source_kubeconfig = env("MESH1_KUBECONFIG")
  rbac              = false
}
)");
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.all().find("Meshes mesh2 (meshID mesh2) and mesh1 (meshID mesh1) are not one "
                             "mesh: multi-primary clusters share a meshID") != std::string::npos,
                r.all());
  CHECK_MESSAGE(r.all().find("Meshes mesh2 and mesh1 have different root CAs: multi-primary "
                             "clusters need one shared root") != std::string::npos,
                r.all());
}

TEST_CASE("ossm3-east-west-gateway: a platform that does not fit the Service type is refused") {
  Run r = ossm3_plan(R"(
module "gateway" {
  source       = "../modules/ossm3-east-west-gateway"
  mesh         = local.mesh1
  service_type = "LoadBalancer"
  platform     = "firewalld"
}
)");
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.all().find("Mesh mesh1: platform firewalld fronts a NodePort: set "
                             "service_type = \"NodePort\".") != std::string::npos,
                r.all());
}

TEST_CASE("ossm3-control-plane: cacerts with a root certificate but no key is refused") {
  Run r = ossm3_plan(R"(
module "mesh" {
  source  = "../modules/ossm3-control-plane"
  mesh    = "mesh1"
  cacerts = { root_cert_file = "/nonexistent/root-cert.pem" }
}
)");
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.all().find("Mesh mesh1: cacerts needs both root_cert_file and root_key_file") !=
                    std::string::npos,
                r.all());
}
