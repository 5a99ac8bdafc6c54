// The DOT writer of `fedplan graph`: groups instances into drawn nodes, folds value nodes into
// edges, removes implied edges, nests modules as clusters and quotes every label.
#include "engine/graph/dot.h"

#include <algorithm>
#include <cstdint>
#include <queue>
#include <sstream>

#include "base/quote.h"

namespace fedplan {

std::vector<std::vector<int>> transitive_reduction(std::vector<std::vector<int>> deps,
                                                   size_t budget) {
  size_t n = deps.size();
  std::vector<std::vector<int>> rdeps(n);
  std::vector<size_t> pending(n);
  for (size_t u = 0; u < n; ++u) {
    std::sort(deps[u].begin(), deps[u].end());
    deps[u].erase(std::unique(deps[u].begin(), deps[u].end()), deps[u].end());
    for (int v : deps[u]) rdeps[v].push_back(static_cast<int>(u));
    pending[u] = deps[u].size();
  }
  // Positions in an order where dependencies come first (Kahn's algorithm). Ties go to the
  // lowest number, so nodes stay near the ones declared with them and the windows below stay
  // short (a last-in-first-out order made the 100k-instance graph quadratic).
  std::vector<int> pos(n, -1);
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (size_t u = 0; u < n; ++u)
    if (pending[u] == 0) ready.push(static_cast<int>(u));
  int next = 0;
  while (!ready.empty()) {
    int u = ready.top();
    ready.pop();
    pos[u] = next++;
    for (int d : rdeps[u])
      if (--pending[d] == 0) ready.push(d);
  }
  if (static_cast<size_t>(next) < n) return deps;  // a cycle: no unique reduction
  // Hubs: the 64 nodes most depended on (providers, a cluster's namespace). Which hubs each
  // node reaches is a 64-bit mask, so a dependency on a hub, usually far back in the order, is
  // decided without a search.
  std::vector<int> order(n), hub(n, -1);
  for (size_t u = 0; u < n; ++u) order[pos[u]] = static_cast<int>(u);
  std::vector<int> by_dependents(n);
  for (size_t u = 0; u < n; ++u) by_dependents[u] = static_cast<int>(u);
  size_t hubs = std::min<size_t>(64, n);
  std::partial_sort(by_dependents.begin(), by_dependents.begin() + static_cast<long>(hubs),
                    by_dependents.end(), [&](int a, int b) {
                      return rdeps[a].size() != rdeps[b].size() ? rdeps[a].size() > rdeps[b].size()
                                                                : a < b;
                    });
  for (size_t h = 0; h < hubs; ++h)
    if (rdeps[by_dependents[h]].size() >= 2) hub[by_dependents[h]] = static_cast<int>(h);
  auto bit = [&](int v) { return hub[v] < 0 ? uint64_t{0} : uint64_t{1} << hub[v]; };
  std::vector<uint64_t> reaches_hubs(n, 0);
  for (int u : order)
    for (int c : deps[u]) reaches_hubs[u] |= reaches_hubs[c] | bit(c);
  // For each node, its other dependencies nearest first: one that a nearer one reaches is
  // implied. A path to dependency c only passes through nodes placed after c, so the search
  // stays in the window between a node and its farthest dependency that is not a hub. A search
  // that passes `budget` nodes stops, and the dependencies it has not reached are kept.
  std::vector<int> mark(n, -1), stack, by_pos, kept;
  for (size_t u = 0; u < n; ++u) {
    if (deps[u].size() < 2) continue;
    by_pos = deps[u];
    std::sort(by_pos.begin(), by_pos.end(), [&](int a, int b) { return pos[a] > pos[b]; });
    int lo = static_cast<int>(n);
    uint64_t hubs_reached = 0;
    for (int c : by_pos) {
      if (hub[c] < 0) lo = std::min(lo, pos[c]);
      hubs_reached |= reaches_hubs[c];
    }
    size_t visited = 0;
    kept.clear();
    for (int c : by_pos) {
      if (mark[c] == static_cast<int>(u) || (bit(c) & hubs_reached)) continue;
      kept.push_back(c);
      if (pos[c] <= lo || visited > budget) continue;  // reaches no other non-hub dependency
      stack.push_back(c);
      while (!stack.empty() && visited <= budget) {
        int x = stack.back();
        stack.pop_back();
        // Rows already reduced reach what the full rows reach.
        for (int d : deps[x])
          if (pos[d] >= lo && mark[d] != static_cast<int>(u)) {
            mark[d] = static_cast<int>(u);
            stack.push_back(d);
            ++visited;
          }
      }
      stack.clear();
    }
    std::sort(kept.begin(), kept.end());
    deps[u] = kept;
  }
  return deps;
}

namespace {

// One drawn node: a resource (all its instances, or one), a provider, or a planned deletion
// the graph has no node for.
struct DrawnNode {
  ModulePath module;  // the cluster it is drawn in
  std::string label, tooltip;
  bool provider = false;
  int instances = 0;
  bool keyed = false;  // from count or for_each
  const DotMark* mark = nullptr;
};

std::string provider_label(const ProviderAddr& addr) {
  return "provider[" + addr.type + (addr.alias.empty() ? "" : "." + addr.alias) +
         addr.key.to_string() + "]";
}

// Assigns instances to drawn nodes, by resource or one each.
class Grouping {
 public:
  explicit Grouping(bool instances) : instances_(instances) {}

  int resource(const InstanceAddr& addr) {
    if (!instances_) {
      auto [it, fresh] = by_resource_.emplace(addr.resource, static_cast<int>(nodes.size()));
      if (fresh)
        nodes.push_back(
            {addr.resource.module, addr.resource.local_string(), addr.resource.to_string()});
      DrawnNode& d = nodes[it->second];
      ++d.instances;
      d.keyed |= !addr.key.empty();
      return it->second;
    }
    auto [it, fresh] = by_instance_.emplace(addr, static_cast<int>(nodes.size()));
    if (fresh)
      nodes.push_back({addr.resource.module, addr.resource.local_string() + addr.key.to_string(),
                       addr.to_string(), false, 1});
    return it->second;
  }

  std::vector<DrawnNode> nodes;

 private:
  bool instances_;
  std::map<ResourceAddr, int> by_resource_;
  std::map<InstanceAddr, int> by_instance_;
};

// Opens and closes nested `subgraph cluster_N` blocks as the module paths go by in order.
class Clusters {
 public:
  explicit Clusters(std::ostringstream& out) : out_(out) {}

  void enter(const ModulePath& path) {
    size_t common = 0;
    while (common < open_.steps.size() && common < path.steps.size() &&
           open_.steps[common] == path.steps[common])
      ++common;
    for (size_t i = open_.steps.size(); i > common; --i) out_ << indent(i) << "}\n";
    for (size_t i = common; i < path.steps.size(); ++i) {
      const ModuleStep& s = path.steps[i];
      ModulePath prefix{{path.steps.begin(), path.steps.begin() + static_cast<long>(i) + 1}};
      out_ << indent(i + 1) << "subgraph cluster_" << next_++ << " {\n"
           << indent(i + 2) << "label = " << quote("module." + s.name + s.key.to_string()) << "\n"
           << indent(i + 2) << "tooltip = " << quote(prefix.to_string()) << "\n";
    }
    open_ = path;
  }
  std::string indent(size_t depth) const { return std::string(2 * depth, ' '); }
  size_t depth() const { return open_.steps.size(); }

 private:
  std::ostringstream& out_;
  ModulePath open_;
  int next_ = 0;
};

void write_node(std::ostringstream& out, const std::string& indent, int id, const DrawnNode& d) {
  std::string label = d.label;
  if (d.keyed)
    label += "\n" + std::to_string(d.instances) + (d.instances == 1 ? " instance" : " instances");
  std::string tooltip = d.tooltip + (d.mark ? ": " + d.mark->action : "");
  out << indent << "n" << id << " [label = " << quote(label) << ", tooltip = " << quote(tooltip);
  if (d.provider) out << ", shape = \"diamond\"";
  if (d.mark) out << ", style = \"filled\", fillcolor = " << quote(d.mark->colour);
  out << "]\n";
}

void write_legend(std::ostringstream& out, const std::map<InstanceAddr, DotMark>& marks) {
  std::map<int, const DotMark*> used;
  for (const auto& [addr, mark] : marks) used.emplace(mark.weight, &mark);
  if (used.empty()) return;
  out << "  subgraph cluster_legend {\n    label = \"plan\"\n";
  int i = 0;
  for (const auto& [weight, mark] : used)
    out << "    legend_" << i++ << " [label = " << quote(mark->action)
        << ", style = \"filled\", fillcolor = " << quote(mark->colour) << "]\n";
  out << "  }\n";
}

}  // namespace

std::string write_dot(const Graph& graph, const DotOptions& options) {
  const std::vector<Node>& nodes = graph.nodes();
  Grouping grouping(options.instances);
  std::vector<int> group(nodes.size(), -1);
  for (size_t n = 0; n < nodes.size(); ++n) {
    const Node& node = nodes[n];
    if (node.kind == NodeKind::Resource) {
      group[n] = grouping.resource(node.resource->addr);
    } else if (node.kind == NodeKind::Provider) {
      group[n] = static_cast<int>(grouping.nodes.size());
      grouping.nodes.push_back(
          {node.provider->addr.module, provider_label(node.provider->addr), node.label, true});
    }
  }
  for (const auto& [addr, mark] : options.marks) {
    int n = graph.find_resource(addr);
    DrawnNode& d = grouping.nodes[n >= 0 ? group[n] : grouping.resource(addr)];
    if (!d.mark || mark.weight > d.mark->weight) d.mark = &mark;
  }
  // Fold value nodes away: each work node depends on the work nodes it reaches through them.
  std::vector<std::vector<int>> deps(grouping.nodes.size());
  std::vector<int> seen(nodes.size(), -1), stack;
  for (size_t n = 0; n < nodes.size(); ++n) {
    if (group[n] < 0) continue;
    stack.assign(graph.dependencies(n).begin(), graph.dependencies(n).end());
    while (!stack.empty()) {
      int d = stack.back();
      stack.pop_back();
      if (seen[d] == static_cast<int>(n)) continue;
      seen[d] = static_cast<int>(n);
      if (group[d] < 0)
        stack.insert(stack.end(), graph.dependencies(d).begin(), graph.dependencies(d).end());
      else if (group[d] != group[n])
        deps[group[n]].push_back(group[d]);
    }
  }
  deps = transitive_reduction(std::move(deps));

  std::ostringstream out;
  out << "digraph fedplan {\n  rankdir = \"LR\"\n  node [shape = \"box\"]\n";
  std::map<ModulePath, std::vector<int>> by_module;
  for (size_t g = 0; g < grouping.nodes.size(); ++g)
    by_module[grouping.nodes[g].module].push_back(static_cast<int>(g));
  Clusters clusters(out);
  for (const auto& [path, members] : by_module) {
    clusters.enter(path);
    for (int g : members)
      write_node(out, clusters.indent(clusters.depth() + 1), g, grouping.nodes[g]);
  }
  clusters.enter(ModulePath{});
  write_legend(out, options.marks);
  // u depends on v: v comes first, except that a destroy deletes u before v (providers are
  // still configured first).
  for (size_t u = 0; u < deps.size(); ++u)
    for (int v : deps[u]) {
      bool reverse = options.destroy && !grouping.nodes[v].provider;
      int from = reverse ? static_cast<int>(u) : v;
      int to = reverse ? v : static_cast<int>(u);
      out << "  n" << from << " -> n" << to << "\n";
    }
  out << "}\n";
  return out.str();
}

}  // namespace fedplan
