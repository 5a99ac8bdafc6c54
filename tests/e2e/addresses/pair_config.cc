// The federation-pair root configuration of the address tests.
#include "tests/e2e/addresses/pair_config.h"

#include <filesystem>
#include <fstream>

#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

std::string write_pair_config(const std::string& root, const std::string& arguments,
                              const std::string& root_blocks) {
  namespace fs = std::filesystem;
  if (!fs::exists(fs::path(root) / "modules"))
    fs::create_directory_symlink(source_dir() + "/modules", fs::path(root) / "modules");
  std::string dir = (fs::path(root) / "root").string();
  fs::create_directories(dir);
  std::ofstream main(fs::path(dir) / "main.fed.hcl");
  main << R"(
provider "kube" "mesh1" { kubeconfig = env("MESH1_KUBECONFIG") }
provider "kube" "mesh2" { kubeconfig = env("MESH2_KUBECONFIG") }
module "pair" {
  source    = "../modules/federation-pair"
  providers = { kube.a = kube.mesh1, kube.b = kube.mesh2 }
  exports_a = [{ namespace = "mesh1-bookinfo", name = "ratings", alias_namespace = "bookinfo" }]
  imports_b = [{ namespace = "bookinfo", alias_namespace = "mesh2-bookinfo" }]
)" << arguments
       << "\n}\n"
       << root_blocks << "\n";
  return dir;
}

}  // namespace fedplan::e2e
