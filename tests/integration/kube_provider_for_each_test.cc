// Integration test of iterable providers through `fedplan plan` and `apply` (run_cli,
// in-process): one kube provider block with for_each over three sandbox clusters.
#include <doctest/doctest.h>

#include <memory>
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
using testing::SandboxProcess;

struct ProviderForEachRun {
  int code = -1;
  std::string out, err;
  std::string both() const { return out + "\n--- stderr ---\n" + err; }
  bool says(const std::string& s) const {
    return out.find(s) != std::string::npos || err.find(s) != std::string::npos;
  }
};

ProviderForEachRun provider_for_each_fedplan(std::vector<std::string> args) {
  std::ostringstream out, err;
  std::istringstream in;
  CliContext ctx{out, err, in};
  ProviderForEachRun r;
  r.code = run_cli(args, ctx);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// Three clusters, a configuration whose provider block iterates over `providers` of them and
// whose module call iterates over `modules` of them, each instance making one namespace.
struct ProviderForEachFixture {
  std::vector<std::unique_ptr<SandboxProcess>> clusters;
  fedplan::testing::TempDir dir;

  ProviderForEachFixture() {
    for (const char* seed : {"11", "12", "13"})
      clusters.push_back(std::make_unique<SandboxProcess>(
          testing::sandbox_binary(),
          std::vector<std::string>{"--namespace-delete-delay-ms", "100", "--seed", seed}));
    dir.write("ns/main.fed.hcl", R"(variable "name" { type = string }

resource "kube_object" "ns" {
  manifest = { apiVersion = "v1", kind = "Namespace", metadata = { name = var.name } }
}
)");
  }

  // The map of name -> kubeconfig for the clusters named (a, b, c are clusters 0, 1, 2).
  std::string kubeconfigs(const std::string& names) const {
    std::string out = "{";
    for (char n : names)
      out += " " + std::string(1, n) + " = \"" + clusters[n - 'a']->kubeconfig() + "\",";
    return out + " }";
  }

  void configure(const std::string& providers, const std::string& modules) {
    dir.write(
        "main.fed.hcl", "locals {\n  providers = " + kubeconfigs(providers) +
                            "\n  modules   = toset(" +
                            [&] {
                              std::string l = "[";
                              for (char n : modules) l += "\"" + std::string(1, n) + "\",";
                              return l + "]";
                            }() +
                            ")\n}\n" + R"(
provider "kube" "cluster" {
  for_each   = local.providers
  kubeconfig = each.value
}

module "ns" {
  source    = "./ns"
  for_each  = local.modules
  providers = { kube = kube.cluster[each.key] }
  name      = "pfe-${each.key}"
}
)");
  }

  ProviderForEachRun plan() {
    return provider_for_each_fedplan({"plan", "-detailed-exitcode", "-no-color", dir.path()});
  }
  ProviderForEachRun apply() {
    return provider_for_each_fedplan({"apply", "-auto-approve", "-no-color", dir.path()});
  }
  // The HTTP status of GET namespace `name` on cluster `c`.
  int ns_status(char c, const std::string& name) const {
    return raw_call(clusters[c - 'a']->kubeconfig(), "GET", "/api/v1/namespaces/" + name).status;
  }
  std::string recorded_provider(const std::string& address) const {
    json s = json::parse(fedplan::testing::read_text(dir / "fedplan.state.json"));
    for (const json& r : s["resources"])
      if (r.value("address", "") == address) return r.value("provider", "");
    return "(not in the state)";
  }
};

TEST_CASE("engine: one provider block with for_each serves a module instance per cluster") {
  if (testing::sandbox_binary().empty()) return;
  ProviderForEachFixture f;
  f.configure("ab", "ab");
  ProviderForEachRun first = f.apply();
  REQUIRE_MESSAGE(first.code == 0, first.both());
  CHECK(f.ns_status('a', "pfe-a") == 200);
  CHECK(f.ns_status('b', "pfe-b") == 200);
  CHECK(f.ns_status('a', "pfe-b") == 404);  // each namespace only in its own cluster
  CHECK(f.ns_status('b', "pfe-a") == 404);
  CHECK(f.recorded_provider("module.ns[\"a\"].kube_object.ns") == "kube.cluster[\"a\"]");
  CHECK(f.recorded_provider("module.ns[\"b\"].kube_object.ns") == "kube.cluster[\"b\"]");

  SUBCASE("adding a key plans only the new cluster's objects") {
    f.configure("abc", "abc");
    ProviderForEachRun plan = f.plan();
    CHECK_MESSAGE(plan.code == 2, plan.both());
    CHECK_MESSAGE(plan.says("1 to add, 0 to change, 0 to destroy"), plan.both());
    CHECK(plan.says("module.ns[\"c\"].kube_object.ns"));
    CHECK_FALSE(plan.says("module.ns[\"a\"].kube_object.ns will"));
    ProviderForEachRun apply = f.apply();
    REQUIRE_MESSAGE(apply.code == 0, apply.both());
    CHECK(f.ns_status('c', "pfe-c") == 200);
    CHECK(f.ns_status('a', "pfe-c") == 404);

    // Dropping the key from both for_each while its namespace is recorded: the destroy would
    // need the provider instance, so the plan is refused and says what to do.
    f.configure("ab", "ab");
    ProviderForEachRun gone = f.plan();
    CHECK_MESSAGE(gone.code == 1, gone.both());
    CHECK(gone.says("Provider instance not present"));
    CHECK(
        gone.says("provider[kube.cluster[\"c\"]] is still needed to destroy "
                  "module.ns[\"c\"].kube_object.ns"));
    CHECK(gone.says("Keep the key until an apply has destroyed those objects"));
    CHECK(gone.says("main.fed.hcl:7:16"));
    CHECK(f.ns_status('c', "pfe-c") == 200);

    // The way out: remove the module instance first, with the provider key kept...
    f.configure("abc", "ab");
    ProviderForEachRun shrink = f.apply();
    REQUIRE_MESSAGE(shrink.code == 0, shrink.both());
    CHECK(shrink.says("1 destroyed"));
    CHECK(f.ns_status('c', "pfe-c") != 200);
    CHECK(f.ns_status('a', "pfe-a") == 200);
    // ...then the key, which nothing needs any more.
    f.configure("ab", "ab");
    ProviderForEachRun settled = f.plan();
    CHECK_MESSAGE(settled.code == 0, settled.both());
  }
}

}  // namespace
}  // namespace fedplan::kube
