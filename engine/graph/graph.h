// Graph: the dependency DAG of one configuration's instances, built from references,
// depends_on, provider use and module boundaries. Boost.Graph stays inside graph.cc.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "engine/config/instances.h"

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

// The DAG. An edge u -> v means u depends on v (v happens first). Edges are kept in two
// flat arrays (compressed rows, both directions) once finalize() has run.
class Graph {
 public:
  Graph();
  ~Graph();
  Graph(Graph&&) noexcept;
  Graph& operator=(Graph&&) noexcept;

  const std::vector<Node>& nodes() const { return nodes_; }
  // What node `n` depends on, and what depends on it, each in ascending node order.
  std::span<const int> dependencies(int n) const {
    return {deps_.data() + dep_start_[n], deps_.data() + dep_start_[n + 1]};
  }
  std::span<const int> dependents(int n) const {
    return {rdeps_.data() + rdep_start_[n], rdeps_.data() + rdep_start_[n + 1]};
  }
  size_t edge_count() const { return deps_.size(); }

  // The node of a resource instance, or -1.
  int find_resource(const InstanceAddr& addr) const;
  int find_provider(const ProviderAddr& addr) const;

  // Every node in an order where dependencies come first (stable: ties keep node order).
  std::vector<int> topological_order() const;
  // Adds each cycle as an error listing the addresses around it in order; true if none.
  bool check_acyclic(Diagnostics& diags) const;
  // The nodes `roots` depend on, transitively, roots included.
  std::vector<bool> closure(const std::vector<int>& roots) const;

  int add_node(Node n);
  void add_edge(int from, int to);  // from depends on to; duplicates are ignored
  // Lays the edges added so far out for the queries above; call after the last add_edge.
  void finalize();

 private:
  std::vector<Node> nodes_;
  std::vector<std::pair<int, int>> added_;            // (from, to) until finalize()
  std::vector<int> deps_, rdeps_;                     // targets, row by row
  std::vector<size_t> dep_start_{0}, rdep_start_{0};  // row n is [start[n], start[n + 1])
  struct Index;
  std::unique_ptr<Index> index_;
  // Reads a resource node's address, for the index.
  auto resource_addr() const {
    return [this](int id) -> const InstanceAddr& { return nodes_[id].resource->addr; };
  }
};

// Builds the graph of `instances` (expanded from `config`). Reference targets that do not
// exist were reported by the config checks and are skipped here.
Graph build_graph(const Config& config, const Instances& instances, Diagnostics& diags);

}  // namespace fedplan
