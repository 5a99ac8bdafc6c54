// Conformance with a client nobody here wrote: drives the real kubectl against a sandbox and
// checks each command behaves as on a real API server.
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>

#include "sandbox/testing/test_server.h"

using namespace fedplan::sandbox;
using namespace fedplan::sandbox::testing;
using nlohmann::json;

namespace {
const char* kKubectl = "/usr/bin/kubectl";

bool have_kubectl() {
  return ::access(kKubectl, X_OK) == 0;
}

struct Kubectl {
  const RunningSandbox& s;
  std::string run(const std::string& args, int* rc) const {
    std::string out;
    std::string cmd = "timeout 60 " + std::string(kKubectl) + " --kubeconfig '" +
                      s.sandbox.kubeconfig_path() + "' --cache-dir '" + s.dir + "/cache' " + args;
    *rc = run_command(cmd, &out);
    return out;
  }
  std::string ok(const std::string& args) const {
    int rc = 0;
    std::string out = run(args, &rc);
    INFO("kubectl " << args << "\n" << out);
    CHECK(rc == 0);
    return out;
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(s.dir + "/" + name) << text;
  }
  std::string file(const std::string& name) const { return "'" + s.dir + "/" + name + "'"; }
};

const char* kCm = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: conf
  labels:
    app: demo
data:
  key: value
)";

const char* kCrd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
)";
}  // namespace

TEST_CASE("real kubectl works against the sandbox unchanged" * doctest::skip(!have_kubectl())) {
  RunningSandbox s(SandboxOptions{});
  Kubectl k{s};

  CHECK(k.ok("version -o json").find("fedplan-sandbox") != std::string::npos);
  std::string ns = k.ok("get ns");
  CHECK(ns.find("default") != std::string::npos);
  CHECK(ns.find("Active") != std::string::npos);
  CHECK(k.ok("create ns conf").find("namespace/conf created") != std::string::npos);

  k.write("cm.yaml", kCm);
  CHECK(k.ok("apply --server-side -f " + k.file("cm.yaml"))
            .find("configmap/cfg serverside-applied") != std::string::npos);

  std::string changed = kCm;
  changed.replace(changed.find("key: value"), 10, "key: other");
  k.write("cm2.yaml", changed);
  int rc = 0;
  std::string conflict =
      k.run("apply --server-side --field-manager other -f " + k.file("cm2.yaml"), &rc);
  CHECK(rc != 0);
  CHECK(conflict.find("Apply failed with 1 conflict: conflict with \"kubectl\": .data.key") !=
        std::string::npos);
  CHECK(k.ok("apply --server-side --field-manager other --force-conflicts -f " + k.file("cm2.yaml"))
            .find("serverside-applied") != std::string::npos);

  json got = json::parse(k.ok("get cm cfg -n conf -o json --show-managed-fields"));
  CHECK(got["data"]["key"] == "other");
  CHECK(got["metadata"]["labels"]["app"] == "demo");
  bool other_owns_key = false;
  for (const json& m : got["metadata"]["managedFields"])
    if (m["manager"] == "other") other_owns_key = m["fieldsV1"]["f:data"].contains("f:key");
  CHECK(other_owns_key);

  k.write("crd.yaml", kCrd);
  CHECK(k.ok("apply --server-side -f " + k.file("crd.yaml")).find("serverside-applied") !=
        std::string::npos);
  k.write("w.yaml",
          "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: "
          "conf\nspec:\n  size: 3\n");
  CHECK(k.ok("apply --server-side -f " + k.file("w.yaml"))
            .find("widget.example.com/w1 serverside-applied") != std::string::npos);
  json w = json::parse(k.ok("get wdg w1 -n conf -o json"));
  CHECK(w["spec"]["size"] == 3);
  CHECK(w["kind"] == "Widget");

  std::string resources = k.ok("api-resources");
  CHECK(resources.find("widgets") != std::string::npos);
  CHECK(resources.find("servicemeshcontrolplanes") != std::string::npos);
  CHECK(resources.find("configmaps") != std::string::npos);

  CHECK(k.ok("delete cm cfg -n conf").find("configmap \"cfg\" deleted") != std::string::npos);
  std::string gone = k.run("get cm cfg -n conf", &rc);
  CHECK(rc != 0);
  CHECK(gone.find("Error from server (NotFound): configmaps \"cfg\" not found") !=
        std::string::npos);

  CHECK(k.ok("delete ns conf").find("namespace \"conf\" deleted") != std::string::npos);
  std::string after = k.run("get ns conf", &rc);
  CHECK(rc != 0);
  CHECK(after.find("NotFound") != std::string::npos);
}
