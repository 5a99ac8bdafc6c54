// Tests for iterable providers: a provider block with for_each makes one instance per key,
// resources and module calls pick one by key, and every misuse is an error at its place.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "engine/config/evaluator.h"
#include "engine/config/loader.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

// The files of `dir` loaded and expanded; the diagnostics rendered with carets.
struct ProviderExpansion {
  Config config;
  Instances instances;
  bool ok = false;
  Diagnostics diags;
  std::string text;

  std::string provider_of(const std::string& instance) const {
    for (const ResourceInstance& ri : instances.resources)
      if (ri.addr.to_string() == instance) return ri.provider.to_string();
    return "(no instance " + instance + ")";
  }
  bool says(const std::string& part) const { return text.find(part) != std::string::npos; }
};

std::unique_ptr<ProviderExpansion> expand_providers_of(const TempDir& dir) {
  auto out = std::make_unique<ProviderExpansion>();
  out->config = load_config(dir.path(), LoadOptions{{"null", "kube"}, {}}, out->diags);
  if (!out->diags.has_errors()) {
    InputValues inputs;
    ConfigEvaluator e(out->config, inputs, nullptr, {});
    out->ok = e.expand(&out->instances, out->diags);
  }
  out->text = render_diagnostics(out->diags, &out->config.sources);
  return out;
}

const char* kClusters = R"(variable "clusters" {
  default = { east = "e.kubeconfig", west = "w.kubeconfig" }
}
provider "kube" "c" {
  for_each = var.clusters
  token    = each.value
}
)";

}  // namespace

TEST_CASE("a provider block with for_each makes one instance per key, with its each binding") {
  TempDir dir;
  dir.write("main.fed.hcl", kClusters);
  auto x = expand_providers_of(dir);
  REQUIRE_MESSAGE(x->ok, x->text);
  std::vector<std::string> addrs;
  for (const auto& [addr, pi] : x->instances.providers) {
    addrs.push_back(addr.to_string());
    CHECK(pi.binding.has_each);
  }
  CHECK(addrs == std::vector<std::string>{"kube.c[\"east\"]", "kube.c[\"west\"]"});
  ProviderAddr block{{}, "kube", "c", {}};
  REQUIRE(x->instances.provider_keys.count(block));
  CHECK(x->instances.provider_keys.at(block).keys.size() == 2);
}

TEST_CASE("resources and module calls with for_each pick a provider instance by key") {
  TempDir dir;
  dir.write("main.fed.hcl", std::string(kClusters) + R"(resource "kube_object" "one" {
  provider = kube.c["west"]
}
resource "kube_object" "each" {
  for_each = var.clusters
  provider = kube.c[each.key]
}
module "ns" {
  source    = "./ns"
  for_each  = var.clusters
  providers = { kube = kube.c[each.key] }
}
)");
  dir.write("ns/main.fed.hcl", "resource \"kube_object\" \"r\" {}\n");
  auto x = expand_providers_of(dir);
  REQUIRE_MESSAGE(x->ok, x->text);
  CHECK(x->provider_of("kube_object.one") == "kube.c[\"west\"]");
  CHECK(x->provider_of("kube_object.each[\"east\"]") == "kube.c[\"east\"]");
  CHECK(x->provider_of("kube_object.each[\"west\"]") == "kube.c[\"west\"]");
  CHECK(x->provider_of("module.ns[\"east\"].kube_object.r") == "kube.c[\"east\"]");
  CHECK(x->provider_of("module.ns[\"west\"].kube_object.r") == "kube.c[\"west\"]");
}

TEST_CASE("for_each on a provider block without a configuration name is an error") {
  TempDir dir;
  dir.write("main.fed.hcl", "provider \"kube\" {\n  for_each = toset([\"a\"])\n}\n");
  auto x = expand_providers_of(dir);
  INFO(x->text);
  CHECK_FALSE(x->ok);
  CHECK(x->says("Provider for_each needs a configuration name"));
  CHECK(x->says("main.fed.hcl:2:3"));
}

TEST_CASE("a provider for_each that names a resource is refused at its place") {
  TempDir dir;
  dir.write("main.fed.hcl", R"(resource "kube_object" "r" {}
provider "kube" "c" {
  for_each = toset([kube_object.r.id])
}
)");
  auto x = expand_providers_of(dir);
  INFO(x->text);
  CHECK_FALSE(x->ok);
  CHECK(x->says("Invalid provider for_each"));
  CHECK(x->says("may use only variables, locals and literals"));
  CHECK(x->says("main.fed.hcl:3:21"));
}

TEST_CASE("provider keys not known when planning are refused with the provider's advice") {
  TempDir dir;
  dir.write("main.fed.hcl", R"(resource "kube_object" "r" {}
locals {
  names = toset([kube_object.r.id])
}
provider "kube" "c" {
  for_each = local.names
}
)");
  auto x = expand_providers_of(dir);
  INFO(x->text);
  CHECK_FALSE(x->ok);
  CHECK(x->says("Invalid for_each argument"));
  CHECK(x->says("keys of a provider block's for_each must be known before anything is planned"));
  CHECK(x->says("main.fed.hcl:6:14"));
}

TEST_CASE("a key that is not among the provider's instances is named with the known keys") {
  TempDir dir;
  dir.write("main.fed.hcl", std::string(kClusters) + R"(resource "kube_object" "r" {
  provider = kube.c["eastt"]
}
)");
  auto x = expand_providers_of(dir);
  INFO(x->text);
  CHECK_FALSE(x->ok);
  CHECK(x->says("No such provider instance"));
  CHECK(x->says("has no instance [\"eastt\"]; its instances are: [\"east\"], [\"west\"]."));
  CHECK(x->says("Did you mean [\"east\"]?"));
  CHECK(x->says("main.fed.hcl:9:20"));
}

TEST_CASE("a module instance whose key the provider lacks is an error at the providers map") {
  TempDir dir;
  dir.write("main.fed.hcl", std::string(kClusters) + R"(module "ns" {
  source    = "./ns"
  for_each  = toset(["east", "north"])
  providers = { kube = kube.c[each.key] }
}
)");
  dir.write("ns/main.fed.hcl", "resource \"kube_object\" \"r\" {}\n");
  auto x = expand_providers_of(dir);
  INFO(x->text);
  CHECK_FALSE(x->ok);
  CHECK(x->says("has no instance [\"north\"]"));
  CHECK(x->says("main.fed.hcl:11:31"));
}

TEST_CASE("referring to a provider with for_each without an index is an error") {
  TempDir dir;
  dir.write("main.fed.hcl", std::string(kClusters) + R"(resource "kube_object" "r" {
  provider = kube.c
}
)");
  auto x = expand_providers_of(dir);
  INFO(x->text);
  CHECK_FALSE(x->ok);
  CHECK(x->says("Provider instance not selected"));
  CHECK(x->says("kube.c[each.key]"));
  CHECK(x->says("main.fed.hcl:9:14"));
}

TEST_CASE("an index on a single provider configuration or a non-string key is an error") {
  TempDir dir;
  dir.write("main.fed.hcl", std::string(kClusters) + R"(provider "kube" "one" {}
resource "kube_object" "a" {
  provider = kube.one["x"]
}
resource "kube_object" "b" {
  provider = kube.c[1]
}
)");
  auto x = expand_providers_of(dir);
  INFO(x->text);
  CHECK_FALSE(x->ok);
  CHECK(x->says("Provider configuration has no for_each"));
  CHECK(x->says("main.fed.hcl:10:22"));
  CHECK(x->says("are keyed by strings; got number"));
  CHECK(x->says("main.fed.hcl:13:20"));
}
