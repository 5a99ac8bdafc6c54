// Recorded dependencies: the resource instances each instance depends on, reached through
// value nodes, with a whole resource named once when every one of its instances is reached.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/graph/graph.h"

namespace fedplan {

// What the state and the plan record as an instance's dependencies, for every resource node
// of one graph. Each value node is folded once (memoized), so asking for every resource is
// linear in nodes + edges, and a reference to a whole resource (`null_resource.a[*].id`)
// costs one address, not one per instance.
class ResourceDependencies {
 public:
  ResourceDependencies(const Graph& graph, const Instances& instances);

  // The printed addresses `node` depends on, sorted: instances (`a.b[1]`) and whole
  // resources (`module.m.a.b`).
  std::vector<std::string> of(int node);

 private:
  // An item of a folded set: a resource node id (>= 0), or a whole resource -(group + 1).
  using Atom = int;

  const std::vector<Atom>& folded(int node);
  void add(int dep, std::vector<Atom>& out);
  std::vector<Atom> compress(std::vector<Atom> atoms) const;

  const Graph& graph_;
  std::vector<int> group_;                              // per node: its resource's group, or -1
  std::vector<size_t> group_size_;                      // instances per group
  std::vector<std::string> group_name_;                 // the resource address per group
  std::vector<std::optional<std::vector<Atom>>> memo_;  // per value node
};

}  // namespace fedplan
