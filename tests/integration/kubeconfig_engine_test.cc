// Integration test of kubeconfig loading as kubectl does it, through the whole engine: `fedplan
// plan` in-process against a sandbox, reached through env("KUBECONFIG") naming two merged files,
// an exec plugin whose first token the sandbox rejects, and the cluster's proxy-url.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <sstream>

#include "base/base64.h"
#include "base/http/testing/connect_proxy.h"
#include "base/kube/kubeconfig.h"
#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "cli/cli.h"
#include "providers/kube/testing/sandbox_process.h"

namespace fedplan::kube {
namespace {

using testing::shared_sandbox;

// Sets an environment variable for one test and puts the old value back (each doctest case
// runs in a process of its own under ctest).
struct EnvGuard {
  std::string name;
  std::optional<std::string> old;
  EnvGuard(std::string n, const std::string& value) : name(std::move(n)) {
    if (const char* v = getenv(name.c_str())) old = v;
    setenv(name.c_str(), value.c_str(), 1);
  }
  ~EnvGuard() {
    if (old)
      setenv(name.c_str(), old->c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("plan through a merged KUBECONFIG, an exec plugin and the cluster's proxy-url") {
  KubeconfigOptions plain;
  plain.env = env_from_map({});
  KubeconfigResult sb = load_kubeconfig(shared_sandbox().kubeconfig(), "", plain);
  REQUIRE_MESSAGE(sb.ok(), sb.error);
  fedplan::testing::TempDir dir;
  // The plugin answers a stale token first (the sandbox says 401), then the real one.
  std::string runs = dir / "runs";
  std::string plugin =
      dir.write("home/bin/sandbox-login",
                "#!/bin/sh\necho run >> '" + runs + "'\nif [ \"$(wc -l < '" + runs +
                    "')\" -eq 1 ]; then token=stale; else token=" + sb.access.token +
                    "; fi\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":"
                    "\"ExecCredential\",\"status\":{\"token\":\"%s\"}}' \"$token\"\n");
  chmod(plugin.c_str(), 0755);
  fedplan::testing::ConnectProxy proxy;
  // File one: the cluster (through the proxy) and the context, and current-context.
  std::string one = dir.write("kube/cluster.yaml", R"(apiVersion: v1
kind: Config
clusters:
- name: sandbox
  cluster:
    server: )" + sb.access.server + R"(
    certificate-authority: ca.pem
    proxy-url: )" + proxy.url() + R"(
contexts:
- name: sb
  context: {cluster: sandbox, user: via-plugin, namespace: default}
current-context: sb
)");
  dir.write("kube/ca.pem", sb.access.tls.ca_pem);
  // File two: the user, whose plugin is found with ~, and a context of the same name that
  // loses to file one's.
  std::string two = dir.write("kube/user.yaml", R"(apiVersion: v1
kind: Config
users:
- name: via-plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ~/bin/sandbox-login
      interactiveMode: Never
contexts:
- name: sb
  context: {cluster: nowhere, user: nobody}
current-context: sb
)");
  dir.write("work/main.fed.hcl", R"(provider "kube" {
  kubeconfig = env("KUBECONFIG")
}

resource "kube_object" "cm" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "through-kubeconfig" }
    data       = { a = "b" }
  }
}
)");
  std::string kubeconfig = one + ":" + dir.path() + "/kube/missing.yaml:" + two;
  EnvGuard home("HOME", dir / "home");  // the provider reads the process's HOME for `~`
  std::ostringstream out, err;
  std::istringstream in;
  CliContext ctx{out, err, in};
  ctx.getenv = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "KUBECONFIG") return kubeconfig;
    return std::nullopt;
  };
  int code = run_cli({"plan", "-detailed-exitcode", "-no-color", dir / "work"}, ctx);
  std::string printed = out.str() + "\n--- stderr ---\n" + err.str();
  INFO(printed);
  CHECK(code == 2);
  CHECK(out.str().find("kube_object.cm will be created") != std::string::npos);
  CHECK(proxy.tunnels() >= 1);
  for (const std::string& t : proxy.targets())
    CHECK(t == sb.access.server.substr(sb.access.server.find("//") + 2));
  // Once at configure (the stale token), once more after the sandbox's 401, however many
  // requests met it.
  CHECK(fedplan::testing::read_text(runs) == "run\nrun\n");
}

TEST_CASE("each cluster's kubeconfig proxy-url carries that cluster's requests only") {
  KubeconfigOptions plain;
  plain.env = env_from_map({});
  KubeconfigResult sb = load_kubeconfig(shared_sandbox().kubeconfig(), "", plain);
  REQUIRE_MESSAGE(sb.ok(), sb.error);
  fedplan::testing::TempDir dir;
  dir.write("kube/ca.pem", sb.access.tls.ca_pem);
  // Two clusters (the same sandbox, as two sites would be), each behind a proxy of its own,
  // and a third reached directly, in one configuration.
  fedplan::testing::ConnectProxy proxy_a, proxy_b;
  auto kubeconfig = [&](const std::string& name, const std::string& proxy) {
    return dir.write("kube/" + name + ".yaml", R"(apiVersion: v1
kind: Config
clusters:
- name: site
  cluster:
    server: )" + sb.access.server + R"(
    certificate-authority: ca.pem
)" + (proxy.empty() ? "" : "    proxy-url: " + proxy + "\n") +
                                                   R"(users:
- name: u
  user: {token: )" + sb.access.token +
                                                   R"(}
contexts:
- name: c
  context: {cluster: site, user: u, namespace: default}
current-context: c
)");
  };
  std::string a = kubeconfig("a", proxy_a.url());
  std::string b = kubeconfig("b", proxy_b.url());
  std::string direct = kubeconfig("direct", "");
  std::string config;
  for (const auto& [name, file] :
       {std::pair<std::string, std::string>{"a", a}, std::pair<std::string, std::string>{"b", b},
        std::pair<std::string, std::string>{"direct", direct}})
    config += "provider \"kube\" \"" + name + "\" {\n  kubeconfig = \"" + file +
              "\"\n}\n\nresource \"kube_object\" \"" + name + "\" {\n  provider = kube." + name +
              "\n  manifest = {\n    apiVersion = \"v1\"\n    kind       = \"ConfigMap\"\n    "
              "metadata   = { name = \"per-cluster-proxy-" +
              name + "\" }\n  }\n}\n";
  dir.write("work/main.fed.hcl", config);
  std::ostringstream out, err;
  std::istringstream in;
  CliContext ctx{out, err, in};
  ctx.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  int code = run_cli({"plan", "-detailed-exitcode", "-no-color", dir / "work"}, ctx);
  std::string printed = out.str() + "\n--- stderr ---\n" + err.str();
  INFO(printed);
  CHECK(code == 2);
  for (const std::string name : {"a", "b", "direct"})
    CHECK(out.str().find("kube_object." + name + " will be created") != std::string::npos);
  CHECK(proxy_a.tunnels() >= 1);
  CHECK(proxy_b.tunnels() >= 1);
}

}  // namespace fedplan::kube
