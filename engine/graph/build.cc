// Building the graph: one node per variable, local, output, provider configuration and
// resource instance; edges from the references in each one's expressions, in one pass.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "engine/graph/graph.h"
#include "engine/lang/references.h"

namespace fedplan {

namespace {

struct Builder {
  const Instances& instances;
  Graph& g;

  // (module instance, kind, name) -> node, for value nodes.
  std::map<std::tuple<const ModuleInstance*, NodeKind, std::string>, int> values;
  // Resource block in a module instance -> its instance nodes (with their keys).
  std::map<ResourceAddr, std::vector<std::pair<InstanceKey, int>>> resources;
  // Module instance -> child module instances by call name.
  std::map<const ModuleInstance*, std::map<std::string, std::vector<const ModuleInstance*>>> kids;
  // Module instance -> every resource node inside it (its subtree), built lazily.
  std::map<const ModuleInstance*, std::vector<int>> subtree;

  std::string prefixed(const ModuleInstance& mi, const std::string& local) {
    std::string p = mi.path.to_string();
    return p.empty() ? local : p + "." + local;
  }

  int value(const ModuleInstance* mi, NodeKind kind, const std::string& name) {
    auto it = values.find({mi, kind, name});
    return it == values.end() ? -1 : it->second;
  }

  void add_values() {
    for (const auto& mptr : instances.modules) {
      const ModuleInstance& mi = *mptr;
      if (mi.parent) kids[mi.parent][mi.call->name].push_back(&mi);
      for (const auto& [name, v] : mi.module->variables)
        values[{&mi, NodeKind::Variable, name}] = g.add_node(Node{
            NodeKind::Variable, &mi, name, nullptr, nullptr, prefixed(mi, "var." + name), v.span});
      for (const auto& [name, l] : mi.module->locals)
        values[{&mi, NodeKind::Local, name}] = g.add_node(Node{
            NodeKind::Local, &mi, name, nullptr, nullptr, prefixed(mi, "local." + name), l.span});
      for (const auto& [name, o] : mi.module->outputs)
        values[{&mi, NodeKind::Output, name}] = g.add_node(Node{
            NodeKind::Output, &mi, name, nullptr, nullptr, prefixed(mi, "output." + name), o.span});
    }
    for (const auto& [addr, pi] : instances.providers) {
      Span span = pi.config ? pi.config->span : Span{};
      g.add_node(Node{NodeKind::Provider, pi.module, "", nullptr, &pi,
                      "provider[" + addr.to_string() + "]", span});
    }
    for (const ResourceInstance& ri : instances.resources) {
      int id = g.add_node(Node{NodeKind::Resource, ri.module, "", &ri, nullptr, ri.addr.to_string(),
                               ri.resource->span});
      resources[ri.addr.resource].emplace_back(ri.addr.key, id);
    }
  }

  const std::vector<int>& resources_below(const ModuleInstance* mi) {
    auto it = subtree.find(mi);
    if (it != subtree.end()) return it->second;
    std::vector<int> out;
    for (const auto& [addr, list] : resources)
      if (mi->path.contains(addr.module))
        for (const auto& [key, id] : list) out.push_back(id);
    return subtree[mi] = std::move(out);
  }

  // The nodes that traversal `t`, written in module instance `mi`, refers to.
  void targets(const ModuleInstance& mi, const Traversal& t, bool depends_on,
               std::vector<int>& out) {
    auto attr = [&](size_t i) {
      return t.steps.size() > i && t.steps[i].kind == TraversalStep::Kind::Attr;
    };
    auto push = [&](int n) {
      if (n >= 0) out.push_back(n);
    };
    if (t.root == "var" && attr(0)) return push(value(&mi, NodeKind::Variable, t.steps[0].name));
    if (t.root == "local" && attr(0)) return push(value(&mi, NodeKind::Local, t.steps[0].name));
    if (t.root == "each" || t.root == "count" || t.root == "path") return;
    if (t.root == "module" && attr(0)) {
      auto p = kids.find(&mi);
      if (p == kids.end()) return;
      auto c = p->second.find(t.steps[0].name);
      if (c == p->second.end()) return;
      size_t out_step = attr(1) ? 1 : (t.steps.size() > 1 && attr(2) ? 2 : 0);
      for (const ModuleInstance* child : c->second) {
        if (depends_on) {
          for (int n : resources_below(child)) out.push_back(n);
          continue;
        }
        if (out_step) {
          push(value(child, NodeKind::Output, t.steps[out_step].name));
        } else {
          for (const auto& [name, o] : child->module->outputs)
            push(value(child, NodeKind::Output, name));
        }
      }
      return;
    }
    ResourceAddr addr{mi.path, ResourceMode::Managed, t.root, ""};
    size_t key_step = 1;
    if (t.root == "data") {
      if (!attr(0) || !attr(1)) return;
      addr.mode = ResourceMode::Data;
      addr.type = t.steps[0].name;
      addr.name = t.steps[1].name;
      key_step = 2;
    } else {
      if (!attr(0)) return;
      addr.name = t.steps[0].name;
    }
    auto it = resources.find(addr);
    if (it == resources.end()) return;
    // A literal key narrows the dependency to that one instance.
    if (t.steps.size() > key_step && t.steps[key_step].kind == TraversalStep::Kind::Index) {
      const Value& k = t.steps[key_step].key;
      for (const auto& [key, id] : it->second) {
        bool match = (k.kind() == ValueKind::String && key.kind == InstanceKey::Kind::String &&
                      key.key == k.as_string()) ||
                     (k.kind() == ValueKind::Number && key.kind == InstanceKey::Kind::Int &&
                      static_cast<double>(key.index) == k.as_number());
        if (match) return push(id);
      }
    }
    for (const auto& [key, id] : it->second) out.push_back(id);
  }

  void expr(const ModuleInstance& mi, const ExprPtr& e, std::vector<int>& out) {
    if (!e) return;
    for (const Traversal& t : references(*e)) targets(mi, t, false, out);
  }

  void body(const ModuleInstance& mi, const Body& b, std::vector<int>& out) {
    for (const Attribute& a : b.attributes) expr(mi, a.expr, out);
    for (const Block& nb : b.blocks) body(mi, nb.body, out);
  }

  void depends_on(const ModuleInstance& mi, const std::vector<Traversal>& deps,
                  std::vector<int>& out) {
    for (const Traversal& t : deps) targets(mi, t, true, out);
  }

  void link(int from, std::vector<int>& to) {
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
    for (int t : to) g.add_edge(from, t);
    to.clear();
  }

  void add_edges() {
    std::vector<int> to;
    for (size_t n = 0; n < g.nodes().size(); ++n) {
      const Node& node = g.nodes()[n];
      const ModuleInstance& mi = *node.module;
      switch (node.kind) {
        case NodeKind::Variable:
          if (mi.call)
            for (const Attribute* a : mi.call->inputs)
              if (a->name == node.name) expr(*mi.parent, a->expr, to);
          break;
        case NodeKind::Local:
          expr(mi, mi.module->locals.at(node.name).expr, to);
          break;
        case NodeKind::Output: {
          const Output& o = mi.module->outputs.at(node.name);
          expr(mi, o.value, to);
          depends_on(mi, o.depends_on, to);
          break;
        }
        case NodeKind::Provider:
          if (node.provider->config) body(mi, *node.provider->config->body, to);
          break;
        case NodeKind::Resource: {
          const Resource& r = *node.resource->resource;
          for (const Attribute* a : r.attributes) expr(mi, a->expr, to);
          for (const Block* b : r.blocks) body(mi, b->body, to);
          expr(mi, r.count, to);
          expr(mi, r.for_each, to);
          depends_on(mi, r.depends_on, to);
          // depends_on of every enclosing module call applies to everything inside it.
          for (const ModuleInstance* m = &mi; m->call; m = m->parent) {
            depends_on(*m->parent, m->call->depends_on, to);
            expr(*m->parent, m->call->count, to);
            expr(*m->parent, m->call->for_each, to);
          }
          int p = g.find_provider(node.resource->provider);
          if (p >= 0) to.push_back(p);
          break;
        }
      }
      link(static_cast<int>(n), to);
    }
  }
};

}  // namespace

Graph build_graph(const Config& config, const Instances& instances, Diagnostics& diags) {
  (void)config;
  Graph g;
  Builder b{instances, g, {}, {}, {}, {}};
  b.add_values();
  b.add_edges();
  g.check_acyclic(diags);
  return g;
}

}  // namespace fedplan
