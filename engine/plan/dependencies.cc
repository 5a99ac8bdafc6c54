// Folding value nodes into the resource instances behind them, once per value node, and
// compressing a complete set of a resource's instances into the resource's address; deletes
// ordered by recorded dependencies.
#include "engine/plan/dependencies.h"

#include <algorithm>
#include <cstdint>

namespace fedplan {

ResourceDependencies::ResourceDependencies(const Graph& graph, const Instances& instances)
    : graph_(graph), group_(graph.nodes().size(), -1), memo_(graph.nodes().size()) {
  std::map<ResourceAddr, int> groups;
  for (size_t n = 0; n < graph.nodes().size(); ++n) {
    const Node& node = graph.nodes()[n];
    if (node.kind != NodeKind::Resource) continue;
    const ResourceAddr& addr = node.resource->addr.resource;
    auto [it, added] = groups.emplace(addr, static_cast<int>(group_name_.size()));
    if (added) {
      auto keys = instances.keys.find(addr);
      group_size_.push_back(keys == instances.keys.end() ? 0 : keys->second.keys.size());
      group_name_.push_back(addr.to_string());
      group_addr_.push_back(&addr);
    }
    group_[n] = it->second;
  }
}

void ResourceDependencies::add(int dep, std::vector<Atom>& out) {
  const Node& d = graph_.nodes()[dep];
  if (d.kind == NodeKind::Resource) {
    out.push_back(dep);
  } else if (d.kind != NodeKind::Provider) {
    const std::vector<Atom>& f = folded(dep);
    out.insert(out.end(), f.begin(), f.end());
  }
}

const std::vector<ResourceDependencies::Atom>& ResourceDependencies::folded(int node) {
  if (memo_[node]) return *memo_[node];
  memo_[node].emplace();  // empty while in progress: a cycle adds nothing
  std::vector<Atom> out;
  for (int dep : graph_.dependencies(node)) add(dep, out);
  memo_[node] = compress(std::move(out));
  return *memo_[node];
}

std::vector<ResourceDependencies::Atom> ResourceDependencies::compress(
    std::vector<Atom> atoms) const {
  std::sort(atoms.begin(), atoms.end());
  atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
  // Per group present: instances seen, or SIZE_MAX once the whole resource is in.
  std::map<int, size_t> groups;
  bool changed = false;
  for (Atom a : atoms) {
    if (a < 0) {
      groups[-a - 1] = SIZE_MAX;
      changed = true;
      continue;
    }
    size_t& seen = groups[group_[a]];
    if (seen != SIZE_MAX && ++seen == group_size_[group_[a]]) {
      seen = SIZE_MAX;
      changed = true;
    }
  }
  if (!changed) return atoms;
  std::vector<Atom> out;
  for (auto it = groups.rbegin(); it != groups.rend(); ++it)
    if (it->second == SIZE_MAX) out.push_back(-it->first - 1);  // ascending atoms
  for (Atom a : atoms)
    if (a >= 0 && groups[group_[a]] != SIZE_MAX) out.push_back(a);
  return out;
}

std::vector<InstanceAddr> ResourceDependencies::of(int node) {
  std::vector<Atom> atoms;
  for (int dep : graph_.dependencies(node)) add(dep, atoms);
  // Sorted as printed, which is the order the state and plan files have always listed them in.
  std::vector<std::pair<const std::string*, Atom>> named;
  for (Atom a : compress(std::move(atoms)))
    named.emplace_back(a < 0 ? &group_name_[-a - 1] : &graph_.nodes()[a].label, a);
  std::sort(named.begin(), named.end(),
            [](const auto& x, const auto& y) { return *x.first < *y.first; });
  std::vector<InstanceAddr> out;
  out.reserve(named.size());
  const std::string* last = nullptr;
  for (const auto& [name, a] : named) {
    if (last && *last == *name) continue;
    last = name;
    if (a < 0)
      out.push_back(InstanceAddr{*group_addr_[-a - 1], {}});
    else
      out.push_back(graph_.nodes()[a].resource->addr);
  }
  return out;
}

DependencyIndex::DependencyIndex(const std::vector<const InstanceAddr*>& addrs) {
  by_addr_.reserve(addrs.size());
  for (size_t i = 0; i < addrs.size(); ++i) {
    const InstanceAddr& a = *addrs[i];
    by_addr_[a].push_back(static_cast<int>(i));
    if (!a.key.empty()) by_addr_[InstanceAddr{a.resource, {}}].push_back(static_cast<int>(i));
  }
}

std::span<const int> DependencyIndex::find(const InstanceAddr& dep) const {
  auto it = by_addr_.find(dep);
  if (it == by_addr_.end()) return {};
  return it->second;
}

std::vector<InstanceAddr> destroy_order(const State& state,
                                        const std::vector<InstanceAddr>& addrs) {
  // Kahn over the recorded dependencies, reversed: an instance goes after everything that
  // depends on it. Dependencies may name a whole resource ("a.b") or one instance.
  std::vector<const InstanceAddr*> listed;
  for (const InstanceAddr& a : addrs) listed.push_back(&a);
  DependencyIndex index(listed);
  std::vector<std::vector<size_t>> then(addrs.size());  // deleted once i is gone
  std::vector<int> pending(addrs.size(), 0);
  for (size_t i = 0; i < addrs.size(); ++i) {
    const InstanceState* s = state.find(addrs[i]);
    if (!s) continue;
    for (const InstanceAddr& dep : s->dependencies) {
      for (int k : index.find(dep)) {
        size_t j = static_cast<size_t>(k);
        if (j == i) continue;
        then[i].push_back(j);  // j (the dependency) is deleted after i
        ++pending[j];
      }
    }
  }
  std::vector<InstanceAddr> out;
  std::vector<size_t> ready;
  for (size_t i = addrs.size(); i-- > 0;)
    if (pending[i] == 0) ready.push_back(i);
  while (!ready.empty()) {
    size_t i = ready.back();
    ready.pop_back();
    out.push_back(addrs[i]);
    for (size_t j : then[i])
      if (--pending[j] == 0) ready.push_back(j);
  }
  // Anything left is in a recorded cycle: delete it last, in address order.
  for (size_t i = 0; i < addrs.size(); ++i)
    if (pending[i] > 0) out.push_back(addrs[i]);
  return out;
}

void sort_for_destroy(const State& state, std::vector<ResourceChange>& changes) {
  std::vector<InstanceAddr> addrs;
  for (const ResourceChange& c : changes) addrs.push_back(c.addr);
  std::vector<InstanceAddr> order = destroy_order(state, addrs);
  std::map<InstanceAddr, ResourceChange> by_addr;
  for (ResourceChange& c : changes) by_addr.emplace(c.addr, std::move(c));
  changes.clear();
  for (const InstanceAddr& a : order) changes.push_back(std::move(by_addr.at(a)));
}

}  // namespace fedplan
