// The pull-request comment of examples/libvirt-two-cluster on two sandboxes and a test
// firewalld: the first plan and the removal of bookinfo fit GitHub's limit, and an edit made
// with kubectl shows as drift outside the fold, without the fields the server writes.
#include <doctest/doctest.h>

#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/firewall.h"
#include "tests/e2e/support/run.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

namespace {

// Characters as GitHub counts them (UTF-8 code points).
size_t characters(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The CA bundle mesh1 keeps for mesh2, changed with kubectl under fedplan's field manager (so
// the next plan restores it without a conflict).
const char* kEditedCa = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: mesh2-ca-root-cert
  namespace: mesh1-system
data:
  root-cert.pem: |
    -----BEGIN CERTIFICATE-----
    edited by hand
    -----END CERTIFICATE-----
)";

}  // namespace

TEST_CASE("libvirt-two-cluster: markdown plans fit 60000 characters, drift outside the fold") {
  TempDir tmp;
  LibvirtRig rig(tmp.path());
  REQUIRE_MESSAGE(rig.error().empty(), rig.error());
  const std::string& dir = rig.dir;
  const std::map<std::string, std::string>& env = rig.env;

  // The first plan: 74 creates, about 100,000 characters of diffs in full.
  Run first = run_fedplan({"plan", "-format", "markdown", "-out", "first.plan"}, dir, env);
  REQUIRE_MESSAGE(first.exit_code == 0, first.all());
  CHECK(characters(first.out) <= 60000);
  CHECK(first.out.rfind("### fedplan plan \u00b7 ", 0) == 0);
  CHECK(first.out.find("workspace `default`") != std::string::npos);
  CHECK(first.out.find("**Plan:** 74 to add, 0 to change, 0 to destroy\n") != std::string::npos);
  CHECK(first.out.find("| `module.federation.kube.cluster[\"mesh1\"]` | 7 |") != std::string::npos);
  Run full =
      run_fedplan({"show", "-format", "markdown", "-max-size", "10000000", "first.plan"}, dir, env);
  CHECK(characters(full.out) > 60000);
  CHECK(first.out.find("> **Note:** cut to fit 60000 characters") != std::string::npos);
  CHECK(first.out.find("`fedplan show first.plan`") != std::string::npos);

  Run apply = run_fedplan({"apply", "first.plan"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());

  // An edit made by hand through the API server.
  { std::ofstream(tmp / "ca.yaml") << kEditedCa; }
  Run edit = run_program({"kubectl", "--kubeconfig", rig.sb->kubeconfig("mesh1"), "apply",
                          "--server-side", "--field-manager=fedplan", "-f", tmp / "ca.yaml"});
  REQUIRE_MESSAGE(edit.exit_code == 0, edit.all());

  // Removing bookinfo: 48 deletes, about 170,000 characters of diffs in full, and the drift.
  Run nobook = run_fedplan(
      {"plan", "-format", "markdown", "-var", "bookinfo=false", "-out", "nobook.plan"}, dir, env);
  REQUIRE_MESSAGE(nobook.exit_code == 0, nobook.all());
  const std::string& m = nobook.out;
  CHECK(characters(m) <= 60000);
  CHECK(m.find("**Plan:** 0 to add, 1 to change, 48 to destroy\n") != std::string::npos);
  size_t drift = m.find("### Objects changed outside of fedplan\n");
  REQUIRE_MESSAGE(drift != std::string::npos, m);
  CHECK(drift < m.find("<details>"));
  CHECK(m.find("module.federation.module.peering[\"mesh1->mesh2\"].kube_object.ca_root_cert "
               "has changed") < m.find("<details>"));
  // The drift keeps its full diff while the fold's diffs are cut.
  CHECK(m.find("edited by hand") < m.find("<details>"));
  CHECK(m.find("- `module.bookinfo_mesh1[0].kube_object.app[\"Deployment/details-v1\"]` will be "
               "destroyed\n") != std::string::npos);
  Run nobook_full = run_fedplan(
      {"show", "-format", "markdown", "-max-size", "10000000", "nobook.plan"}, dir, env);
  CHECK(characters(nobook_full.out) > 60000);
  for (const char* server : {"managedFields", "resourceVersion", "creationTimestamp", "status ="})
    CHECK_MESSAGE(nobook_full.out.find(server) == std::string::npos, server);
}
