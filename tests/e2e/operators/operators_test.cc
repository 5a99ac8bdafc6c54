// The operators stage on sandboxes started with --no-operators: without it the plan fails
// naming each missing operator and the setting, and nothing is created; with it the operators
// are installed through OLM before the control planes; destroy removes what it made.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// A two-cluster federation through the libvirt module's pair (no firewall: the federation-pair
// module itself), with install_operators as given.
void write_operators_root(const std::filesystem::path& root, bool install) {
  std::filesystem::create_directories(root);
  std::ofstream main(root / "main.fed.hcl");
  main << R"(
provider "kube" "mesh1" { kubeconfig = env("MESH1_KUBECONFIG") }
provider "kube" "mesh2" { kubeconfig = env("MESH2_KUBECONFIG") }
module "federation" {
  source            = "../modules/federation-pair"
  providers         = { kube.a = kube.mesh1, kube.b = kube.mesh2 }
  install_operators = )"
       << (install ? "true" : "false") << R"(
  install_setting   = "install_operators = true on module.federation"
  exports_a         = [{ namespace = "mesh1-bookinfo", name = "ratings", alias_namespace = "bookinfo" }]
  imports_b         = [{ namespace = "bookinfo", alias_namespace = "mesh2-bookinfo" }]
}
)";
}

size_t operators_count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("without the operators stage the plan fails naming each missing operator") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb", {"--no-operators"});
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::filesystem::create_directory_symlink(source_dir() + "/modules", tmp / "modules");
  write_operators_root(tmp / "root", false);
  auto before = sb.dump("mesh1");

  Run plan = run_fedplan({"plan"}, tmp / "root", sb.env());
  CHECK(plan.exit_code == 1);
  CHECK_MESSAGE(plan.err.find("Red Hat OpenShift Service Mesh operator is not installed on "
                              "cluster mesh1: kind ServiceMeshControlPlane (maistra.io/v2) is "
                              "not served") != std::string::npos,
                plan.all());
  CHECK(plan.err.find("Set install_operators = true on module.federation to install it through "
                      "OLM (package servicemeshoperator, channel stable, catalog "
                      "redhat-operators), or install it yourself.") != std::string::npos);
  CHECK(plan.err.find("Kiali Operator provided by Red Hat is not installed on cluster mesh2: kind "
                      "Kiali (kiali.io/v1alpha1) is not served") != std::string::npos);
  // One error per missing operator and cluster: three operators on two clusters.
  CHECK_MESSAGE(operators_count(plan.err, "is not installed on cluster") == 6, plan.err);
  CHECK(operators_count(plan.err, "Error:") == 6);

  // An apply plans first: it fails the same way and creates nothing.
  Run apply = run_fedplan({"apply", "-auto-approve"}, tmp / "root", sb.env());
  CHECK(apply.exit_code == 1);
  CHECK(sb.get("mesh1", "namespace", "mesh1-system").is_null());
  CHECK(sb.dump("mesh1") == before);
}

TEST_CASE("with install_operators the operators come through OLM before the control planes") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb", {"--no-operators"});
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::filesystem::create_directory_symlink(source_dir() + "/modules", tmp / "modules");
  write_operators_root(tmp / "root", true);
  auto before = sb.dump("mesh1");

  Run plan = run_fedplan({"plan"}, tmp / "root", sb.env());
  REQUIRE_MESSAGE(plan.exit_code == 0, plan.all());
  auto actions = planned_actions(plan.out);
  CHECK(count_actions(actions, "module.federation.module.operators_a.kube_object.subscription",
                      "created") == 3);

  Run apply = run_fedplan({"apply", "-auto-approve"}, tmp / "root", sb.env());
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  for (const std::string mesh : {"mesh1", "mesh2"}) {
    INFO(mesh);
    json sub = sb.get(mesh, "subscriptions.operators.coreos.com", "servicemeshoperator",
                      "openshift-operators");
    REQUIRE(sub.is_object());
    CHECK(sub["spec"]["channel"] == "stable");
    CHECK(sub["spec"]["source"] == "redhat-operators");
    CHECK(sub["status"]["installedCSV"] == "servicemeshoperator.v2.6.5");
    json csv = sb.get(mesh, "clusterserviceversions.operators.coreos.com",
                      "servicemeshoperator.v2.6.5", "openshift-operators");
    REQUIRE(csv.is_object());
    CHECK(csv["status"]["phase"] == "Succeeded");
    CHECK(sb.get(mesh, "crd", "kialis.kiali.io").is_object());
    CHECK(sb.get(mesh, "crd", "jaegers.jaegertracing.io").is_object());
    json smcp = sb.get(mesh, "servicemeshcontrolplane",
                       mesh == "mesh1" ? "fed-export" : "fed-import", mesh + "-system");
    REQUIRE(smcp.is_object());
  }
  // The operators first: the control plane starts once the CRDs are served.
  auto events = apply_events(apply.out);
  int crds = event_index(events, "module.federation.module.operators_a.data.kube_object.crd*",
                         "Read complete");
  int smcp =
      event_index(events, "module.federation.module.a.kube_object.control_plane", "Creating...");
  CHECK(crds >= 0);
  CHECK_MESSAGE(crds < smcp, apply.out);

  Run again = run_fedplan({"plan", "-detailed-exitcode"}, tmp / "root", sb.env());
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  Run destroy = run_fedplan({"destroy", "-auto-approve"}, tmp / "root", sb.env());
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(sb.get("mesh1", "subscriptions.operators.coreos.com", "servicemeshoperator",
               "openshift-operators")
            .is_null());
  CHECK(sb.get("mesh1", "namespace", "mesh1-system").is_null());
  // OLM leaves an installed operator behind when its Subscription goes, as on OpenShift: its
  // CSV and CRDs stay; everything fedplan made is gone.
  auto after = sb.dump("mesh1");
  for (const auto& [key, obj] : before) CHECK_MESSAGE(after.count(key) == 1, key);
  for (const auto& [key, obj] : after)
    if (!before.count(key))
      CHECK_MESSAGE((key.rfind("ClusterServiceVersion/", 0) == 0 ||
                     key.rfind("CustomResourceDefinition/", 0) == 0),
                    key);
}
