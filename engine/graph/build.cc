// Building the graph: one node per variable, local, output, provider configuration and
// resource instance; edges from the references in each one's expressions, in one pass.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "engine/graph/graph.h"
#include "lang/eval.h"
#include "lang/references.h"

namespace fedplan {

namespace {

// The instance nodes of one resource block in one module instance, in key order.
struct ResourceNodes {
  const ResourceKeys* keys = nullptr;
  std::vector<int> nodes;  // nodes[i] is the instance of keys->keys[i]
};

struct Builder {
  const Instances& instances;
  Graph& g;

  // (module instance, kind, name) -> node, for value nodes.
  std::map<std::tuple<const ModuleInstance*, NodeKind, std::string>, int> values;
  std::map<ResourceAddr, ResourceNodes> resources;
  // Module instance -> child module instances by call name.
  std::map<const ModuleInstance*, std::map<std::string, std::vector<const ModuleInstance*>>> kids;
  // Module instance -> its own resource nodes, and (built lazily) those of its whole subtree.
  std::map<const ModuleInstance*, std::vector<int>> own;
  std::map<const ModuleInstance*, std::vector<int>> subtree;
  // The references of each expression, found once however many instances share it.
  std::unordered_map<const Expr*, std::vector<KeyedReference>> refs;
  // Evaluates computed instance keys (`[count.index + 1]`) with only count and each known.
  EvalContext key_ctx;

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
      ResourceNodes& rn = resources[ri.addr.resource];
      if (!rn.keys) {
        auto k = instances.keys.find(ri.addr.resource);
        if (k != instances.keys.end()) rn.keys = &k->second;
      }
      rn.nodes.push_back(id);
      own[ri.module].push_back(id);
    }
    // Instances are listed in key order, so nodes[i] matches keys[i]; check rather than trust.
    for (auto& [addr, rn] : resources)
      if (rn.keys && rn.keys->keys.size() != rn.nodes.size()) rn.keys = nullptr;
  }

  const std::vector<int>& resources_below(const ModuleInstance* mi) {
    auto it = subtree.find(mi);
    if (it != subtree.end()) return it->second;
    std::vector<int> out;
    if (auto o = own.find(mi); o != own.end()) out = o->second;
    if (auto k = kids.find(mi); k != kids.end())
      for (const auto& [call, children] : k->second)
        for (const ModuleInstance* child : children) {
          const std::vector<int>& below = resources_below(child);
          out.insert(out.end(), below.begin(), below.end());
        }
    return subtree[mi] = std::move(out);
  }

  // The node of the one instance `key` selects, or -1 when it selects none or is not known.
  int instance(const ResourceNodes& rn, const Value& key) {
    if (!rn.keys) return -1;
    int i = rn.keys->find(key);
    return i < 0 ? -1 : rn.nodes[static_cast<size_t>(i)];
  }

  // The value of a computed key where only count.index and each.* are known.
  Value key_value(const Expr& key, const Binding& binding) {
    key_ctx.variables.clear();
    if (binding.count_index)
      key_ctx.variables["count"] =
          Value::object({{"index", Value::number(static_cast<double>(*binding.count_index))}});
    if (binding.has_each)
      key_ctx.variables["each"] =
          Value::object({{"key", binding.each_key}, {"value", binding.each_value}});
    if (key_ctx.variables.empty()) return Value::unknown();
    Diagnostics ignored;  // evaluation proper reports any error
    return evaluate(key, key_ctx, ignored);
  }

  // The nodes that traversal `t`, written in module instance `mi`, refers to. `key` is the
  // computed index written right after it, evaluated with `binding` to narrow the target.
  void targets(const ModuleInstance& mi, const Traversal& t, bool depends_on, std::vector<int>& out,
               const Expr* key = nullptr, const Binding* binding = nullptr) {
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
    const ResourceNodes& rn = it->second;
    // A literal key, or a computed one known from count and each, narrows the dependency to
    // that one instance.
    if (t.steps.size() > key_step && t.steps[key_step].kind == TraversalStep::Kind::Index) {
      if (int n = instance(rn, t.steps[key_step].key); n >= 0) return push(n);
    } else if (t.steps.size() == key_step && key && binding) {
      if (int n = instance(rn, key_value(*key, *binding)); n >= 0) return push(n);
    }
    out.insert(out.end(), rn.nodes.begin(), rn.nodes.end());
  }

  const std::vector<KeyedReference>& references_of(const Expr& e) {
    auto it = refs.find(&e);
    if (it == refs.end()) it = refs.emplace(&e, keyed_references(e)).first;
    return it->second;
  }

  // The references of `e`, written in `mi` and evaluated there with `binding`.
  void expr(const ModuleInstance& mi, const ExprPtr& e, std::vector<int>& out,
            const Binding& binding = Binding{}) {
    if (!e) return;
    for (const KeyedReference& r : references_of(*e))
      targets(mi, r.traversal, false, out, r.key, &binding);
  }

  void body(const ModuleInstance& mi, const Body& b, std::vector<int>& out,
            const Binding& binding) {
    for (const Attribute& a : b.attributes) expr(mi, a.expr, out, binding);
    for (const Block& nb : b.blocks) body(mi, nb.body, out, binding);
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
              if (a->name == node.name) expr(*mi.parent, a->expr, to, mi.binding);
          break;
        case NodeKind::Local:
          expr(mi, mi.module->locals.at(node.name).expr, to);
          break;
        case NodeKind::Output: {
          const Output& o = mi.module->outputs.at(node.name);
          expr(mi, o.value, to);
          depends_on(mi, o.depends_on, to);
          for (const Condition& c : o.preconditions) {
            expr(mi, c.condition, to);
            expr(mi, c.error_message, to);
          }
          break;
        }
        case NodeKind::Provider:
          if (node.provider->config)
            body(mi, *node.provider->config->body, to, node.provider->binding);
          break;
        case NodeKind::Resource: {
          const Resource& r = *node.resource->resource;
          const Binding& binding = node.resource->binding;
          for (const Attribute* a : r.attributes) expr(mi, a->expr, to, binding);
          for (const Block* b : r.blocks) body(mi, b->body, to, binding);
          for (const std::vector<Condition>* cs :
               {&r.lifecycle.preconditions, &r.lifecycle.postconditions}) {
            for (const Condition& c : *cs) {
              expr(mi, c.condition, to);
              expr(mi, c.error_message, to);
            }
          }
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
  Builder b{instances, g, {}, {}, {}, {}, {}, {}, {}};
  b.key_ctx.allow_functions = false;  // file() and env() would read the wrong place here
  b.add_values();
  b.add_edges();
  g.finalize();
  g.check_acyclic(diags);
  return g;
}

}  // namespace fedplan
