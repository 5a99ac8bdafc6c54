// The kube provider's ownership rules through the fedplan binary, with real kubectl against a
// sandbox: an object kubectl made stops a plan until it is imported or adopted, destroy
// leaves foreign objects alone, and fields kubectl took are drift that apply takes back.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A configuration directory `dir` holding `body` after the provider block.
void write_config(const std::string& dir, const std::string& body) {
  std::filesystem::create_directories(dir);
  std::ofstream f(dir + "/main.fed.hcl");
  f << "provider \"kube\" { kubeconfig = env(\"MESH1_KUBECONFIG\") }\n" << body;
}

std::string config_map(const std::string& label, const std::string& name,
                       const std::string& extra = "") {
  return "resource \"kube_object\" \"" + label + "\" {\n" + extra +
         "  manifest = {\n"
         "    apiVersion = \"v1\"\n"
         "    kind       = \"ConfigMap\"\n"
         "    metadata   = { name = \"" +
         name +
         "\", namespace = \"default\" }\n"
         "    data       = { k = \"v\" }\n"
         "  }\n"
         "}\n";
}

struct Cluster {
  TempDir tmp;
  Sandboxes sb{{"mesh1"}, tmp / "sb"};

  Run kubectl(std::vector<std::string> args) {
    args.insert(args.begin(), {"kubectl", "--kubeconfig", sb.kubeconfig("mesh1")});
    return run_program(args);
  }
  Run fedplan(const std::string& dir, const std::vector<std::string>& args) {
    return run_fedplan(args, dir, sb.env());
  }
};

}  // namespace

TEST_CASE("an object kubectl made stops the plan, until imported or adopted") {
  Cluster c;
  REQUIRE_MESSAGE(c.sb.ok(), c.sb.error());
  for (const char* name : {"by-hand", "imported", "adopted"}) {
    Run made = c.kubectl({"create", "configmap", name, "-n", "default", "--from-literal=k=v"});
    REQUIRE_MESSAGE(made.exit_code == 0, made.all());
  }
  std::string dir = c.tmp / "cfg";
  write_config(dir, config_map("imported", "imported") +
                        config_map("adopted", "adopted", "  adopt = true\n") +
                        config_map("mine", "mine"));
  std::string with_foreign = c.tmp / "foreign";
  write_config(with_foreign, config_map("by_hand", "by-hand") + config_map("mine", "mine2"));

  // Never adopt silently: the plan fails naming the object, its cluster and how to adopt it.
  Run plan = c.fedplan(with_foreign, {"plan", "-no-color"});
  CHECK(plan.exit_code == 1);
  CHECK_MESSAGE(
      has(plan.err, "kube_object.by_hand: Object already exists: ConfigMap default/by-hand"),
      plan.all());
  CHECK(has(plan.err, "its field managers: kubectl-create"));
  CHECK(has(plan.err, "import { to = ADDRESS  id = \"v1/ConfigMap/default/by-hand\" }"));
  CHECK(has(plan.err, "fedplan import ADDRESS v1/ConfigMap/default/by-hand"));
  CHECK(has(plan.err, "adopt = true"));
  CHECK(has(plan.err, "context"));
  // Apply stops the same way; destroy never touches the foreign object.
  CHECK(c.fedplan(with_foreign, {"apply", "-auto-approve", "-no-color"}).exit_code == 1);
  Run destroy = c.fedplan(with_foreign, {"destroy", "-auto-approve", "-no-color"});
  CHECK_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(c.sb.get("mesh1", "configmap", "by-hand", "default").is_object());
  CHECK(c.sb.get("mesh1", "configmap", "mine2", "default").is_null());

  // Import one by the id the error gave; the other asks for adoption in its block.
  Run imp = c.fedplan(
      dir, {"import", "-no-color", "kube_object.imported", "v1/ConfigMap/default/imported"});
  REQUIRE_MESSAGE(imp.exit_code == 0, imp.all());
  plan = c.fedplan(dir, {"plan", "-no-color", "-detailed-exitcode"});
  CHECK_MESSAGE(plan.exit_code == 2, plan.all());
  CHECK(has(plan.out, "# kube_object.adopted will be adopted"));
  CHECK(has(plan.out, "# kube_object.mine will be created"));
  CHECK_FALSE(has(plan.out, "kube_object.imported will"));
  CHECK(has(plan.out, "Plan: 2 to add, 0 to change, 0 to destroy."));
  Run apply = c.fedplan(dir, {"apply", "-auto-approve", "-no-color"});
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  plan = c.fedplan(dir, {"plan", "-no-color", "-detailed-exitcode"});
  CHECK_MESSAGE(plan.exit_code == 0, plan.all());

  // Destroy deletes what fedplan created, imported or adopted, and nothing else.
  destroy = c.fedplan(dir, {"destroy", "-auto-approve", "-no-color"});
  CHECK_MESSAGE(destroy.exit_code == 0, destroy.all());
  for (const char* gone : {"imported", "adopted", "mine"})
    CHECK_MESSAGE(c.sb.get("mesh1", "configmap", gone, "default").is_null(), gone);
  CHECK(c.sb.get("mesh1", "configmap", "by-hand", "default").is_object());
}

TEST_CASE("kubectl scale, label --overwrite and patch are drift the plan shows and apply reverts") {
  Cluster c;
  REQUIRE_MESSAGE(c.sb.ok(), c.sb.error());
  std::string dir = c.tmp / "cfg";
  const std::string web = R"(
resource "kube_object" "web" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "Deployment"
    metadata   = { name = "web", namespace = "default", labels = { tier = "front" } }
    spec = {
      replicas = 2
      selector = { matchLabels = { app = "web" } }
      template = {
        metadata = { labels = { app = "web" } }
        spec     = { containers = [{ name = "web", image = "nginx:1" }] }
      }
    }
  }
}
)";
  write_config(dir, web + R"(
resource "kube_object" "cm" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "settings", namespace = "default" }
    data       = { mode = "fast" }
  }
}
)");
  Run apply = c.fedplan(dir, {"apply", "-auto-approve", "-no-color"});
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());

  Run r = c.kubectl({"scale", "deployment", "web", "-n", "default", "--replicas=5"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  r = c.kubectl({"label", "deployment", "web", "-n", "default", "tier=back", "--overwrite"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  r = c.kubectl({"patch", "configmap", "settings", "-n", "default", "--type=merge", "-p",
                 R"({"data":{"mode":"slow"}})"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());

  Run plan = c.fedplan(dir, {"plan", "-no-color", "-detailed-exitcode"});
  CHECK_MESSAGE(plan.exit_code == 2, plan.all());
  CHECK_MESSAGE(has(plan.out, "# takes .spec.replicas back from manager kubectl"), plan.out);
  CHECK(has(plan.out, "# takes .metadata.labels.tier back from manager kubectl-label"));
  CHECK(has(plan.out, "# takes .data.mode back from manager kubectl-patch"));
  CHECK(has(plan.out, "replicas = 5 -> 2"));
  CHECK(has(plan.out, "Plan: 0 to add, 2 to change, 0 to destroy."));
  CHECK(c.fedplan(dir, {"plan", "-no-color"}).exit_code == 0);

  apply = c.fedplan(dir, {"apply", "-auto-approve", "-no-color"});
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  nlohmann::json live = c.sb.get("mesh1", "deployment", "web", "default");
  CHECK(live["spec"]["replicas"] == 2);
  CHECK(live["metadata"]["labels"]["tier"] == "front");
  CHECK(c.sb.get("mesh1", "configmap", "settings", "default")["data"]["mode"] == "fast");
  plan = c.fedplan(dir, {"plan", "-no-color", "-detailed-exitcode"});
  CHECK_MESSAGE(plan.exit_code == 0, plan.all());

  // Left to a manager: its field is dropped from what fedplan applies, and stays theirs.
  write_config(dir, web + R"(
resource "kube_object" "cm" {
  leave_fields_to = ["kubectl-patch"]
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "settings", namespace = "default" }
    data       = { mode = "fast", size = "1" }
  }
}
)");
  r = c.kubectl({"patch", "configmap", "settings", "-n", "default", "--type=merge", "-p",
                 R"({"data":{"mode":"slow"}})"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  plan = c.fedplan(dir, {"plan", "-no-color"});
  CHECK_MESSAGE(plan.exit_code == 0, plan.all());
  CHECK(has(plan.out, "# leaves .data.mode to manager kubectl-patch (leave_fields_to)"));
  apply = c.fedplan(dir, {"apply", "-auto-approve", "-no-color"});
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  nlohmann::json cm = c.sb.get("mesh1", "configmap", "settings", "default");
  CHECK(cm["data"]["mode"] == "slow");
  CHECK(cm["data"]["size"] == "1");
  plan = c.fedplan(dir, {"plan", "-no-color", "-detailed-exitcode"});
  CHECK_MESSAGE(plan.exit_code == 0, plan.all());
}
