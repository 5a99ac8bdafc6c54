// Tests for the DOT writer: label quoting, instances collapsed or not, module clusters, arrow
// directions, plan colours, and the transitive reduction against a brute-force one.
#include "engine/graph/dot.h"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>
#include <sstream>

#include "engine/graph/testing/built_graph.h"

using namespace fedplan;

namespace {

// The drawn DOT read back: node ids by label and edges as label pairs.
struct ReadDot {
  std::string text;
  std::map<std::string, std::string> id;  // label as written (quoted) -> node id
  std::set<std::pair<std::string, std::string>> edges;

  explicit ReadDot(std::string dot) : text(std::move(dot)) {
    std::map<std::string, std::string> label_of;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      size_t start = line.find_first_not_of(' ');
      if (start == std::string::npos || line[start] != 'n') continue;
      size_t arrow = line.find(" -> ");
      if (arrow != std::string::npos) {
        edges.emplace(label_of[line.substr(start, arrow - start)],
                      label_of[line.substr(arrow + 4)]);
        continue;
      }
      size_t label = line.find("[label = ");
      size_t end = line.find(", tooltip = ");
      if (label == std::string::npos || end == std::string::npos) continue;
      std::string node = line.substr(start, label - start - 1);
      label_of[node] = line.substr(label + 9, end - label - 9);
      id[label_of[node]] = node;
    }
  }
  bool has_edge(const std::string& from, const std::string& to) const {
    return edges.count({"\"" + from + "\"", "\"" + to + "\""}) > 0;
  }
};

ReadDot draw(fedplan::testing::BuiltGraph& b, DotOptions options = {}) {
  b.build();
  return ReadDot(write_dot(b.graph, options));
}

// The reduction by definition: an edge u -> v goes when another dependency of u reaches v.
std::vector<std::vector<int>> reduce_by_definition(const std::vector<std::vector<int>>& deps) {
  size_t n = deps.size();
  std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false));
  for (size_t u = 0; u < n; ++u)  // dependencies have smaller numbers in the graphs below
    for (int v : deps[u]) {
      reach[u][v] = true;
      for (size_t w = 0; w < n; ++w)
        if (reach[v][w]) reach[u][w] = true;
    }
  std::vector<std::vector<int>> out(n);
  for (size_t u = 0; u < n; ++u)
    for (int v : deps[u]) {
      bool implied = false;
      for (int w : deps[u]) implied |= w != v && reach[w][v];
      if (!implied) out[u].push_back(v);
    }
  return out;
}

}  // namespace

TEST_CASE("a for_each key with quotes and backslashes is escaped in the label") {
  fedplan::testing::BuiltGraph b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {
  for_each = toset(["Deployment/details-v1", "say \"hi\"", "back\\slash"])
}
)");
  DotOptions options;
  options.instances = true;
  ReadDot dot = draw(b, options);
  // The address is null_resource.a["say \"hi\""]; DOT needs each " and \ escaped once more.
  CHECK(dot.id.count(R"("null_resource.a[\"say \\\"hi\\\"\"]")") == 1);
  CHECK(dot.id.count(R"("null_resource.a[\"back\\\\slash\"]")") == 1);
  CHECK(dot.id.count(R"("null_resource.a[\"Deployment/details-v1\"]")") == 1);
  CHECK(dot.text.find("tooltip = \"null_resource.a[\\\"say \\\\\\\"hi") != std::string::npos);
}

TEST_CASE("instances of one resource are drawn as one node unless -instances") {
  fedplan::testing::BuiltGraph b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {
  count = 3
}
resource "null_resource" "b" {
  input = null_resource.a[*].id
}
)");
  ReadDot collapsed = draw(b);
  CHECK(collapsed.id.size() == 3);  // a, b and the provider
  CHECK(collapsed.has_edge("null_resource.a\\n3 instances", "null_resource.b"));
  ReadDot each(write_dot(b.graph, DotOptions{false, true, {}}));
  CHECK(each.id.size() == 5);
  CHECK(each.has_edge("null_resource.a[2]", "null_resource.b"));
}

TEST_CASE("edges implied by a longer path are not drawn") {
  fedplan::testing::BuiltGraph b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {}
resource "null_resource" "b" { input = null_resource.a.id }
locals {
  both = [null_resource.a.id, null_resource.b.id]
}
resource "null_resource" "c" { input = local.both }
)");
  ReadDot dot = draw(b);
  CHECK(dot.edges.size() == 3);
  CHECK(dot.has_edge("provider[null]", "null_resource.a"));
  CHECK(dot.has_edge("null_resource.a", "null_resource.b"));
  CHECK(dot.has_edge("null_resource.b", "null_resource.c"));
  CHECK_FALSE(dot.has_edge("null_resource.a", "null_resource.c"));
  CHECK(dot.text.find("rankdir = \"LR\"") != std::string::npos);
}

TEST_CASE("a destroy graph reverses the arrows between resources but not from providers") {
  fedplan::testing::BuiltGraph b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {}
resource "null_resource" "b" { input = null_resource.a.id }
)");
  b.build();
  ReadDot dot(write_dot(b.graph, DotOptions{true, false, {}}));
  CHECK(dot.has_edge("null_resource.b", "null_resource.a"));
  CHECK(dot.has_edge("provider[null]", "null_resource.a"));
  CHECK(dot.edges.size() == 2);
}

TEST_CASE("modules are drawn as nested clusters with their providers") {
  fedplan::testing::BuiltGraph b;
  b.dir.write("root/main.fed.hcl", R"(
module "outer" {
  source = "../outer"
  count  = 2
}
resource "null_resource" "top" {}
)");
  b.dir.write("outer/main.fed.hcl", R"(
module "inner" {
  source = "../inner"
}
)");
  b.dir.write("inner/main.fed.hcl", R"(
provider "kube" {}
resource "null_resource" "leaf" {}
)");
  b.build("root");
  std::string dot = write_dot(b.graph, {});
  size_t outer0 = dot.find("label = \"module.outer[0]\"");
  size_t inner = dot.find("label = \"module.inner\"", outer0);
  size_t outer1 = dot.find("label = \"module.outer[1]\"");
  REQUIRE(outer0 != std::string::npos);
  REQUIRE(inner != std::string::npos);
  CHECK(inner < outer1);  // inner sits inside outer[0], before outer[1] opens
  CHECK(dot.find("subgraph cluster_0 {") < outer0);
  CHECK(dot.find("tooltip = \"module.outer[1].module.inner\"") != std::string::npos);
  CHECK(dot.find("[label = \"provider[kube]\"", inner) < outer1);
  CHECK(dot.find("[label = \"null_resource.leaf\"", inner) < outer1);
  // Braces balance: every cluster is closed.
  CHECK(std::count(dot.begin(), dot.end(), '{') == std::count(dot.begin(), dot.end(), '}'));
}

TEST_CASE("plan marks fill nodes and the most drastic action of a resource wins") {
  fedplan::testing::BuiltGraph b;
  b.dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {
  count = 2
}
)");
  b.build();
  std::string err;
  DotOptions options;
  options.marks[*parse_instance("null_resource.a[0]", &err)] = {1, "green", "create"};
  options.marks[*parse_instance("null_resource.a[1]", &err)] = {4, "red", "delete"};
  options.marks[*parse_instance("null_resource.gone", &err)] = {4, "red", "delete"};
  ReadDot dot(write_dot(b.graph, options));
  CHECK(dot.text.find("[label = \"null_resource.a\\n2 instances\", tooltip = \"null_resource.a: "
                      "delete\", style = \"filled\", fillcolor = \"red\"]") != std::string::npos);
  // A removed block still shows what the plan deletes.
  CHECK(
      dot.text.find("[label = \"null_resource.gone\", tooltip = \"null_resource.gone: delete\"") !=
      std::string::npos);
  CHECK(dot.text.find("legend_0 [label = \"create\"") != std::string::npos);
  CHECK(dot.text.find("legend_1 [label = \"delete\"") != std::string::npos);
}

TEST_CASE("the transitive reduction matches the definition on random DAGs") {
  std::mt19937 rng(16);
  for (int round = 0; round < 50; ++round) {
    int n = 2 + static_cast<int>(rng() % 40);
    std::vector<std::vector<int>> deps(n);
    for (int u = 1; u < n; ++u)
      for (int v = 0; v < u; ++v)
        if (rng() % 4 == 0) deps[u].push_back(v);
    CHECK(transitive_reduction(deps) == reduce_by_definition(deps));
  }
}

TEST_CASE("the transitive reduction leaves a graph with a cycle as it is") {
  std::vector<std::vector<int>> deps{{1, 2}, {2}, {0}};
  CHECK(transitive_reduction(deps) == deps);
  CHECK(transitive_reduction({{1, 2}, {2}, {}}) == std::vector<std::vector<int>>{{1}, {2}, {}});
}

TEST_CASE("a search past the budget keeps the dependencies it has not reached") {
  // u depends on a and b, and a reaches b through a chain of 10. 65 decoys with more
  // dependents than b take the hub places, so b is found only by the search.
  std::vector<std::vector<int>> deps(2);  // 0 = b, 1 = the chain's end
  deps[1] = {0};
  for (int i = 0; i < 10; ++i) deps.push_back({static_cast<int>(deps.size()) - 1});
  int a = static_cast<int>(deps.size()) - 1;
  for (int d = 0; d < 65; ++d) {
    int decoy = static_cast<int>(deps.size());
    deps.push_back({});
    for (int k = 0; k < 3; ++k) deps.push_back({decoy});
  }
  int u = static_cast<int>(deps.size());
  deps.push_back({0, a});
  CHECK(transitive_reduction(deps)[u] == std::vector<int>{a});
  CHECK(transitive_reduction(deps, 3)[u] == std::vector<int>{0, a});
}
