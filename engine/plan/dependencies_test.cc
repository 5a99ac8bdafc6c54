// Tests for recorded dependencies: instances reached through locals, variables and outputs,
// a whole resource named once, and a value node shared by many resources folded once.
#include "engine/plan/dependencies.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "engine/config/evaluator.h"
#include "engine/config/loader.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

struct Built {
  TempDir dir;
  Config config;
  Instances instances;
  Graph graph;
  Diagnostics diags;

  void build() {
    config = load_config(dir.path(), {{"null"}}, diags);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, &config.sources));
    InputValues inputs;
    ConfigEvaluator e(config, inputs, nullptr, {});
    REQUIRE(e.expand(&instances, diags));
    graph = build_graph(config, instances, diags);
    REQUIRE_FALSE(diags.has_errors());
  }
  int node(const std::string& addr) {
    std::string err;
    int n = graph.find_resource(*parse_instance(addr, &err));
    REQUIRE(n >= 0);
    return n;
  }
};

std::vector<std::string> names(const std::vector<InstanceAddr>& addrs) {
  std::vector<std::string> out;
  for (const InstanceAddr& a : addrs) out.push_back(a.to_string());
  return out;
}

InstanceAddr addr(const std::string& text) {
  std::string err;
  auto a = parse_instance(text, &err);
  REQUIRE_MESSAGE(a, err);
  return *a;
}

}  // namespace

TEST_CASE("dependencies through value nodes name instances, or a whole resource once") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {
  count = 3
}
resource "null_resource" "one" {}
locals {
  ids   = null_resource.a[*].id
  first = null_resource.a[0].id
}
resource "null_resource" "all" {
  input = local.ids
}
resource "null_resource" "some" {
  input = [local.first, null_resource.a[2].id, null_resource.one.id]
}
module "m" {
  source = "./m"
  ids    = local.ids
}
)");
  b.dir.write("m/main.fed.hcl", R"(
variable "ids" {}
resource "null_resource" "inner" {
  count = 2
  input = var.ids[count.index]
}
output "inner" {
  value = null_resource.inner[*].id
}
)");
  b.build();
  ResourceDependencies deps(b.graph, b.instances);
  CHECK(names(deps.of(b.node("null_resource.all"))) == std::vector<std::string>{"null_resource.a"});
  CHECK(names(deps.of(b.node("null_resource.some"))) ==
        std::vector<std::string>{"null_resource.a[0]", "null_resource.a[2]", "null_resource.one"});
  CHECK(names(deps.of(b.node("module.m.null_resource.inner[1]"))) ==
        std::vector<std::string>{"null_resource.a"});
  CHECK(deps.of(b.node("null_resource.a[1]")).empty());
}

TEST_CASE("every instance of a resource reached one by one is the whole resource") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {
  for_each = toset(["x", "y"])
}
resource "null_resource" "b" {
  input = [null_resource.a["x"].id, null_resource.a["y"].id]
}
)");
  b.build();
  ResourceDependencies deps(b.graph, b.instances);
  CHECK(names(deps.of(b.node("null_resource.b"))) == std::vector<std::string>{"null_resource.a"});
}

TEST_CASE("a whole resource is an address without a key, listed among instances as printed") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "z" { count = 2 }
resource "null_resource" "b" { count = 2 }
resource "null_resource" "user" {
  input = [null_resource.z[*].id, null_resource.b[1].id]
}
)");
  b.build();
  ResourceDependencies deps(b.graph, b.instances);
  std::vector<InstanceAddr> got = deps.of(b.node("null_resource.user"));
  REQUIRE(got.size() == 2);
  CHECK(got[0] == addr("null_resource.b[1]"));
  CHECK(got[1].resource == addr("null_resource.z").resource);
  CHECK(got[1].key.empty());
}

TEST_CASE("a dependency with a key finds that instance, one without every instance of it") {
  std::vector<InstanceAddr> list = {addr("a.x[0]"), addr("a.x[1]"), addr("a.y"),
                                    addr("module.m.a.x[0]"), addr("a.x[0]")};
  std::vector<const InstanceAddr*> ptrs;
  for (const InstanceAddr& a : list) ptrs.push_back(&a);
  DependencyIndex index(ptrs);
  auto found = [&](const std::string& dep) {
    std::span<const int> s = index.find(addr(dep));
    return std::vector<int>(s.begin(), s.end());
  };
  CHECK(found("a.x[0]") == std::vector<int>{0, 4});
  CHECK(found("a.x") == std::vector<int>{0, 1, 4});
  CHECK(found("a.y") == std::vector<int>{2});
  CHECK(found("module.m.a.x") == std::vector<int>{3});
  CHECK(found("a.x[2]").empty());
  CHECK(found("a.z").empty());
}
