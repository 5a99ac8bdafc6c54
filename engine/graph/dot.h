// Graphviz DOT of a dependency graph for `fedplan graph`: resources (instances collapsed or
// not) and providers, modules as clusters, implied edges removed, optional plan colours.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/graph/graph.h"

namespace fedplan {

// A mark on one instance, from a plan: how to fill its node. When a node stands for several
// instances it takes the mark with the highest weight (the most drastic action).
struct DotMark {
  int weight = 0;
  std::string colour;  // a Graphviz colour ("#33aa33" or a name)
  std::string action;  // shown in the tooltip and the legend ("create")
};

// How to draw the graph.
struct DotOptions {
  bool destroy = false;    // arrows in the order a destroy walk takes
  bool instances = false;  // one node per instance instead of one per resource
  // Marks by instance; an instance the graph lacks (a deletion of a removed block) is drawn
  // as a node of its own, without edges.
  std::map<InstanceAddr, DotMark> marks;
};

// The graph as DOT, arrows from what happens first to what happens next. Value nodes
// (variables, locals, outputs) are folded into the edges they carry.
std::string write_dot(const Graph& graph, const DotOptions& options);

// Edges of a DAG given as rows (`deps[u]`: the nodes u depends on) without those implied by a
// path through other nodes: the transitive reduction, as long as the search for one node's
// implied edges passes at most `budget` nodes (past that, the edges not yet found implied stay,
// so reachability never changes). A graph with a cycle is returned as it is. Each row comes
// back in ascending order.
std::vector<std::vector<int>> transitive_reduction(std::vector<std::vector<int>> deps,
                                                   size_t budget = 1 << 16);

}  // namespace fedplan
