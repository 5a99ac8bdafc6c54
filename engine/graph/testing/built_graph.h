// A graph built from configuration files written into a temporary directory, for the tests
// of engine/graph (graph_test.cc, dot_test.cc).
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/testing/temp_dir.h"
#include "engine/config/evaluator.h"
#include "engine/config/loader.h"
#include "engine/graph/graph.h"

namespace fedplan::testing {

// Write files with dir.write(), then build(); providers "null" and "kube" are known.
struct BuiltGraph {
  TempDir dir;
  Config config;
  Instances instances;
  Graph graph;
  Diagnostics diags;

  void build(const std::string& root = "") {
    config = load_config(root.empty() ? dir.path() : dir / root, {{"null", "kube"}}, diags);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, &config.sources));
    InputValues inputs;
    ConfigEvaluator e(config, inputs, nullptr, {});
    REQUIRE(e.expand(&instances, diags));
    graph = build_graph(config, instances, diags);
  }
  std::vector<std::string> deps_of(const std::string& addr) {
    std::string err;
    int n = graph.find_resource(*parse_instance(addr, &err));
    REQUIRE(n >= 0);
    // Follow value nodes to the resources they lead to.
    std::vector<std::string> out;
    std::vector<bool> in = graph.closure({n});
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i] && static_cast<int>(i) != n && graph.nodes()[i].kind == NodeKind::Resource)
        out.push_back(graph.nodes()[i].label);
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace fedplan::testing
