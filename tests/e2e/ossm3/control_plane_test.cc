// ossm3-control-plane's other choices end to end on one sandbox: a RevisionBased Istio with an
// IstioCNI and a root of its own, and an east-west gateway run by that revision.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/ossm3/ossm3_rig.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

TEST_CASE(
    "ossm3-control-plane: a RevisionBased Istio with IstioCNI and a root of its own, and a "
    "gateway labelled with the revision the Sail operator named") {
  TempDir tmp;
  Sandboxes sb({"mesh1"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::filesystem::create_directory_symlink(source_dir() + "/modules", tmp / "modules");
  std::filesystem::create_directories(tmp / "root");
  std::ofstream(tmp / "root/main.fed.hcl") << R"(
provider "kube" { kubeconfig = env("MESH1_KUBECONFIG") }
module "mesh" {
  source   = "../modules/ossm3-control-plane"
  mesh     = "mesh1"
  revision = "fed"
  cni      = true
  cacerts  = {}
}
module "gateway" {
  source = "../modules/ossm3-east-west-gateway"
  mesh   = module.mesh
}
output "revision" { value = module.mesh.revision }
output "root_cert" { value = module.mesh.root_cert }
)";
  std::string dir = tmp / "root";
  auto before = sb.dump("mesh1");

  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.out.find("revision = \"fed-v1-26-0\"") != std::string::npos);

  json istio = sb.get("mesh1", "istio", "fed");
  REQUIRE(istio.is_object());
  CHECK(istio["spec"]["updateStrategy"]["type"] == "RevisionBased");
  CHECK(istio["status"]["activeRevisionName"] == "fed-v1-26-0");
  json cni = sb.get("mesh1", "istiocni", "default");
  REQUIRE(cni.is_object());
  CHECK(cni["spec"]["namespace"] == "istio-cni");
  CHECK(sb.get("mesh1", "namespace", "istio-cni").is_object());
  json gw =
      sb.get("mesh1", "gateways.gateway.networking.k8s.io", "eastwestgateway", "istio-system");
  REQUIRE(gw.is_object());
  CHECK(gw["metadata"]["labels"]["istio.io/rev"] == "fed-v1-26-0");
  // A root of its own: cacerts holds a self-signed root, and istiod publishes it.
  json published = sb.get("mesh1", "configmap", "istio-ca-root-cert", "istio-system");
  REQUIRE(published.is_object());
  std::string root = published["data"]["root-cert.pem"];
  CHECK(fedplan::cert_signed_by(root, root));
  Run out = run_fedplan({"output", "-json", "root_cert"}, dir, sb.env());
  CHECK(json::parse(out.out, nullptr, false) == root);

  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, sb.env());
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, sb.env());
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(sb.get("mesh1", "istio", "fed").is_null());
  CHECK(sb.get("mesh1", "istiocni", "default").is_null());
  CHECK(sb.get("mesh1", "namespace", "istio-system").is_null());
}
