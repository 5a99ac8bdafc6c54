// Integration tests of the kube provider through the whole engine: `fedplan apply`, `plan`
// and `destroy` run in-process (run_cli) on configurations written to a temporary directory,
// against a fedplan-sandbox process.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
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

// One `fedplan ...` run and what it printed.
struct Run {
  int code = -1;
  std::string out, err;
};

Run fedplan(std::vector<std::string> args) {
  std::ostringstream out, err;
  std::istringstream in;
  CliContext ctx{out, err, in};
  Run r;
  r.code = run_cli(args, ctx);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string both(const Run& r) {
  return r.out + "\n--- stderr ---\n" + r.err;
}

// A configuration directory whose main.fed.hcl has a `kube.sb` provider for the sandbox.
struct Workdir {
  fedplan::testing::TempDir dir;

  explicit Workdir(const std::string& resources) {
    dir.write("main.fed.hcl", "provider \"kube\" \"sb\" {\n  kubeconfig = \"" +
                                  shared_sandbox().kubeconfig() + "\"\n}\n\n" + resources);
  }
  Run apply() { return fedplan({"apply", "-auto-approve", "-no-color", dir.path()}); }
  Run plan() { return fedplan({"plan", "-detailed-exitcode", "-no-color", dir.path()}); }
  Run destroy() { return fedplan({"destroy", "-auto-approve", "-no-color", dir.path()}); }
  json state() {
    return json::parse(fedplan::testing::read_text(dir / "fedplan.state.json"), nullptr, false);
  }
  // The state entry of `address`, or null.
  json instance(const std::string& address) {
    json s = state();
    if (!s.is_object() || !s.contains("resources")) return nullptr;
    for (const json& r : s["resources"])
      if (r.value("address", "") == address) return r;
    return nullptr;
  }
};

int get_status(const std::string& path) {
  return raw_call(shared_sandbox().kubeconfig(), "GET", path).status;
}

TEST_CASE("engine: a CRD, a namespace and instances of the new kind in one apply") {
  Workdir w(R"(
resource "kube_object" "ns" {
  provider = kube.sb
  manifest = { apiVersion = "v1", kind = "Namespace", metadata = { name = "eng-crd" } }
}

resource "kube_object" "crd" {
  provider = kube.sb
  manifest = {
    apiVersion = "apiextensions.k8s.io/v1"
    kind       = "CustomResourceDefinition"
    metadata   = { name = "gadgets.engine.example.com" }
    spec = {
      group = "engine.example.com"
      scope = "Namespaced"
      names = { plural = "gadgets", singular = "gadget", kind = "Gadget" }
      versions = [{
        name    = "v1"
        served  = true
        storage = true
        schema  = { openAPIV3Schema = { type = "object", "x-kubernetes-preserve-unknown-fields" = true } }
      }]
    }
  }
}

resource "kube_object" "gadget" {
  provider   = kube.sb
  for_each   = { small = 1, large = 9 }
  depends_on = [kube_object.crd]
  manifest = {
    apiVersion = "engine.example.com/v1"
    kind       = "Gadget"
    metadata   = { name = each.key, namespace = kube_object.ns.manifest.metadata.name }
    spec       = { size = each.value }
  }
}

output "large_uid" { value = kube_object.gadget["large"].uid }
)");
  Run plan = w.plan();
  CHECK_MESSAGE(plan.code == 2, both(plan));
  CHECK_MESSAGE(plan.out.find("not served by the cluster yet") != std::string::npos, both(plan));

  Run apply = w.apply();
  REQUIRE_MESSAGE(apply.code == 0, both(apply));
  CHECK(apply.out.find("4 added") != std::string::npos);
  json large = raw_call(shared_sandbox().kubeconfig(), "GET",
                        "/apis/engine.example.com/v1/namespaces/eng-crd/gadgets/large")
                   .body;
  CHECK(large["spec"]["size"] == 9);
  CHECK(w.state()["outputs"]["large_uid"]["value"] == large["metadata"]["uid"]);

  Run again = w.plan();
  CHECK_MESSAGE(again.code == 0, both(again));

  Run destroy = w.destroy();
  REQUIRE_MESSAGE(destroy.code == 0, both(destroy));
  CHECK(get_status("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                   "gadgets.engine.example.com") == 404);
  CHECK(get_status("/api/v1/namespaces/eng-crd") == 404);
}

TEST_CASE("engine: a Service's allocated nodePort flows into another object at apply") {
  Workdir w(R"(
resource "kube_object" "gw" {
  provider = kube.sb
  manifest = {
    apiVersion = "v1"
    kind       = "Service"
    metadata   = { name = "eng-gw", namespace = "default" }
    spec = {
      type     = "NodePort"
      selector = { app = "gw" }
      ports    = [{ name = "tls", port = 15443, targetPort = 15443 }]
    }
  }
}

resource "kube_object" "peer" {
  provider = kube.sb
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "eng-peer", namespace = "default" }
    data       = { port = tostring(kube_object.gw.object.spec.ports[0].nodePort) }
  }
}
)");
  Run apply = w.apply();
  REQUIRE_MESSAGE(apply.code == 0, both(apply));
  json svc =
      raw_call(shared_sandbox().kubeconfig(), "GET", "/api/v1/namespaces/default/services/eng-gw")
          .body;
  json cm = raw_call(shared_sandbox().kubeconfig(), "GET",
                     "/api/v1/namespaces/default/configmaps/eng-peer")
                .body;
  int node_port = svc["spec"]["ports"][0]["nodePort"].get<int>();
  CHECK(node_port >= 30000);
  CHECK(cm["data"]["port"] == std::to_string(node_port));
  Run again = w.plan();
  CHECK_MESSAGE(again.code == 0, both(again));
  REQUIRE(w.destroy().code == 0);
  CHECK(get_status("/api/v1/namespaces/default/services/eng-gw") == 404);
}

TEST_CASE(
    "engine: an update plans the object the dry run answered, so the diff shows what changes "
    "and a dependent sees the new values") {
  auto config = [](const std::string& value) {
    return R"(
resource "kube_object" "cm" {
  provider = kube.sb
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "eng-update", namespace = "default" }
    data       = { a = ")" +
           value + R"(", b = "same" }
  }
}
output "a" { value = kube_object.cm.object.data.a }
)";
  };
  Workdir w(config("1"));
  REQUIRE(w.apply().code == 0);
  w.dir.write("main.fed.hcl", "provider \"kube\" \"sb\" {\n  kubeconfig = \"" +
                                  shared_sandbox().kubeconfig() + "\"\n}\n\n" + config("2"));
  Run plan = w.plan();
  CHECK_MESSAGE(plan.code == 2, both(plan));
  CHECK_MESSAGE(plan.out.find("# kube_object.cm will be updated in-place") != std::string::npos,
                both(plan));
  // Inside `object`, only what changes: the data value, and what the write decides.
  CHECK_MESSAGE(plan.out.find("~ a = \"1\" -> \"2\"") != std::string::npos, plan.out);
  CHECK_MESSAGE(plan.out.find("resourceVersion = \"") != std::string::npos, plan.out);
  CHECK_MESSAGE(plan.out.find("} -> (known after apply)") == std::string::npos, plan.out);
  CHECK_MESSAGE(plan.out.find("- b ") == std::string::npos, plan.out);
  // The output that reads the object is known when planning.
  CHECK_MESSAGE(plan.out.find("~ a = \"1\" -> \"2\"") != plan.out.rfind("~ a = \"1\" -> \"2\""),
                plan.out);
  Run apply = w.apply();
  CHECK_MESSAGE(apply.code == 0, both(apply));
  CHECK(w.plan().code == 0);
  REQUIRE(w.destroy().code == 0);
}

TEST_CASE(
    "engine: a wait that times out after a create taints the object, the next plan "
    "replaces it") {
  Workdir w(R"(
resource "kube_object" "slow" {
  provider = kube.sb
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "eng-slow", namespace = "default" }
    data       = { a = "1" }
  }
  wait {
    jsonpath = "metadata.annotations.never"
    timeout  = "1s"
  }
}
)");
  Run apply = w.apply();
  CHECK_MESSAGE(apply.code == 1, both(apply));
  CHECK_MESSAGE(apply.err.find("metadata.annotations.never") != std::string::npos, both(apply));
  // The object exists and is recorded, marked tainted.
  CHECK(get_status("/api/v1/namespaces/default/configmaps/eng-slow") == 200);
  json inst = w.instance("kube_object.slow");
  REQUIRE(inst.is_object());
  CHECK(inst.value("tainted", false));
  Run plan = w.plan();
  CHECK_MESSAGE(plan.code == 2, both(plan));
  CHECK_MESSAGE(
      plan.out.find("# kube_object.slow is tainted, so must be replaced") != std::string::npos,
      both(plan));
  Run destroy = w.destroy();
  CHECK_MESSAGE(destroy.code == 0, both(destroy));
  CHECK(get_status("/api/v1/namespaces/default/configmaps/eng-slow") == 404);
}

}  // namespace
}  // namespace fedplan::kube
