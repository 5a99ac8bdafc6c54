// Tests for the dependency graph: edges from references, literal keys, depends_on on modules,
// providers; cycles listed in order; stable topological order; closure.
#include "engine/graph/graph.h"

#include <doctest/doctest.h>

#include "engine/graph/testing/built_graph.h"

using namespace fedplan;

using Built = fedplan::testing::BuiltGraph;

TEST_CASE("references through locals, literal keys and depends_on become edges") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {
  for_each = toset(["x", "y"])
}
resource "null_resource" "b" {}
locals {
  via = null_resource.b.id
}
resource "null_resource" "c" {
  input = [null_resource.a["x"].id, local.via]
}
resource "null_resource" "d" {
  depends_on = [null_resource.a]
}
)");
  b.build();
  CHECK(b.deps_of("null_resource.c") ==
        std::vector<std::string>{"null_resource.a[\"x\"]", "null_resource.b"});
  CHECK(b.deps_of("null_resource.d") ==
        std::vector<std::string>{"null_resource.a[\"x\"]", "null_resource.a[\"y\"]"});
  CHECK(b.deps_of("null_resource.b").empty());
  CHECK_FALSE(b.diags.has_errors());
}

TEST_CASE("module inputs and outputs carry dependencies across the module boundary") {
  Built b;
  b.dir.write("root/main.fed.hcl", R"(
resource "null_resource" "first" {}
module "m" {
  source = "../m"
  in     = null_resource.first.id
}
resource "null_resource" "last" {
  input = module.m.out
}
resource "null_resource" "after_all" {
  depends_on = [module.m]
}
)");
  b.dir.write("m/main.fed.hcl", R"(
variable "in" {}
resource "null_resource" "inner" { input = var.in }
resource "null_resource" "other" {}
output "out" { value = null_resource.inner.id }
)");
  b.build("root");
  CHECK(b.deps_of("null_resource.last") ==
        std::vector<std::string>{"module.m.null_resource.inner", "null_resource.first"});
  CHECK(b.deps_of("null_resource.after_all") ==
        std::vector<std::string>{"module.m.null_resource.inner", "module.m.null_resource.other",
                                 "null_resource.first"});
}

TEST_CASE("a cycle is an error listing the addresses around it in order") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" { input = null_resource.c.id }
resource "null_resource" "b" { input = null_resource.a.id }
resource "null_resource" "c" { input = local.x }
locals {
  x = null_resource.b.id
}
)");
  b.build();
  REQUIRE(b.diags.has_errors());
  CHECK(b.diags.items[0].summary == "Dependency cycle");
  CHECK(b.diags.items[0].detail.find("null_resource.a -> null_resource.c -> local.x -> "
                                     "null_resource.b -> null_resource.a") != std::string::npos);
}

TEST_CASE("the topological order puts dependencies first and is stable") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "z" { input = null_resource.y.id }
resource "null_resource" "y" {}
resource "null_resource" "x" {}
)");
  b.build();
  std::vector<std::string> order;
  for (int n : b.graph.topological_order())
    if (b.graph.nodes()[n].kind == NodeKind::Resource) order.push_back(b.graph.nodes()[n].label);
  CHECK(order == std::vector<std::string>{"null_resource.x", "null_resource.y", "null_resource.z"});
}

TEST_CASE("a key computed from count.index or each narrows the dependency to one instance") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
variable "n" {
  default = 2
}
resource "null_resource" "node" {
  count = 8
}
resource "null_resource" "shard" {
  for_each = toset(["s0", "s1"])
}
resource "null_resource" "link" {
  count = 2
  input = {
    from  = null_resource.node[count.index * 4 + 3].id
    shard = null_resource.shard["s${count.index % 2}"].id
  }
}
resource "null_resource" "by_var" {
  count = 1
  input = null_resource.node[count.index + var.n].id
}
resource "null_resource" "each" {
  for_each = { a = 1, b = 5 }
  input    = null_resource.node[each.value].id
}
)");
  b.build();
  CHECK(b.deps_of("null_resource.link[1]") ==
        std::vector<std::string>{"null_resource.node[7]", "null_resource.shard[\"s1\"]"});
  CHECK(b.deps_of("null_resource.each[\"b\"]") ==
        std::vector<std::string>{"null_resource.node[5]"});
  // A key that needs more than count and each is not known here: every instance, as before.
  CHECK(b.deps_of("null_resource.by_var[0]").size() == 8);
  CHECK_FALSE(b.diags.has_errors());
}

TEST_CASE("chained counted resources make edges linear in their instances") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {
  count = 500
}
resource "null_resource" "b" {
  count = 500
  input = null_resource.a[count.index].id
}
resource "null_resource" "c" {
  count = 500
  input = [null_resource.b[count.index].id, null_resource.a[499 - count.index].id]
}
)");
  b.build();
  // 500 edges from b, 1000 from c, plus one provider edge per instance.
  CHECK(b.graph.edge_count() == 500 + 1000 + 1500);
  CHECK(b.deps_of("null_resource.c[0]") == std::vector<std::string>{"null_resource.a[0]",
                                                                    "null_resource.a[499]",
                                                                    "null_resource.b[0]"});
}

TEST_CASE("each instance of a provider block with for_each is a node its resources depend on") {
  Built b;
  b.dir.write("main.fed.hcl", R"(
variable "clusters" {
  default = { east = "e", west = "w" }
}
resource "null_resource" "token" {}
provider "kube" "c" {
  for_each   = var.clusters
  kubeconfig = each.value
  token      = null_resource.token.id
}
resource "kube_object" "x" {
  for_each = var.clusters
  provider = kube.c[each.key]
}
)");
  b.build();
  REQUIRE_FALSE(b.diags.has_errors());
  for (const char* key : {"east", "west"}) {
    ProviderAddr addr{{}, "kube", "c", InstanceKey::of(std::string(key))};
    int p = b.graph.find_provider(addr);
    REQUIRE(p >= 0);
    CHECK(b.graph.nodes()[p].label == "provider[kube.c[\"" + std::string(key) + "\"]]");
    std::string err;
    int x =
        b.graph.find_resource(*parse_instance("kube_object.x[\"" + std::string(key) + "\"]", &err));
    auto deps = b.graph.dependencies(x);
    CHECK(std::find(deps.begin(), deps.end(), p) != deps.end());
  }
  // Through its provider instance, each object waits for what the block refers to.
  CHECK(b.deps_of("kube_object.x[\"east\"]") == std::vector<std::string>{"null_resource.token"});
}
