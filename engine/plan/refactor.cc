// Refactoring before planning: moved blocks ordered and applied to the planner's copy of the
// state, removed blocks turned into forgets, import blocks checked; and their replay at apply.
#include "engine/plan/refactor.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "base/address_hash.h"
#include "base/quote.h"
#include "base/suggest.h"
#include "state/instance_value.h"

namespace fedplan {

namespace {

// `a`, written in the module instance at `at`, as an address from the root.
TargetAddr prefixed(const ModulePath& at, TargetAddr a) {
  ModulePath m = at;
  for (const ModuleStep& s : a.module.steps) m.steps.push_back(s);
  a.module = m;
  if (a.resource) a.resource->module = m;
  return a;
}

std::string where(const Span& s) {
  SourceRange r = s;
  return r.file + ":" + std::to_string(r.start.line);
}

// True when `inner` is `outer` or lies below it (`module.b` covers `module.b.kube_object.x`).
bool covers(const TargetAddr& outer, const TargetAddr& inner) {
  std::string o = outer.to_string(), i = inner.to_string();
  if (i.size() < o.size() || i.compare(0, o.size(), o) != 0) return false;
  return i.size() == o.size() || i[o.size()] == '.' || i[o.size()] == '[';
}

// One moved block of one module instance, its addresses from the root.
struct Statement {
  TargetAddr from, to;
  Span span;
  std::string text() const { return from.to_string() + " to " + to.to_string(); }
};

// Where the configuration still declares what `a` names: a resource instance or a module
// instance under it ("" when nothing).
std::string declared(const LoadedConfig& cfg, const TargetAddr& a) {
  if (a.resource) {
    for (const ResourceInstance& ri : cfg.instances.resources)
      if (a.contains(ri.addr)) return where(ri.resource->span);
    return "";
  }
  for (const auto& mi : cfg.instances.modules) {
    if (mi->path.root()) continue;
    if (a.contains(InstanceAddr{ResourceAddr{mi->path, ResourceMode::Managed, "", ""}, {}}))
      return where(mi->call->span);
  }
  return "";
}

// The statements in the order chains need: one whose `to` covers another's `from` goes
// first. False (with an error) on a cycle.
bool order_statements(std::vector<Statement>& st, Diagnostics& diags) {
  size_t n = st.size();
  std::vector<std::vector<size_t>> after(n);
  std::vector<size_t> waits(n, 0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j)
      if (i != j && covers(st[i].to, st[j].from)) {
        after[i].push_back(j);
        ++waits[j];
      }
  std::vector<size_t> order, ready;
  for (size_t i = 0; i < n; ++i)
    if (!waits[i]) ready.push_back(i);
  while (!ready.empty()) {
    size_t i = ready.front();
    ready.erase(ready.begin());
    order.push_back(i);
    for (size_t j : after[i])
      if (!--waits[j]) ready.push_back(j);
  }
  if (order.size() != n) {
    std::string list;
    for (size_t i = 0; i < n; ++i)
      if (waits[i]) list += "\n  " + st[i].text() + " (" + where(st[i].span) + ")";
    for (size_t i = 0; i < n; ++i)
      if (waits[i]) {
        diags.error("Cyclic dependency in move statements",
                    "The following moved blocks form a cycle, so no order of them ends with "
                    "each object at one address:" +
                        list + "\nA chain of moves must end: remove the block that closes it.",
                    st[i].span);
        break;
      }
    return false;
  }
  std::vector<Statement> sorted;
  for (size_t i : order) sorted.push_back(std::move(st[i]));
  st = std::move(sorted);
  return true;
}

// Two statements from one address, or to one address.
bool check_ambiguous(const std::vector<Statement>& st, Diagnostics& diags) {
  bool ok = true;
  for (size_t i = 0; i < st.size(); ++i)
    for (size_t j = 0; j < i; ++j) {
      bool same_from = st[i].from.to_string() == st[j].from.to_string();
      bool same_to = st[i].to.to_string() == st[j].to.to_string();
      if (!same_from && !same_to) continue;
      diags.error("Ambiguous move statements",
                  same_from ? "A statement at " + where(st[j].span) + " declared that " +
                                  st[j].from.to_string() + " moved to " + st[j].to.to_string() +
                                  ", but this statement instead declares that it moved to " +
                                  st[i].to.to_string() + "."
                            : "A statement at " + where(st[j].span) + " declared that " +
                                  st[j].from.to_string() + " moved to " + st[j].to.to_string() +
                                  ", but this statement instead declares that " +
                                  st[i].from.to_string() + " moved there.",
                  st[i].span);
      ok = false;
    }
  return ok;
}

void apply_moves(const LoadedConfig& cfg, State& state, Refactoring& out, Diagnostics& diags) {
  std::vector<Statement> st;
  for (const auto& mi : cfg.instances.modules)
    for (const MovedBlock& m : mi->module->moved)
      st.push_back(Statement{prefixed(mi->path, m.from), prefixed(mi->path, m.to), m.span});
  if (st.empty() || !check_ambiguous(st, diags) || !order_statements(st, diags)) return;
  for (const Statement& s : st) {
    std::string still = declared(cfg, s.from);
    if (!still.empty()) {
      diags.error("Moved object still exists",
                  "This statement declares a move from " + s.from.to_string() +
                      ", but the configuration still declares it at " + still +
                      ". Change your configuration so that this address is no longer "
                      "declared, or remove the moved block.",
                  s.span);
      continue;
    }
    std::vector<InstanceAddr> at_from = state.select(s.from);
    if (at_from.empty()) continue;  // moved already, or never created: nothing to do
    if (!state.select(s.to).empty()) {
      diags.error("Cannot move onto an existing object",
                  "This statement declares a move from " + s.from.to_string() + " to " +
                      s.to.to_string() + ", but the state already records an object at " +
                      s.to.to_string() +
                      ". Remove one of the two from the state (`fedplan state rm`) or point "
                      "the moved block elsewhere.",
                  s.span);
      continue;
    }
    MoveResult r = move_in_state(state, s.from, s.to);
    if (!r.ok()) {
      diags.error("Invalid move", "Cannot move " + s.text() + ": " + r.error + ".", s.span);
      continue;
    }
    for (const auto& [src, dst] : r.moved) {
      auto it = out.previous.find(src);
      InstanceAddr first = it == out.previous.end() ? src : it->second;
      if (it != out.previous.end()) out.previous.erase(it);
      out.previous[dst] = first;
    }
  }
  // A moved record is served by the provider configuration its new address has.
  for (const ResourceInstance& ri : cfg.instances.resources) {
    if (!out.previous.count(ri.addr)) continue;
    if (InstanceState* rec = state.find(ri.addr)) rec->provider = ri.provider;
  }
}

void apply_removed(const LoadedConfig& cfg, State& state, Refactoring& out, Diagnostics& diags) {
  for (const auto& mi : cfg.instances.modules)
    for (const RemovedBlock& rb : mi->module->removed) {
      TargetAddr from = prefixed(mi->path, rb.from);
      std::string still = declared(cfg, from);
      if (!still.empty()) {
        diags.error(from.resource ? "Removed resource still exists" : "Removed module still exists",
                    "This statement declares that " + from.to_string() +
                        " was removed, but it is still declared in the configuration at " + still +
                        ". Remove that block, or this removed block.",
                    rb.span);
        continue;
      }
      if (rb.destroy) continue;  // the plan deletes what the configuration no longer has
      for (const InstanceAddr& addr : state.select(from)) {
        const InstanceState* rec = state.find(addr);
        if (addr.resource.mode == ResourceMode::Data) continue;
        ResourceChange ch;
        ch.addr = addr;
        ch.provider = rec->provider;
        ch.action = Action::Forget;
        ch.before = value_of(*rec);
        ch.dependencies = rec->dependencies;
        out.forgets.push_back(std::move(ch));
        state.remove(addr);
      }
    }
}

}  // namespace

bool has_refactoring_blocks(const LoadedConfig& cfg) {
  for (const auto& mi : cfg.instances.modules) {
    const Module& m = *mi->module;
    if (!m.moved.empty() || !m.removed.empty() || !m.imports.empty()) return true;
  }
  return false;
}

void prepare_refactoring(const LoadedConfig& cfg, State& state, bool destroy, Refactoring& out,
                         Diagnostics& diags) {
  apply_moves(cfg, state, out, diags);
  if (destroy) return;
  apply_removed(cfg, state, out, diags);
  check_import_blocks(cfg, out, diags);
}

const State& refactored_prior(const LoadedConfig& cfg, const State& prior, bool refresh_only,
                              bool destroy, std::optional<State>& storage, Refactoring& out,
                              Diagnostics& diags) {
  if (refresh_only || !has_refactoring_blocks(cfg)) return prior;
  storage.emplace(prior);
  prepare_refactoring(cfg, *storage, destroy, out, diags);
  return *storage;
}

void record_refactoring(const Refactoring& r, Plan& plan) {
  if (!r.previous.empty())
    for (ResourceChange& ch : plan.changes) {
      if (!ch.deposed.empty()) continue;
      auto it = r.previous.find(ch.addr);
      if (it != r.previous.end()) ch.previous_addr = it->second;
    }
  plan.changes.insert(plan.changes.end(), r.forgets.begin(), r.forgets.end());
}

std::string check_saved_refactoring(const Plan& saved, const Refactoring& expected) {
  std::set<InstanceAddr> forgets;
  for (const ResourceChange& f : expected.forgets) forgets.insert(f.addr);
  size_t forgotten = 0;
  for (size_t i = 0; i < saved.changes.size(); ++i) {
    const ResourceChange& ch = saved.changes[i];
    std::string at = "changes[" + std::to_string(i) + "] (" + ch.addr.to_string() + ")";
    auto moved = expected.previous.find(ch.addr);
    if (ch.deposed.empty() && moved != expected.previous.end()) {
      if (!ch.previous_addr || *ch.previous_addr != moved->second)
        return at + ".previous_address: the moved blocks move " + moved->second.to_string() +
               " there";
    } else if (ch.previous_addr) {
      return at + ".previous_address: no moved block moves an object there";
    }
    if (ch.action == Action::Forget) {
      if (!forgets.count(ch.addr))
        return at + ".action: forget, but no removed block forgets " + ch.addr.to_string();
      ++forgotten;
    }
    if (ch.importing) {
      auto imp = expected.imports.find(ch.addr);
      if (imp == expected.imports.end() || imp->second.id != *ch.importing || ch.before.is_null())
        return at + ".importing: no import block imports ID " + quote(*ch.importing) + " there";
    }
  }
  if (forgotten != forgets.size()) return "changes: a removed block forgets more objects";
  return "";
}

std::vector<InstanceAddr> replay_refactoring(const Plan& plan, State& state) {
  std::vector<InstanceAddr> touched;
  // Moves: every record taken out first, then put back at its new address, so moves that
  // shift along a list (a[0] -> a[1], a[1] -> a[2]) never collide.
  std::vector<std::pair<std::map<InstanceAddr, InstanceState>::node_type, const ResourceChange*>>
      nodes;
  std::unordered_map<InstanceAddr, InstanceAddr, InstanceAddrHash> renames;
  for (const ResourceChange& ch : plan.changes) {
    if (!ch.previous_addr || !ch.deposed.empty()) continue;
    auto node = state.instances.extract(*ch.previous_addr);
    if (node.empty()) continue;
    renames.emplace(*ch.previous_addr, ch.addr);
    if (ch.previous_addr->resource != ch.addr.resource)
      renames.emplace(InstanceAddr{ch.previous_addr->resource, {}},
                      InstanceAddr{ch.addr.resource, {}});
    touched.push_back(*ch.previous_addr);
    nodes.emplace_back(std::move(node), &ch);
  }
  for (auto& [node, ch] : nodes) {
    node.key() = ch->addr;
    node.mapped().addr = ch->addr;
    node.mapped().provider = ch->provider;
    state.instances.insert(std::move(node));
    touched.push_back(ch->addr);
  }
  if (!renames.empty())
    for (auto& [_, inst] : state.instances)
      for (InstanceAddr& dep : inst.dependencies) {
        auto it = renames.find(dep);
        if (it != renames.end()) dep = it->second;
      }
  for (const ResourceChange& ch : plan.changes) {
    if (ch.action == Action::Forget) {
      if (state.remove(ch.addr)) touched.push_back(ch.addr);
    } else if (ch.importing && !ch.before.is_null() && !state.find(ch.addr)) {
      state.set(record_of(ch.addr, ch.provider, ch.before, ch.dependencies));
      touched.push_back(ch.addr);
    }
  }
  return touched;
}

}  // namespace fedplan
