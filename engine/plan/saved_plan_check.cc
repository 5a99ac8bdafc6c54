// The saved-plan rule: every change a saved plan asks for is one a fresh plan could have made
// from the same configuration, state, refreshed values and options. Each is re-derived here
// without calling a provider, so an edited plan is refused before anything is touched.
#include <map>
#include <memory>
#include <set>

#include "engine/plan/change_rules.h"
#include "engine/plan/prior_index.h"
#include "engine/plan/refactor.h"
#include "engine/plan/saved_plan.h"
#include "lang/value_equality.h"
#include "state/instance_value.h"

namespace fedplan {

namespace {

// What the plan's options and refresh say about the state, and where to look things up.
struct Expected {
  const Plan& plan;
  const LoadedConfig& cfg;
  const State& state;  // as the plan diffs against it: pending creates recorded as intents
  const ProviderRegistry& registry;
  const State& as_read;  // the state as read

  std::vector<TargetAddr> targets;
  std::set<InstanceAddr> replace;
  std::map<InstanceAddr, const ResourceInstance*> config;    // every instance, targeted or not
  std::set<InstanceAddr> in_closure;                         // config instances a plan visits
  std::map<InstanceAddr, Value> refreshed;                   // from drift: null when gone
  std::map<std::string, std::unique_ptr<Provider>> schemas;  // unconfigured, by type

  std::string error;
  bool fail(const std::string& where, const std::string& what) {
    if (error.empty()) error = where + ": " + what;
    return false;
  }

  // An unconfigured provider of `p`'s type, for its schema and its notion of identity.
  const Provider* provider_of(const ProviderAddr& p) {
    auto it = schemas.find(p.type);
    if (it == schemas.end()) it = schemas.emplace(p.type, registry.create(p.type)).first;
    return it->second.get();
  }

  const ResourceSchema* schema_of(const ProviderAddr& p, const InstanceAddr& addr) {
    const Provider* provider = provider_of(p);
    if (!provider) return nullptr;
    return addr.resource.mode == ResourceMode::Data
               ? provider->schema().data_source(addr.resource.type)
               : provider->schema().resource(addr.resource.type);
  }

  bool targeted(const InstanceAddr& addr) const {
    if (targets.empty()) return true;
    for (const TargetAddr& t : targets)
      if (t.contains(addr)) return true;
    return false;
  }

  // Options, the configuration's instances and the -target closure, as the planner sees them.
  bool read_options() {
    std::string why;
    for (size_t i = 0; i < plan.targets.size(); ++i) {
      auto t = parse_target(plan.targets[i], &why);
      if (!t) return fail("targets[" + std::to_string(i) + "]", why);
      targets.push_back(std::move(*t));
    }
    for (size_t i = 0; i < plan.replace.size(); ++i) {
      auto r = parse_instance(plan.replace[i], &why);
      if (!r) return fail("replace[" + std::to_string(i) + "]", why);
      replace.insert(std::move(*r));
    }
    if (plan.complete != targets.empty())
      return fail("complete", plan.complete ? "true, but the plan has targets"
                                            : "false, but the plan has no targets");
    for (const ResourceInstance& ri : cfg.instances.resources) config[ri.addr] = &ri;
    std::vector<int> roots;
    const auto& nodes = cfg.graph.nodes();
    for (size_t n = 0; n < nodes.size(); ++n)
      if (nodes[n].kind == NodeKind::Resource && targeted(nodes[n].resource->addr))
        roots.push_back(static_cast<int>(n));
    std::vector<bool> closure = cfg.graph.closure(roots);
    for (size_t n = 0; n < nodes.size(); ++n)
      if (nodes[n].kind == NodeKind::Resource && (targets.empty() || closure[n]))
        in_closure.insert(nodes[n].resource->addr);
    return true;
  }

  // Each drift entry must be a refresh of a recorded object, starting from its record, or the
  // read of a create a killed run left pending, starting from its intent; a complete plan
  // reads every such create.
  bool read_drift() {
    for (size_t i = 0; i < plan.drift.size(); ++i) {
      const Drift& d = plan.drift[i];
      std::string at = "drift[" + std::to_string(i) + "]";
      if (!plan.refreshed && !d.pending)
        return fail(at, "the plan was made without a refresh, so it cannot have drift");
      if (d.pending != pending_only(as_read, d.addr))
        return fail(at + ".pending",
                    d.pending ? "the state has no pending create of " + d.addr.to_string() +
                                    " without a record"
                              : d.addr.to_string() + " is a pending create, read as one");
      const InstanceState* rec = state.find(d.addr);
      if (!rec || d.addr.resource.mode != ResourceMode::Managed)
        return fail(at + ".address", d.addr.to_string() + " is not a managed object in the state");
      if (!(d.provider == rec->provider))
        return fail(at + ".provider", "the state records provider[" + rec->provider.to_string() +
                                          "] for " + d.addr.to_string());
      if (!same_value(d.recorded, value_of(*rec)))
        return fail(at + ".recorded",
                    "differs from what the state records for " + d.addr.to_string());
      // A refresh reads the recorded object: what it found is that object, or nothing.
      const Provider* p = provider_of(d.provider);
      std::string other = p ? p->other_object(d.addr.resource.type, d.recorded, d.live) : "";
      if (!other.empty())
        return fail(at + ".live", "names another object than the state records for " +
                                      d.addr.to_string() + " (" + other + ")");
      if (!refreshed.emplace(d.addr, d.live).second)
        return fail(at + ".address", d.addr.to_string() + " has drift twice");
    }
    if (!plan.complete) return true;
    for (const auto& [addr, intent] : as_read.pending)
      if (pending_only(as_read, addr) && !refreshed.count(addr))
        return fail("drift", "no entry for " + addr.to_string() +
                                 ", a create a killed run left pending, which a plan reads");
    return true;
  }

  // The object's value after the plan's refresh; null when it was found gone or never existed.
  Value refreshed_value(const InstanceState* rec) const {
    if (!rec) return Value();
    auto it = refreshed.find(rec->addr);
    return it == refreshed.end() ? value_of(*rec) : it->second;
  }

  // `before` must be the refreshed value, but for changes in attributes the configuration
  // cannot set (a refresh that moved only those is not drift, and is not recorded as such).
  bool check_before(const std::string& at, const ResourceChange& ch, const Value& expected) {
    if (ch.before.is_null() != expected.is_null() ||
        drift_is_relevant(schema_of(ch.provider, ch.addr), expected, ch.before))
      return fail(at + ".before",
                  expected.is_null()
                      ? "set, but " + ch.addr.to_string() + " does not exist"
                      : "differs from the state and the plan's refresh of " + ch.addr.to_string());
    return true;
  }

  bool check_deposed(const std::string& at, const ResourceChange& ch) {
    auto found = state.deposed.find(DeposedKey{ch.addr, ch.deposed});
    if (found == state.deposed.end())
      return fail(at + ".deposed",
                  "the state has no deposed object " + ch.deposed + " of " + ch.addr.to_string());
    if (ch.action != Action::Delete) return fail(at + ".action", "a deposed object is deleted");
    if (!(ch.provider == found->second.provider))
      return fail(at + ".provider",
                  "the state records provider[" + found->second.provider.to_string() + "]");
    if (!targeted(ch.addr)) return fail(at + ".address", "outside the plan's targets");
    return check_before(at, ch, value_of(found->second));
  }

  // One change of the plan against what a fresh plan would do to its address.
  bool check_change(const std::string& at, const ResourceChange& ch) {
    if (!ch.deposed.empty()) return check_deposed(at, ch);
    const InstanceState* rec = state.find(ch.addr);
    auto in_config = config.find(ch.addr);
    const ResourceInstance* ri = in_config == config.end() ? nullptr : in_config->second;
    Value now = refreshed_value(rec);
    const std::string name = ch.addr.to_string();
    bool scoped = ri ? in_closure.count(ch.addr) > 0 : targeted(ch.addr);
    if (!scoped) return fail(at + ".address", name + " is outside the plan's targets");
    if (!ri && !rec)
      return fail(at + ".address", name + " is neither in the configuration nor in the state");
    const ProviderAddr& provider = ri ? ri->provider : rec->provider;
    if (!(ch.provider == provider))
      return fail(at + ".provider",
                  "a plan uses provider[" + provider.to_string() + "] for " + name);
    bool managed = ch.mode() == ResourceMode::Managed;
    if (plan.destroy || !ri) {
      // A destroy plan, or an object the configuration no longer has: delete what exists.
      if (!managed || now.is_null())
        return fail(at + ".action", "a plan changes nothing about " + name);
      if (ch.action != Action::Delete)
        return fail(at + ".action", std::string(action_name(ch.action)) + ", but " +
                                        (plan.destroy ? "a destroy plan deletes " + name
                                                      : name + " is no longer configured"));
      return check_before(at, ch, now);
    }
    if (!managed) {
      if (ch.action != Action::NoOp && ch.action != Action::Read)
        return fail(at + ".action",
                    "a data source is read, never " + std::string(action_name(ch.action)));
      return ch.before.is_null() || fail(at + ".before", "a data source has no prior value");
    }
    if (now.is_null()) {
      if (ch.action != Action::Create)
        return fail(at + ".action", std::string(action_name(ch.action)) + ", but " + name +
                                        " does not exist, so a plan creates it");
      return check_before(at, ch, now);
    }
    bool cbd = ri->resource->lifecycle.create_before_destroy;
    Action replace_action = cbd ? Action::CreateThenDelete : Action::DeleteThenCreate;
    bool must_replace = replace.count(ch.addr) || (rec && rec->tainted);
    bool allowed = must_replace ? ch.action == replace_action
                                : ch.action == Action::NoOp || ch.action == Action::Update ||
                                      ch.action == replace_action;
    if (!allowed)
      return fail(at + ".action", std::string(action_name(ch.action)) + ", but " + name +
                                      " is configured and exists, so a plan " +
                                      (must_replace ? std::string("replaces it (") +
                                                          action_name(replace_action) + ")"
                                                    : "keeps, updates or replaces it"));
    if (ch.action == Action::NoOp && !same_value(ch.before, ch.after))
      return fail(at + ".after", "a no-op must leave " + name + " as it is");
    return check_before(at, ch, now);
  }

  // Everything a fresh plan lists must be there: nothing may be dropped from the plan.
  bool check_complete(const std::set<std::pair<InstanceAddr, std::string>>& seen) {
    auto missing = [&](const InstanceAddr& addr, const std::string& what) {
      return fail("changes", "no change for " + addr.to_string() + ", " + what);
    };
    if (!plan.destroy) {
      for (const auto& [addr, ri] : config)
        if (in_closure.count(addr) && !seen.count({addr, ""}))
          return missing(addr, "which the configuration declares");
    }
    for (const auto& [addr, rec] : state.instances) {
      bool gone_from_config = plan.destroy || !config.count(addr);
      bool scoped = config.count(addr) ? in_closure.count(addr) > 0 : targeted(addr);
      if (addr.resource.mode != ResourceMode::Managed || !gone_from_config || !scoped ||
          refreshed_value(&rec).is_null())
        continue;
      if (!seen.count({addr, ""})) return missing(addr, "which a plan deletes");
    }
    for (const auto& [key, rec] : state.deposed)
      if (targeted(key.first) && !seen.count(key))
        return missing(key.first, "deposed object " + key.second + ", which a plan deletes");
    return true;
  }
};

}  // namespace

std::string check_saved_changes(const Plan& saved, const LoadedConfig& cfg, const State& current,
                                const ProviderRegistry& registry) {
  // The moved, removed and import blocks, as a fresh plan applies them to the state first; the
  // imported objects as the plan read them (a plan made without calling a provider cannot
  // read them again).
  Refactoring refactoring;
  std::optional<State> refactored;
  Diagnostics rd;
  const State& moved = refactored_prior(cfg, current, saved.refresh_only, saved.destroy, refactored,
                                        refactoring, rd);
  if (rd.has_errors()) return "the moved, removed or import blocks fail: " + rd.items[0].summary;
  std::string why = check_saved_refactoring(saved, refactoring);
  if (!why.empty()) return why;
  if (refactored)
    for (const ResourceChange& ch : saved.changes)
      if (ch.importing) refactored->set(record_of(ch.addr, ch.provider, ch.before, {}));
  std::optional<State> storage;
  const State& working = with_pending_recorded(moved, storage);
  Expected e{saved, cfg, working, registry, moved, {}, {}, {}, {}, {}, {}, {}};
  if (!e.read_options() || !e.read_drift()) return e.error;
  if (saved.refresh_only) {  // only the drift; data sources are read as in any plan
    for (size_t i = 0; i < saved.changes.size(); ++i)
      if (saved.changes[i].mode() == ResourceMode::Managed)
        return "changes[" + std::to_string(i) + "] (" + saved.changes[i].addr.to_string() +
               "): a refresh-only plan changes no managed object";
    return "";
  }
  std::set<std::pair<InstanceAddr, std::string>> seen;
  for (size_t i = 0; i < saved.changes.size(); ++i) {
    const ResourceChange& ch = saved.changes[i];
    if (ch.action == Action::Forget) continue;  // check_saved_refactoring checked it
    std::string at = "changes[" + std::to_string(i) + "] (" + ch.addr.to_string() + ")";
    if (!seen.emplace(ch.addr, ch.deposed).second)
      return at + ".address: a second change for the same object";
    if (!e.check_change(at, ch)) return e.error;
  }
  e.check_complete(seen);
  return e.error;
}

}  // namespace fedplan
