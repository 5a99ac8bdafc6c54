// Planner: configure providers and refresh in bulk, walk the graph deciding each instance's
// action and reason, add deletes for state-only instances, and compute output changes.
#include "engine/plan/planner.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <set>
#include <unordered_set>

#include "engine/config/conditions.h"
#include "engine/graph/walker.h"
#include "engine/plan/change_rules.h"
#include "engine/plan/checks.h"
#include "engine/plan/dependencies.h"
#include "engine/plan/deposed.h"
#include "engine/plan/missing_provider.h"
#include "engine/plan/prior_index.h"
#include "engine/plan/refactor.h"
#include "lang/value_equality.h"
#include "lang/value_json.h"

namespace fedplan {

namespace {

// One provider call of the walk, made on one of the walker's workers: a resource's plan_change (a
// dry run, for kube) or a data source's read. The walk prepares it and finishes it.
struct Call {
  int node = -1;
  const Resource* resource = nullptr;
  Provider* provider = nullptr;
  PriorInstance* slot = nullptr;
  ResourceChange ch;
  Value config;
  PlanResult planned;          // resources
  bool force_replace = false;  // -replace or tainted: replaced whatever the provider plans
  PlanResult replacement;      // a replacement's new object, planned from nothing
  ReadResult read;             // data sources
  Diagnostics diags;           // the instance's diagnostics so far
};

// One provider configuration's refresh: the walk configures the provider and says what it will
// read, a worker reads it all (one batch per type), and the walk takes back what it found.
struct Refresh {
  int node = -1;
  ProviderAddr addr;
  Provider* provider = nullptr;
  std::vector<std::pair<std::string, std::vector<PriorInstance*>>> reads;  // by type
  std::vector<Drift> drift;
  Diagnostics diags;  // configure's and the reads'
};

struct Planner {
  const LoadedConfig& cfg;
  const State& prior;
  ProviderSet& providers;
  const PlanOptions& options;
  const Progress& progress;
  Diagnostics& diags;
  // The state as read, where `prior` (with_pending_recorded) records its pending creates.
  const State& as_read;
  const Refactoring& refactoring;  // moved, removed and import blocks (refactor.h)

  Plan plan;
  WalkValues values;
  std::optional<PriorIndex> index;  // the prior's instances: recorded, refreshed, in config
  // The prior's managed instances by provider and type, grouped once for every refresh.
  std::map<ProviderAddr, std::map<std::string, std::vector<PriorInstance*>>> by_provider;
  // The instances whose action is not no-op, and their resources (as addresses without a
  // key), for the dependencies that name either.
  std::unordered_set<InstanceAddr, InstanceAddrHash> changed;
  std::optional<ResourceDependencies> dependencies;

  // The node's position in the topological order, for each change the walk adds to the plan
  // and each diagnostic: the walk finishes nodes in whatever order their calls come back, the
  // plan lists them in this.
  std::vector<int> position;
  std::vector<int> change_position;  // per entry of plan.changes
  std::vector<std::pair<int, Diagnostics>> walk_diags;
  std::vector<std::pair<int, std::vector<Drift>>> walk_drift;  // per provider node, as walk_diags

  void say(const std::string& line) {
    if (progress) progress(line);
  }

  void record(int n, ResourceChange ch) {
    plan.changes.push_back(std::move(ch));
    change_position.push_back(position[n]);
  }

  // Puts the walk's changes in the order of the sequential walk, in place: at scale the changes
  // are the plan's largest array, and a sorted copy would double it.
  void order_changes() {
    std::vector<ResourceChange>& changes = plan.changes;
    if (std::is_sorted(change_position.begin(), change_position.end())) return;
    std::vector<size_t> from(changes.size());  // position i takes the change at from[i]
    std::iota(from.begin(), from.end(), 0);
    std::stable_sort(from.begin(), from.end(),
                     [&](size_t a, size_t b) { return change_position[a] < change_position[b]; });
    std::vector<bool> placed(changes.size());
    for (size_t start = 0; start < changes.size(); ++start) {
      if (placed[start]) continue;
      ResourceChange first = std::move(changes[start]);
      for (size_t i = start;; i = from[i]) {
        placed[i] = true;
        if (from[i] == start) {
          changes[i] = std::move(first);
          break;
        }
        changes[i] = std::move(changes[from[i]]);
      }
    }
  }
  void report(int n, Diagnostics&& d) {
    if (!d.items.empty()) walk_diags.emplace_back(position[n], std::move(d));
  }

  // Sets the prior values of every instance `r.provider` serves, says what its refresh will
  // read, and lists that in `r.reads`, one batch per type.
  void start(Refresh& r) {
    auto group = by_provider.find(r.addr);
    if (group == by_provider.end()) return;
    for (const auto& [type, insts] : group->second) {
      std::vector<PriorInstance*> reading = start_refresh(r.provider, insts, options.refresh,
                                                          [this](const std::string& l) { say(l); });
      if (!reading.empty()) r.reads.emplace_back(type, std::move(reading));
    }
  }

  // Configures the provider of node `n` and starts its refresh; returns the reads still to
  // make, or nothing when there are none.
  std::shared_ptr<Refresh> visit_provider(int n, const Node& node, ConfigEvaluator& e) {
    auto r = std::make_shared<Refresh>();
    r->node = n;
    r->addr = node.provider->addr;
    r->provider = providers.configure(r->addr, cfg.instances, e, r->diags);
    start(*r);
    if (!r->reads.empty()) return r;
    report(n, std::move(r->diags));
    return nullptr;
  }

  // A provider's refresh reads, on a worker: they touch only that provider's slots.
  static void read(Refresh& r) {
    for (const auto& [type, slots] : r.reads)
      read_refresh(*r.provider, r.addr, type, slots, r.drift, r.diags);
  }

  // Back on the walk's thread.
  void finish(Refresh& r) {
    if (!r.drift.empty()) walk_drift.emplace_back(position[r.node], std::move(r.drift));
    report(r.node, std::move(r.diags));
  }

  bool targeted(const std::vector<bool>& in_closure, int n) {
    return options.targets.empty() || in_closure[n];
  }

  // Decides what it can of resource node `n` on the walk's thread; returns the provider call
  // still to make, or nothing when the node is finished.
  std::shared_ptr<Call> visit_resource(int n, const Node& node, ConfigEvaluator& e) {
    const ResourceInstance& ri = *node.resource;
    const Resource& r = *ri.resource;
    const InstanceAddr& addr = ri.addr;
    auto c = std::make_shared<Call>();
    c->node = n;
    c->resource = &r;
    c->slot = index->find(addr);
    if (c->slot) c->slot->in_config = true;
    Provider* p = providers.get(ri.provider);
    c->provider = p;
    Value before = c->slot && c->slot->exists ? c->slot->refreshed : Value();
    ResourceChange& ch = c->ch;
    ch.addr = addr;
    ch.provider = ri.provider;
    ch.dependencies = dependencies->of(n);
    Diagnostics& d = c->diags;
    auto done = [&]() -> std::shared_ptr<Call> {
      report(n, std::move(d));
      return nullptr;
    };
    if (!p) {
      values.set(addr, before.is_null() ? Value::unknown(ValueKind::Object) : before);
      return done();  // its provider failed; the error is reported
    }
    const ResourceSchema* schema = r.mode == ResourceMode::Data ? p->schema().data_source(r.type)
                                                                : p->schema().resource(r.type);
    if (!schema) {
      d.error(std::string("Unknown ") +
                  (r.mode == ResourceMode::Data ? "data source" : "resource") + " type \"" +
                  r.type + "\"",
              "The " + ri.provider.type + " provider does not serve it.", r.span);
      return done();
    }
    if (auto imp = refactoring.imports.find(addr); imp != refactoring.imports.end()) {
      const Value* recorded = c->slot && c->slot->exists ? &c->slot->refreshed : nullptr;
      if (!plan_import(*p, imp->second, recorded, ch, before, d)) return done();
    }
    if (options.refresh_only && r.mode == ResourceMode::Managed) {
      values.set(addr, before);  // a refresh-only plan proposes no change
      return done();
    }
    if (options.destroy) {
      if (r.mode == ResourceMode::Managed && !before.is_null()) {
        if (r.lifecycle.prevent_destroy) prevent(addr, r, d);
        ch.action = Action::Delete;
        ch.before = before;
        record(n, std::move(ch));
      }
      values.set(addr, before);
      return done();
    }
    if (check_preconditions(e, ri, d) == ConditionsResult::Failed) {
      values.set(addr, Value::unknown(ValueKind::Object));
      return done();
    }
    size_t evaluated_from = d.size();
    c->config = e.resource_config(ri, schema, d);
    {
      Diagnostics vd =
          p->validate((r.mode == ResourceMode::Data ? "data." : "") + r.type, c->config);
      for (Diagnostic& x : vd.items) {
        if (!x.range) x.range = r.span.range();
        if (x.address.empty()) x.address = addr.to_string();
      }
      bool bad = vd.has_errors();
      d.append_new(std::move(vd), evaluated_from);
      if (bad) return done();
    }
    if (r.mode == ResourceMode::Data) {
      if (defer_data(n, *c)) return done();
      say(addr.to_string() + ": Reading...");
      return c;
    }
    c->config = apply_ignore_changes(c->config, before, r.lifecycle);
    c->force_replace =
        !before.is_null() &&
        (std::find(options.replace.begin(), options.replace.end(), addr) != options.replace.end() ||
         (c->slot && c->slot->state && c->slot->state->tainted));
    ch.before = std::move(before);
    say(addr.to_string() + ": Planning...");
    return c;
  }

  // The provider call itself, on a worker.
  static void call(Call& c) {
    if (c.resource->mode == ResourceMode::Data)
      c.read = c.provider->read_data(c.resource->type, c.config);
    else
      c.planned = c.provider->plan_change(PlanRequest{c.resource->type, c.ch.before, c.config});
    // A replacement creates a new object: plan it as a create, so what only the new object
    // will know (its id, its uid) is unknown, as apply will find it.
    const Value& before = c.ch.before;
    if (c.resource->mode == ResourceMode::Managed && !before.is_null() &&
        !c.planned.diags.has_errors() &&
        (c.force_replace || replace_needed(before, c.planned.planned, c.planned.requires_replace)))
      c.replacement = c.provider->plan_change(PlanRequest{c.resource->type, Value(), c.config});
  }

  // Back on the walk's thread: the action and reason from what the provider answered.
  void finish(Call& c) {
    const InstanceAddr& addr = c.ch.addr;
    ResourceChange& ch = c.ch;
    // Moves a provider answer's diagnostics into the instance's; true when one is an error.
    auto failed = [&](auto& r) {
      for (Diagnostic& x : r.diags.items)
        if (x.address.empty()) x.address = addr.to_string();
      bool bad = r.diags.has_errors();
      c.diags.append(std::move(r.diags));
      return bad;
    };
    if (c.resource->mode == ResourceMode::Data) {
      ReadResult& rr = c.read;
      bool bad = failed(rr);
      values.set(addr, bad ? Value::unknown(ValueKind::Object) : rr.state);
      ch.action = Action::NoOp;
      ch.after = std::move(rr.state);
      record(c.node, std::move(ch));
      return report(c.node, std::move(c.diags));
    }
    PlanResult& pr = c.planned;
    if (failed(pr)) {
      values.set(addr, Value::unknown(ValueKind::Object));
      return report(c.node, std::move(c.diags));
    }
    const Value& before = ch.before;
    const Lifecycle& lc = c.resource->lifecycle;
    ch.after = pr.planned;
    ch.note = pr.note;
    bool by_request =
        std::find(options.replace.begin(), options.replace.end(), addr) != options.replace.end();
    const InstanceState* rec = c.slot ? c.slot->state : nullptr;
    bool tainted = rec && rec->tainted && !before.is_null();
    if (before.is_null()) {
      ch.action = Action::Create;
    } else if (by_request || tainted || replace_needed(before, pr.planned, pr.requires_replace)) {
      ch.action = lc.create_before_destroy ? Action::CreateThenDelete : Action::DeleteThenCreate;
      ch.reason = by_request ? ActionReason::ReplaceByRequest
                  : tainted  ? ActionReason::ReplaceBecauseTainted
                             : ActionReason::ReplaceBecauseCannotUpdate;
      for (const ValuePath& path : pr.requires_replace)
        if (replace_needed(before, pr.planned, {path})) ch.replace_paths.push_back(path);
      if (lc.prevent_destroy) prevent(addr, *c.resource, c.diags);
      if (failed(c.replacement)) {  // the new object, planned as a create (see call())
        values.set(addr, Value::unknown(ValueKind::Object));
        return report(c.node, std::move(c.diags));
      }
      ch.after = c.replacement.planned;
      pr.planned = std::move(c.replacement.planned);
    } else if (same_value(before, pr.planned)) {
      ch.action = Action::NoOp;
    } else {
      ch.action = Action::Update;
    }
    if (ch.action != Action::NoOp) mark_changed(addr);
    values.set(addr, std::move(pr.planned));
    record(c.node, std::move(ch));
    report(c.node, std::move(c.diags));
  }

  // A data source whose config is not known yet, or that waits (depends_on) for a pending
  // change, is read during apply: recorded so, with an unknown result. True when deferred.
  bool defer_data(int n, Call& c) {
    ResourceChange& ch = c.ch;
    bool pending = false;
    if (!c.resource->depends_on.empty()) {
      for (const InstanceAddr& dep : ch.dependencies)
        if (changed.count(dep)) pending = true;
    }
    if (c.config.wholly_known() && !pending) return false;
    ch.action = Action::Read;
    ch.reason = pending ? ActionReason::ReadBecauseDependencyPending
                        : ActionReason::ReadBecauseConfigUnknown;
    ch.after = Value::unknown(ValueKind::Object);
    values.set(ch.addr, ch.after);
    mark_changed(ch.addr);
    record(n, std::move(ch));
    return true;
  }

  void mark_changed(const InstanceAddr& addr) {
    changed.insert(addr);
    changed.insert(InstanceAddr{addr.resource, {}});
  }

  void prevent(const InstanceAddr& addr, const Resource& r, Diagnostics& to) {
    Diagnostic& d = to.error(
        "Instance cannot be destroyed",
        "The resource " + addr.to_string() +
            " has lifecycle.prevent_destroy set, but the plan would destroy it. To go ahead, "
            "remove prevent_destroy from its configuration first, or leave it out of the plan "
            "with -target.",
        r.span);
    d.address = addr.to_string();
  }

  void plan_orphans(const std::vector<bool>& in_closure) {
    (void)in_closure;
    std::vector<InstanceAddr> orphans;
    for (const PriorInstance& slot : index->all()) {
      const InstanceAddr& addr = slot.state->addr;
      if (slot.in_config || addr.resource.mode == ResourceMode::Data) continue;
      if (!options.targets.empty() &&
          std::none_of(options.targets.begin(), options.targets.end(),
                       [&](const TargetAddr& t) { return t.contains(addr); }))
        continue;
      orphans.push_back(addr);
    }
    if (orphans.empty()) return;
    // Their providers: configured during the walk when still in config; else implied root
    // defaults, else an error naming what to restore (the block, or its for_each key).
    std::map<ProviderAddr, std::vector<InstanceAddr>> missing;
    for (const InstanceAddr& addr : orphans) {
      const InstanceState& inst = *prior.find(addr);
      if (providers.get(inst.provider)) continue;
      if (inst.provider.module.root() && inst.provider.alias.empty()) {
        Refresh r{.addr = inst.provider};
        if ((r.provider = providers.configure(inst.provider, Value::object({}), diags))) {
          start(r);
          read(r);  // on this thread: the walk is over
          plan.drift.insert(plan.drift.end(), r.drift.begin(), r.drift.end());
          diags.append(std::move(r.diags));
        }
        continue;
      }
      missing[inst.provider].push_back(addr);
    }
    for (const auto& [provider, addrs] : missing)
      report_missing_provider(provider, addrs, cfg.instances, diags);
    std::set<ModulePath> modules;
    for (const auto& m : cfg.instances.modules) modules.insert(m->path);
    for (const InstanceAddr& addr : destroy_order(prior, orphans)) {
      const PriorInstance* it = index->find(addr);
      if (!it || !it->exists) continue;  // already gone
      ResourceChange ch;
      ch.addr = addr;
      ch.provider = prior.find(addr)->provider;
      ch.action = Action::Delete;
      ch.reason = orphan_reason(addr, cfg.instances, modules);
      ch.before = it->refreshed;
      ch.dependencies = prior.find(addr)->dependencies;
      plan.changes.push_back(std::move(ch));
    }
  }

  void plan_outputs(ConfigEvaluator& e) {
    const ModuleInstance* root = cfg.instances.root();
    std::set<std::string> seen;
    for (const auto& [name, o] : root->module->outputs) {
      seen.insert(name);
      OutputChange oc;
      oc.name = name;
      oc.sensitive = o.sensitive;
      auto it = prior.outputs.find(name);
      if (it != prior.outputs.end()) oc.before = from_json(it->second.value);
      if (it != prior.outputs.end() && it->second.sensitive) oc.before = oc.before.mark_sensitive();
      if (options.destroy) {
        oc.action = it == prior.outputs.end() ? Action::NoOp : Action::Delete;
      } else {
        oc.after = e.output(*root, name, diags);
        if (it == prior.outputs.end())
          oc.action = Action::Create;
        else
          oc.action = same_value(oc.before.unmarked_deep(), oc.after.unmarked_deep())
                          ? Action::NoOp
                          : Action::Update;
      }
      plan.outputs.push_back(std::move(oc));
    }
    for (const auto& [name, o] : prior.outputs) {
      if (seen.count(name)) continue;
      OutputChange oc;
      oc.name = name;
      oc.action = Action::Delete;
      oc.sensitive = o.sensitive;
      oc.before = from_json(o.value);
      if (o.sensitive) oc.before = oc.before.mark_sensitive();
      plan.outputs.push_back(std::move(oc));
    }
  }

  // The walk's step for `work` (a Call or a Refresh) of the provider at `addr`: `run` on the
  // walk's thread when the provider answers at once, else on a worker (at most its
  // max_parallel at a time); then finished back on the walk's thread.
  template <class Work>
  WalkStep step(const std::shared_ptr<Work>& work, const ProviderAddr& addr, void (*run)(Work&)) {
    if (!work->provider->calls_wait()) {
      run(*work);
      finish(*work);
      return WalkStep::done(true);
    }
    WalkCall wc;
    wc.lane = work->provider;
    wc.cap = providers.max_parallel(addr);
    wc.run = [work, run] { run(*work); };
    wc.then = [this, work] {
      finish(*work);
      return WalkStep::done(true);
    };
    return WalkStep::calling(std::move(wc));
  }

  // Visits every node once its dependencies are done. Evaluation stays on the walker's
  // thread; the provider calls go to options.parallelism workers, so independent dry runs and
  // reads overlap. Ready nodes are taken in topological order, which is exactly the
  // sequential walk when nothing is in flight.
  void walk(ConfigEvaluator& e, const std::vector<bool>& in_closure,
            const std::set<ProviderAddr>& used) {
    const Graph& g = cfg.graph;
    size_t count = g.nodes().size();
    std::vector<int> order = g.topological_order();
    position.assign(count, 0);
    for (size_t i = 0; i < order.size(); ++i) position[order[i]] = static_cast<int>(i);
    Walker walker(count);
    size_t resources = 0;
    for (size_t n = 0; n < count; ++n) {
      resources += g.nodes()[n].kind == NodeKind::Resource;
      walker.prioritize(static_cast<int>(n), position[n]);
      for (int d : g.dependencies(static_cast<int>(n))) walker.depend(static_cast<int>(n), d);
    }
    plan.changes.reserve(resources);
    WalkOptions wo;
    wo.parallelism = options.parallelism;
    walker.run(wo, [&](int n) {
      const Node& node = g.nodes()[n];
      if (node.kind == NodeKind::Provider) {
        if (!targeted(in_closure, n) || !used.count(node.provider->addr))
          return WalkStep::done(true);
        // Providers refresh at once, each on a worker, while the walk goes on with nodes
        // that do not depend on them.
        if (std::shared_ptr<Refresh> r = visit_provider(n, node, e))
          return step(r, r->addr, &Planner::read);
      } else if (node.kind == NodeKind::Resource) {
        if (targeted(in_closure, n)) {
          if (std::shared_ptr<Call> c = visit_resource(n, node, e))
            return step(c, c->ch.provider, &Planner::call);
        } else if (PriorInstance* slot = index->find(node.resource->addr)) {
          slot->in_config = true;
        }
      }
      return WalkStep::done(true);
    });
    // The plan lists changes, and diagnostics, in the order of the sequential walk.
    order_changes();
    std::stable_sort(walk_diags.begin(), walk_diags.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [pos, d] : walk_diags) diags.append(std::move(d));
    walk_diags.clear();
    std::stable_sort(walk_drift.begin(), walk_drift.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [pos, drift] : walk_drift)
      for (Drift& d : drift) plan.drift.push_back(std::move(d));
    walk_drift.clear();
  }

  void run() {
    ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
    e.use_instances(&cfg.instances);
    dependencies.emplace(cfg.graph, cfg.instances);
    std::vector<int> roots;
    for (const TargetAddr& t : options.targets) {
      for (size_t n = 0; n < cfg.graph.nodes().size(); ++n) {
        const Node& node = cfg.graph.nodes()[n];
        if (node.kind == NodeKind::Resource && t.contains(node.resource->addr))
          roots.push_back(static_cast<int>(n));
      }
    }
    std::vector<bool> in_closure = cfg.graph.closure(roots);
    // Recorded values stand in for instances outside a -target selection.
    index.emplace(prior);
    // A record is refreshed by the provider configuration its resource has now, as in
    // Terraform: one whose `provider` argument changed (kube.mesh1 -> kube.cluster["mesh1"])
    // is read, and planned, through the new one. Orphans keep the recorded one.
    std::map<InstanceAddr, const ProviderAddr*> configured;
    for (const ResourceInstance& ri : cfg.instances.resources)
      if (ri.addr.resource.mode == ResourceMode::Managed) configured[ri.addr] = &ri.provider;
    for (PriorInstance& slot : index->all()) {
      const InstanceAddr& addr = slot.state->addr;
      slot.pending = !as_read.pending.empty() && pending_only(as_read, addr);
      values.set(addr, slot.recorded);
      if (addr.resource.mode != ResourceMode::Managed) continue;
      auto now = configured.find(addr);
      const ProviderAddr& p = now == configured.end() ? slot.state->provider : *now->second;
      by_provider[p][addr.resource.type].push_back(&slot);
    }
    // A provider block nothing uses, in the configuration or in the state, is not configured
    // (its cluster may be gone, or its credentials unset).
    std::set<ProviderAddr> used;
    const ProviderAddr* last = nullptr;  // instances come in runs of the same provider
    auto use = [&](const ProviderAddr& p) {
      if (!last || !(*last == p)) used.insert(p);
      last = &p;
    };
    for (const ResourceInstance& ri : cfg.instances.resources) use(ri.provider);
    for (const auto& [addr, inst] : prior.instances) use(inst.provider);
    walk(e, in_closure, used);
    if (!options.refresh_only) plan_orphans(in_closure);
    if (options.targets.empty()) plan_outputs(e);
    plan.complete = options.targets.empty();
    if (options.destroy) return;
    check_planned_postconditions(cfg, values, plan.changes, diags);
    plan.checks = evaluate_checks(cfg, values, diags);
  }
};

}  // namespace

Plan make_plan(const LoadedConfig& cfg, const State& prior, const std::string& prior_digest,
               ProviderSet& providers, const PlanOptions& options, const Progress& progress,
               Diagnostics& diags) {
  // Creates a killed run left pending are planned as recorded objects, read by their intent.
  Refactoring refactoring;  // moved, removed and import blocks, on a copy of the prior
  std::optional<State> refactored;
  const State& base = refactored_prior(cfg, prior, options.refresh_only, options.destroy,
                                       refactored, refactoring, diags);
  std::optional<State> storage;
  const State& working = with_pending_recorded(base, storage);
  Planner p{cfg, working, providers, options, progress, diags, base, refactoring};
  p.plan.refresh_only = options.refresh_only;
  p.plan.destroy = options.destroy;
  p.plan.refreshed = options.refresh;
  for (const TargetAddr& t : options.targets) p.plan.targets.push_back(t.to_string());
  for (const InstanceAddr& r : options.replace) p.plan.replace.push_back(r.to_string());
  for (const auto& [name, in] : cfg.inputs) p.plan.variables[name] = in.value;
  p.plan.prior_lineage = prior.lineage;
  p.plan.prior_serial = prior.serial;
  p.plan.prior_digest = prior_digest;
  p.plan.config_dir = cfg.config.root ? cfg.config.root->dir : "";
  p.plan.config_digest = config_digest(cfg.config);
  p.run();
  if (options.destroy) sort_for_destroy(working, p.plan.changes);
  record_refactoring(refactoring, p.plan);
  plan_deposed_deletes(prior, options, p.plan);
  return std::move(p.plan);
}

}  // namespace fedplan
