// Recorded dependencies: the resource instances each instance depends on, reached through
// value nodes, with a whole resource named once when every one of its instances is reached;
// the other way, the listed instances a recorded dependency names; and the order deletes run in.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/address_hash.h"
#include "engine/graph/graph.h"
#include "engine/plan/plan.h"
#include "state/state.h"

namespace fedplan {

// What the state and the plan record as an instance's dependencies, for every resource node
// of one graph. Each value node is folded once (memoized), so asking for every resource is
// linear in nodes + edges, and a reference to a whole resource (`null_resource.a[*].id`)
// costs one address, not one per instance.
class ResourceDependencies {
 public:
  ResourceDependencies(const Graph& graph, const Instances& instances);

  // What `node` depends on: instances (`a.b[1]`) and whole resources (`module.m.a.b`, an
  // address without a key), sorted as printed.
  std::vector<InstanceAddr> of(int node);

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
  std::vector<const ResourceAddr*> group_addr_;         // the same, as an address
  std::vector<std::optional<std::vector<Atom>>> memo_;  // per value node
};

// A list of instance addresses (a plan's changes, say) indexed for recorded dependencies: an
// address with a key finds the entries at that instance, one without a key every entry of
// its resource.
class DependencyIndex {
 public:
  explicit DependencyIndex(const std::vector<const InstanceAddr*>& addrs);

  // The positions in the list that `dep` names, in list order.
  std::span<const int> find(const InstanceAddr& dep) const;

 private:
  std::unordered_map<InstanceAddr, std::vector<int>, InstanceAddrHash> by_addr_;
};

// Orders the addresses so that each comes before everything it depends on (per the state's
// recorded dependencies): the order deletes must run in.
std::vector<InstanceAddr> destroy_order(const State& state, const std::vector<InstanceAddr>& addrs);

// Puts a destroy plan's changes in destroy_order: deletes run in reverse dependency order.
void sort_for_destroy(const State& state, std::vector<ResourceChange>& changes);

}  // namespace fedplan
