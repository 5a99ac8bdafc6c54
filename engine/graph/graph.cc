// Graph storage and algorithms: topological order and cycles on a Boost.Graph adjacency list,
// transitive closure for -target (DOT output is in dot.cc).
#include "engine/graph/graph.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <map>
#include <queue>

#include "base/address_table.h"

namespace fedplan {

struct Graph::Index {
  AddrTable resources;  // resource node ids, by the address each node's instance holds
  std::map<ProviderAddr, int> providers;
};

Graph::Graph() : index_(std::make_unique<Index>()) {}
Graph::~Graph() = default;
Graph::Graph(Graph&&) noexcept = default;
Graph& Graph::operator=(Graph&&) noexcept = default;

int Graph::add_node(Node n) {
  int id = static_cast<int>(nodes_.size());
  if (n.kind == NodeKind::Provider) index_->providers[n.provider->addr] = id;
  nodes_.push_back(std::move(n));
  if (nodes_.back().kind == NodeKind::Resource) index_->resources.insert(id, resource_addr());
  dep_start_.push_back(deps_.size());
  rdep_start_.push_back(rdeps_.size());
  return id;
}

void Graph::add_edge(int from, int to) {
  if (from == to && nodes_[from].kind != NodeKind::Local && nodes_[from].kind != NodeKind::Output)
    return;  // a resource naming itself (e.g. in depends_on of its own module) is no edge
  added_.emplace_back(from, to);
}

void Graph::finalize() {
  // Counting sort into rows, both ways; edges already laid out stay.
  for (size_t from = 0; from < nodes_.size(); ++from)
    for (int to : dependencies(static_cast<int>(from)))
      added_.emplace_back(static_cast<int>(from), to);
  std::sort(added_.begin(), added_.end());
  added_.erase(std::unique(added_.begin(), added_.end()), added_.end());
  size_t n = nodes_.size();
  dep_start_.assign(n + 1, 0);
  rdep_start_.assign(n + 1, 0);
  for (const auto& [from, to] : added_) {
    ++dep_start_[from + 1];
    ++rdep_start_[to + 1];
  }
  for (size_t i = 0; i < n; ++i) {
    dep_start_[i + 1] += dep_start_[i];
    rdep_start_[i + 1] += rdep_start_[i];
  }
  deps_.assign(added_.size(), 0);
  rdeps_.assign(added_.size(), 0);
  std::vector<size_t> next_dep(dep_start_.begin(), dep_start_.end() - 1);
  std::vector<size_t> next_rdep(rdep_start_.begin(), rdep_start_.end() - 1);
  for (const auto& [from, to] : added_) {  // sorted by from: each row of rdeps_ ascends too
    deps_[next_dep[from]++] = to;
    rdeps_[next_rdep[to]++] = from;
  }
  added_ = {};
}

int Graph::find_resource(const InstanceAddr& addr) const {
  return index_->resources.find(addr, resource_addr());
}

int Graph::find_provider(const ProviderAddr& addr) const {
  auto it = index_->providers.find(addr);
  return it == index_->providers.end() ? -1 : it->second;
}

namespace {

using BGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

BGraph to_boost(const Graph& graph) {
  BGraph g(graph.nodes().size());
  for (size_t u = 0; u < graph.nodes().size(); ++u)
    for (int v : graph.dependencies(static_cast<int>(u)))
      boost::add_edge(u, static_cast<size_t>(v), g);
  return g;
}

}  // namespace

std::vector<int> Graph::topological_order() const {
  // Kahn's algorithm with a min-heap keeps ties in node order, so plans are stable.
  std::vector<int> pending(nodes_.size());
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (size_t n = 0; n < nodes_.size(); ++n) {
    pending[n] = static_cast<int>(dependencies(n).size());
    if (pending[n] == 0) ready.push(static_cast<int>(n));
  }
  std::vector<int> order;
  order.reserve(nodes_.size());
  while (!ready.empty()) {
    int n = ready.top();
    ready.pop();
    order.push_back(n);
    for (int d : dependents(n))
      if (--pending[d] == 0) ready.push(d);
  }
  return order;  // shorter than nodes_ when there is a cycle
}

bool Graph::check_acyclic(Diagnostics& diags) const {
  BGraph g = to_boost(*this);
  std::vector<int> component(nodes_.size());
  int count = boost::strong_components(g, &component[0]);
  std::vector<std::vector<int>> members(count);
  for (size_t n = 0; n < nodes_.size(); ++n) members[component[n]].push_back(static_cast<int>(n));
  bool ok = true;
  for (const auto& group : members) {
    std::span<const int> first = dependencies(group[0]);
    bool self_loop =
        group.size() == 1 && std::find(first.begin(), first.end(), group[0]) != first.end();
    if (group.size() < 2 && !self_loop) continue;
    ok = false;
    // Walk inside the component from its first node until we come back, to list it in order.
    int comp = component[group[0]];
    std::vector<int> path{group[0]};
    std::vector<int> seen(nodes_.size(), -1);
    seen[group[0]] = 0;
    int cur = group[0];
    while (true) {
      int next = -1;
      for (int d : dependencies(cur))
        if (component[d] == comp) {
          next = d;
          break;
        }
      if (next < 0) break;
      if (seen[next] >= 0) {
        path.erase(path.begin(), path.begin() + seen[next]);
        path.push_back(next);
        break;
      }
      seen[next] = static_cast<int>(path.size());
      path.push_back(next);
      cur = next;
    }
    // Start the listing at the first resource declared, so messages are stable and readable.
    path.pop_back();
    size_t start = 0;
    for (size_t i = 0; i < path.size(); ++i) {
      bool res = nodes_[path[i]].kind == NodeKind::Resource;
      bool best = nodes_[path[start]].kind == NodeKind::Resource;
      if ((res && !best) || (res == best && path[i] < path[start])) start = i;
    }
    std::rotate(path.begin(), path.begin() + static_cast<long>(start), path.end());
    path.push_back(path.front());
    std::string chain;
    for (size_t i = 0; i < path.size(); ++i) chain += (i ? " -> " : "") + nodes_[path[i]].label;
    diags.error("Dependency cycle",
                "Each of these depends on the next, so none can be planned first: " + chain +
                    ". Break the cycle by removing one of the references or depends_on entries.",
                nodes_[path[0]].span.empty() ? std::nullopt
                                             : std::optional<SourceRange>(nodes_[path[0]].span));
  }
  return ok;
}

std::vector<bool> Graph::closure(const std::vector<int>& roots) const {
  std::vector<bool> in(nodes_.size(), false);
  std::vector<int> stack(roots.begin(), roots.end());
  while (!stack.empty()) {
    int n = stack.back();
    stack.pop_back();
    if (in[n]) continue;
    in[n] = true;
    for (int d : dependencies(n)) stack.push_back(d);
  }
  return in;
}

}  // namespace fedplan
