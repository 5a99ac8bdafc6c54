// Graph: the dependency DAG of one configuration's instances, built from references,
// depends_on, provider use and module boundaries. Boost.Graph stays inside graph.cc.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/config/instances.h"
#include "engine/support/diagnostics.h"

namespace fedplan {

enum class NodeKind : uint8_t { Variable, Local, Output, Provider, Resource };

// One vertex. Value nodes (variable, local, output) carry dependencies through; resource
// and provider nodes are where the planner and applier do work.
struct Node {
  NodeKind kind = NodeKind::Resource;
  const ModuleInstance* module = nullptr;
  std::string name;                            // variable, local or output name
  const ResourceInstance* resource = nullptr;  // Resource nodes
  const ProviderInstance* provider = nullptr;  // Provider nodes
  std::string label;                           // the address, for DOT and cycle messages
  Span span;
};

// The DAG. An edge u -> v means u depends on v (v happens first).
class Graph {
 public:
  Graph();
  ~Graph();
  Graph(Graph&&) noexcept;
  Graph& operator=(Graph&&) noexcept;

  const std::vector<Node>& nodes() const { return nodes_; }
  // What node `n` depends on, and what depends on it.
  const std::vector<int>& dependencies(int n) const { return deps_[n]; }
  const std::vector<int>& dependents(int n) const { return rdeps_[n]; }
  size_t edge_count() const { return edges_; }

  // The node of a resource instance, or -1.
  int find_resource(const InstanceAddr& addr) const;
  int find_provider(const ProviderAddr& addr) const;

  // Every node in an order where dependencies come first (stable: ties keep node order).
  std::vector<int> topological_order() const;
  // Adds each cycle as an error listing the addresses around it in order; true if none.
  bool check_acyclic(Diagnostics& diags) const;
  // The nodes `roots` depend on, transitively, roots included.
  std::vector<bool> closure(const std::vector<int>& roots) const;

  // Graphviz DOT of the resource and provider nodes (value nodes are folded away) — with
  // `destroy`, edges are reversed as a destroy walk would take them.
  std::string to_dot(bool destroy) const;

  int add_node(Node n);
  void add_edge(int from, int to);  // from depends on to; duplicates are ignored

 private:
  std::vector<Node> nodes_;
  std::vector<std::vector<int>> deps_;
  std::vector<std::vector<int>> rdeps_;
  size_t edges_ = 0;
  struct Index;
  std::unique_ptr<Index> index_;
};

// Builds the graph of `instances` (expanded from `config`). Reference targets that do not
// exist were reported by the config checks and are skipped here.
Graph build_graph(const Config& config, const Instances& instances, Diagnostics& diags);

}  // namespace fedplan
