// Integration tests of the refactoring blocks through `fedplan plan` and `apply` (run_cli,
// in-process) against a fedplan-sandbox: an import block adopting an object made by hand
// (its resource block written by -generate-config-out), and a moved block renaming an object.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "cli/cli.h"
#include "providers/kube/testing/live_fixture.h"
#include "providers/kube/testing/sandbox_process.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;
using testing::raw_call;
using testing::shared_sandbox;

struct RefactorRun {
  int code = -1;
  std::string out, err;
  std::string both() const { return out + "\n--- stderr ---\n" + err; }
};

RefactorRun refactor_fedplan(std::vector<std::string> args) {
  std::ostringstream out, err;
  std::istringstream in;
  CliContext ctx{out, err, in};
  RefactorRun r;
  r.code = run_cli(args, ctx);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// main.fed.hcl with a `kube.sb` provider for the sandbox, then `rest`.
void write(const fedplan::testing::TempDir& dir, const std::string& rest) {
  dir.write("main.fed.hcl", "provider \"kube\" \"sb\" {\n  kubeconfig = \"" +
                                shared_sandbox().kubeconfig() + "\"\n}\n\n" + rest);
}

std::string addresses(const fedplan::testing::TempDir& dir) {
  json s = json::parse(fedplan::testing::read_text(dir / "fedplan.state.json"));
  std::string out;
  for (const json& r : s["resources"]) out += r.value("address", "") + "\n";
  return out;
}

const char* kConfigMap = R"(
resource "kube_object" "%NAME%" {
  provider = kube.sb
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "by-hand", namespace = "refactor-it" }
    data       = { a = "1" }
  }
}
)";

std::string config_map(const std::string& name) {
  std::string s = kConfigMap;
  s.replace(s.find("%NAME%"), 6, name);
  return s;
}

}  // namespace

TEST_CASE("sandbox: an import block adopts an object made by hand, a moved block renames it") {
  const std::string kc = shared_sandbox().kubeconfig();
  REQUIRE(raw_call(kc, "POST", "/api/v1/namespaces",
                   R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"refactor-it"}})")
              .status == 201);
  auto made = raw_call(kc, "POST", "/api/v1/namespaces/refactor-it/configmaps",
                       R"({"apiVersion":"v1","kind":"ConfigMap",
                          "metadata":{"name":"by-hand"},"data":{"a":"1"}})");
  REQUIRE(made.status == 201);
  std::string uid = made.body["metadata"]["uid"];

  fedplan::testing::TempDir dir;
  write(dir, config_map("cm") + R"(
import {
  to = kube_object.cm
  id = "v1/ConfigMap/refactor-it/by-hand"
}
)");
  RefactorRun plan = refactor_fedplan({"plan", "-detailed-exitcode", "-no-color", dir.path()});
  CHECK_MESSAGE(plan.code == 2, plan.both());
  CHECK_MESSAGE(plan.out.find("# kube_object.cm will be imported") != std::string::npos,
                plan.both());
  CHECK_MESSAGE(
      plan.out.find("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.") != std::string::npos,
      plan.both());
  RefactorRun json_plan = refactor_fedplan({"plan", "-format", "json", dir.path()});
  CHECK_MESSAGE(json_plan.out.find(R"("importing":{"id":"v1/ConfigMap/refactor-it/by-hand"})") !=
                    std::string::npos,
                json_plan.both());
  RefactorRun apply = refactor_fedplan({"apply", "-auto-approve", "-no-color", dir.path()});
  REQUIRE_MESSAGE(apply.code == 0, apply.both());
  CHECK(addresses(dir) == "kube_object.cm\n");
  // The block may stay: the object recorded is the one it names.
  RefactorRun again = refactor_fedplan({"plan", "-detailed-exitcode", "-no-color", dir.path()});
  CHECK_MESSAGE(again.code == 0, again.both());

  // Renamed: the plan moves the record, the apply calls nothing on the cluster.
  write(dir, config_map("settings") + R"(
moved {
  from = kube_object.cm
  to   = kube_object.settings
}
)");
  plan = refactor_fedplan({"plan", "-detailed-exitcode", "-no-color", dir.path()});
  CHECK_MESSAGE(plan.code == 2, plan.both());
  CHECK_MESSAGE(
      plan.out.find("# kube_object.cm has moved to kube_object.settings") != std::string::npos,
      plan.both());
  apply = refactor_fedplan({"apply", "-auto-approve", "-no-color", dir.path()});
  REQUIRE_MESSAGE(apply.code == 0, apply.both());
  CHECK(addresses(dir) == "kube_object.settings\n");
  auto live = raw_call(kc, "GET", "/api/v1/namespaces/refactor-it/configmaps/by-hand");
  CHECK(live.body["metadata"]["uid"] == uid);

  // Forgotten: the record goes, the object stays.
  write(dir, R"(
removed {
  from = kube_object.settings
  lifecycle {
    destroy = false
  }
}
)");
  apply = refactor_fedplan({"apply", "-auto-approve", "-no-color", dir.path()});
  REQUIRE_MESSAGE(apply.code == 0, apply.both());
  CHECK(addresses(dir) == "");
  CHECK(raw_call(kc, "GET", "/api/v1/namespaces/refactor-it/configmaps/by-hand").status == 200);
}

TEST_CASE("sandbox: -generate-config-out writes the blocks of objects made by hand, cleaned") {
  const std::string kc = shared_sandbox().kubeconfig();
  REQUIRE(raw_call(kc, "POST", "/api/v1/namespaces",
                   R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"gen-it",
                      "labels":{"team":"mesh"}}})")
              .status == 201);
  REQUIRE(raw_call(kc, "POST", "/api/v1/namespaces/gen-it/services",
                   R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web",
                      "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
                      "spec":{"selector":{"app":"web"},
                        "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080}]}})")
              .status == 201);
  REQUIRE(raw_call(kc, "POST", "/api/v1/namespaces/gen-it/configmaps",
                   R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"conf"},
                      "data":{"app.conf":"listen ${PORT}\nlog info\n","mode":"fast"}})")
              .status == 201);

  fedplan::testing::TempDir dir;
  write(dir, R"(
import {
  to       = kube_object.web
  id       = "v1/Service/gen-it/web"
  provider = kube.sb
}
import {
  for_each = { conf = "v1/ConfigMap/gen-it/conf" }
  to       = kube_object.conf
  id       = each.value
  provider = kube.sb
}
)");
  std::string out = dir / "generated.fed.hcl";
  RefactorRun plan =
      refactor_fedplan({"plan", "-no-color", "-generate-config-out=" + out, dir.path()});
  REQUIRE_MESSAGE(plan.code == 0, plan.both());
  REQUIRE(std::filesystem::exists(out));
  std::string text = fedplan::testing::read_text(out);
  INFO(text);
  CHECK(text.find("# __generated__ by fedplan from \"v1/Service/gen-it/web\"") !=
        std::string::npos);
  CHECK(text.find("provider = kube.sb") != std::string::npos);
  CHECK(text.find("targetPort = 8080") != std::string::npos);
  CHECK(text.find("selector = {") != std::string::npos);
  for (const char* gone :
       {"clusterIP", "uid", "resourceVersion", "creationTimestamp", "managedFields",
        "last-applied-configuration", "status", "\"TCP\"", "sessionAffinity"})
    CHECK_MESSAGE(text.find(gone) == std::string::npos, gone);
  // A template introducer in the data stays literal; the multi-line value is a heredoc.
  CHECK(text.find("listen $${PORT}") != std::string::npos);
  CHECK(plan.out.find("# kube_object.web will be imported") != std::string::npos);
  CHECK(plan.out.find("Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") !=
        std::string::npos);
  RefactorRun valid = refactor_fedplan({"validate", dir.path()});
  CHECK_MESSAGE(valid.code == 0, valid.both());

  // The next plan, reading the file, is a pure import; applied, nothing is left to do.
  RefactorRun again = refactor_fedplan({"plan", "-no-color", "-detailed-exitcode", dir.path()});
  CHECK_MESSAGE(again.code == 2, again.both());
  CHECK_MESSAGE(again.out.find("Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") !=
                    std::string::npos,
                again.both());
  RefactorRun apply = refactor_fedplan({"apply", "-auto-approve", "-no-color", dir.path()});
  REQUIRE_MESSAGE(apply.code == 0, apply.both());
  CHECK_MESSAGE(apply.out.find("Apply complete! Resources: 2 imported, 0 added, 0 changed, 0 "
                               "destroyed.") != std::string::npos,
                apply.both());
  RefactorRun settled = refactor_fedplan({"plan", "-no-color", "-detailed-exitcode", dir.path()});
  CHECK_MESSAGE(settled.code == 0, settled.both());
  auto cm = raw_call(kc, "GET", "/api/v1/namespaces/gen-it/configmaps/conf");
  CHECK(cm.body["data"]["app.conf"] == "listen ${PORT}\nlog info\n");
}

}  // namespace fedplan::kube
