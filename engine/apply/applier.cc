// Applier: a plan's changes walked by the Walker. Creates and updates follow dependencies,
// deletes wait for whatever depended on them; failures skip only their dependents.
#include "engine/apply/applier.h"

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "engine/apply/apply_step.h"
#include "engine/apply/encoded_cache.h"
#include "engine/apply/errored_state.h"
#include "engine/apply/state_saver.h"
#include "engine/config/conditions.h"
#include "engine/graph/walker.h"
#include "engine/plan/checks.h"
#include "engine/plan/dependencies.h"
#include "engine/plan/refactor.h"
#include "lang/value_json.h"
#include "state/instance_value.h"

namespace fedplan {

namespace {

struct Applier {
  const LoadedConfig& cfg;
  const Plan& plan;
  State& state;
  ProviderSet& providers;
  const ApplyOptions& options;
  Diagnostics& diags;
  Clock& clock;
  StateSaver& saver;
  EncodedCache& encoded;

  // One step per change that is not a no-op: walker node i is steps[i].
  std::vector<ApplyStep> steps;
  WalkValues values;
  std::optional<Walker> walker;
  ApplySummary summary;

  // Guards what the saver's thread shares: the state and the encoded cache (which the
  // walker's thread alone changes), and the steps held until a write holds them.
  std::mutex mu;
  std::vector<int> held;      // steps whose records wait for a write
  uint64_t saved_ticket = 0;  // every write request up to this one is written (or failed)
  // Steps that recorded something no write was asked for yet (their ticket kUnrequested).
  std::vector<ApplyStep*> unrequested;
  static constexpr uint64_t kUnrequested = UINT64_MAX;
  // A write failed: nothing new starts, and no step is complete from then on.
  bool write_failed = false;
  std::vector<int> halted;               // ready when the write failed: not started
  std::vector<int> unsaved;              // ran, but the write that was to hold them failed
  std::condition_variable intent_saved;  // a write ended: creates waiting for it may start

  // A state write failed: start nothing new.
  bool stopped() {
    std::lock_guard<std::mutex> lock(mu);
    return write_failed;
  }

  std::atomic<int> calls_made{0};        // provider calls returned, for kill_after_call
  std::vector<InstanceAddr> unresolved;  // pending creates of a killed run this plan skips

  static bool creates(Action a) {
    return a == Action::Create || a == Action::DeleteThenCreate || a == Action::CreateThenDelete;
  }

  std::mutex say_mu;  // progress lines come from the walker, its workers and the saver

  void say(const std::string& line) {
    std::lock_guard<std::mutex> lock(say_mu);
    if (options.progress) options.progress(line);
  }

  int64_t elapsed(const ApplyStep& s) {
    return std::chrono::duration_cast<std::chrono::seconds>(clock.now() - s.started).count();
  }

  // Says the progress line of a step's moment and gives it to on_step. A failure is not said
  // (the diagnostics tell it), only given to on_step.
  void tell(const ApplyStep& s, StepEvent e, int64_t secs) {
    std::string line = progress_line(*s.change, e, secs);
    std::lock_guard<std::mutex> lock(say_mu);
    if (options.progress && e != StepEvent::Errored) options.progress(line);
    std::string id = string_id(e == StepEvent::Complete ? s.result : s.prior);
    if (options.on_step) options.on_step(StepMoment{*s.change, e, secs, line, id});
  }

  void report(Diagnostics&& d, const InstanceAddr& addr) {
    for (Diagnostic& x : d.items)
      if (x.address.empty()) x.address = addr.to_string();
    diags.append(std::move(d));
  }

  // Starts from the state as the plan's refresh found it, as Terraform does: an object found
  // gone is no longer recorded (so its create starts from nothing), and one changed outside
  // fedplan is recorded as read. The first write stores this.
  // A create a killed run left pending is settled the same way: the object the plan found is
  // recorded as fedplan's, and the intent goes (with nothing found, only the intent goes).
  void adopt_refresh() {
    for (const Drift& d : plan.drift) {
      if (d.pending) {
        adopt_pending(d);
        continue;
      }
      if (!plan.refreshed) continue;
      InstanceState* rec = state.find(d.addr);
      if (!rec) continue;
      if (d.live.is_null()) {
        state.remove(d.addr);
        continue;
      }
      InstanceState fresh = record_of(d.addr, rec->provider, d.live, rec->dependencies);
      fresh.tainted = rec->tainted;
      fresh.schema_version = rec->schema_version;
      *rec = std::move(fresh);
    }
  }

  void adopt_pending(const Drift& d) {
    auto it = state.pending.find(d.addr);
    if (it == state.pending.end() || state.find(d.addr)) return;
    if (!d.live.is_null())
      state.set(record_of(d.addr, it->second.provider, d.live, it->second.dependencies));
    state.pending.erase(it);
  }

  void build() {
    for (const ResourceChange& ch : plan.changes)  // what replay_refactoring records
      if (ch.importing && ch.deposed.empty() && !ch.before.is_null() && !state.find(ch.addr))
        ++summary.imported;
    for (const InstanceAddr& a : replay_refactoring(plan, state)) encoded.changed(a);
    adopt_refresh();
    std::map<InstanceAddr, const ResourceInstance*> by_addr;
    for (const ResourceInstance& ri : cfg.instances.resources) by_addr[ri.addr] = &ri;
    // Every known value first: recorded state, then what the plan expects.
    for (const auto& [addr, inst] : state.instances) values.set(addr, value_of(inst));
    for (const ResourceChange& ch : plan.changes) {
      if (ch.action == Action::Forget) continue;  // replay_refactoring forgot it
      if (ch.action == Action::NoOp) {
        if (!ch.after.is_null() || ch.mode() == ResourceMode::Data) values.set(ch.addr, ch.after);
        // An unchanged object whose resource names another provider configuration now is
        // recorded with it, so that a later delete finds it configured.
        InstanceState* rec = ch.deposed.empty() ? state.find(ch.addr) : nullptr;
        if (rec && ch.mode() == ResourceMode::Managed && !(rec->provider == ch.provider)) {
          rec->provider = ch.provider;
          encoded.changed(ch.addr);
        }
        continue;
      }
      ApplyStep s;
      s.change = &ch;
      auto f = by_addr.find(ch.addr);
      s.instance = f == by_addr.end() ? nullptr : f->second;
      steps.push_back(std::move(s));
    }
    // Creates a killed run began that this plan does not make again: nobody resumes them.
    std::set<InstanceAddr> creating;
    for (const ApplyStep& s : steps)
      if (creates(s.change->action) && s.change->deposed.empty()) creating.insert(s.change->addr);
    for (const auto& [addr, _] : state.pending)
      if (!creating.count(addr)) unresolved.push_back(addr);
    std::vector<const InstanceAddr*> addrs;
    for (const ApplyStep& s : steps) addrs.push_back(&s.change->addr);
    DependencyIndex index(addrs);
    walker.emplace(steps.size());
    for (size_t i = 0; i < steps.size(); ++i) {
      const ResourceChange& ch = *steps[i].change;
      int me = static_cast<int>(i);
      for (const InstanceAddr& dep : ch.dependencies) {
        for (int j : index.find(dep)) {
          if (j == me) continue;
          // A delete waits for what depends on it; everything else waits for what it needs.
          if (steps[j].change->action == Action::Delete || ch.action == Action::Delete)
            walker->depend(j, me);
          else
            walker->depend(me, j);
        }
      }
    }
  }

  bool configure_providers() {
    ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
    e.use_instances(&cfg.instances);
    std::set<ProviderAddr> needed;
    for (const ApplyStep& s : steps) needed.insert(s.change->provider);
    for (const ProviderAddr& addr : needed) providers.configure(addr, cfg.instances, e, diags);
    return !diags.has_errors();
  }

  // Evaluates the step's arguments again, now that what they depend on is applied.
  bool evaluate(ApplyStep& s) {
    const ResourceChange& ch = *s.change;
    Diagnostics ed;
    if (!s.instance) {
      ed.error("Configuration changed since the plan",
               ch.addr.to_string() + " is no longer in the configuration.");
      report(std::move(ed), ch.addr);
      return false;
    }
    const Resource& r = *s.instance->resource;
    ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
    e.use_instances(&cfg.instances);
    const ResourceSchema* schema = r.mode == ResourceMode::Data
                                       ? s.provider->schema().data_source(r.type)
                                       : s.provider->schema().resource(r.type);
    if (check_preconditions(e, *s.instance, ed) == ConditionsResult::Pending)
      ed.error("Precondition not known at apply time",
               "A precondition of " + ch.addr.to_string() +
                   " is still unknown after everything it depends on was applied.");
    if (!ed.has_errors()) {
      s.config = e.resource_config(*s.instance, schema, ed);
      if (!s.config.wholly_known() && !ed.has_errors())
        ed.error("Configuration not known at apply time",
                 "Some arguments of " + ch.addr.to_string() +
                     " are still unknown after everything they depend on was applied.");
    }
    bool bad = ed.has_errors();
    report(std::move(ed), ch.addr);
    return !bad;
  }

  // A step is ready, on the walker's thread: what its calls start from, in which order.
  WalkStep visit(int id) {
    ApplyStep& s = steps[id];
    const ResourceChange& ch = *s.change;
    if (stopped()) {
      std::lock_guard<std::mutex> lock(mu);
      halted.push_back(id);
      return WalkStep::done(false);
    }
    s.provider = providers.get(ch.provider);
    if (!s.provider) {
      Diagnostics d;
      d.error("Provider not configured",
              "provider[" + ch.provider.to_string() + "] could not be configured.");
      report(std::move(d), ch.addr);
      return WalkStep::done(false);
    }
    auto plan_calls = [&s](std::initializer_list<StepCall> calls) {
      for (StepCall c : calls) s.calls[s.call_count++] = c;
    };
    if (!ch.deposed.empty()) {
      s.deposed_key = ch.deposed;
      auto found = state.deposed.find(DeposedKey{ch.addr, ch.deposed});
      if (found != state.deposed.end()) s.deposed_prior = value_of(found->second);
      plan_calls({StepCall::DeleteDeposed});
      return WalkStep::calling(call(id));
    }
    if (const InstanceState* rec = state.find(ch.addr)) s.prior = value_of(*rec);
    switch (ch.action) {
      case Action::Delete:
        plan_calls({StepCall::DeletePrior});
        return WalkStep::calling(call(id));
      case Action::DeleteThenCreate:
        plan_calls({StepCall::DeletePrior, StepCall::CreateOrUpdate});
        break;
      case Action::CreateThenDelete:
        plan_calls({StepCall::CreateOrUpdate, StepCall::DeleteDeposed});
        break;
      case Action::Read:
        plan_calls({StepCall::Read});
        break;
      default:
        plan_calls({StepCall::CreateOrUpdate});
        break;
    }
    if (!evaluate(s)) {
      s.started = clock.now();
      tell(s, StepEvent::Start, 0);
      tell(s, StepEvent::Errored, 0);
      return WalkStep::done(false);
    }
    if (creates(ch.action)) intend_create(s);
    return WalkStep::calling(call(id));
  }

  // Before a create's provider call, the state written holds its intent: a run killed after
  // the call leaves a pending create, so the next one knows an object found there is its own
  // (ApplyRequest::resumed). The intents of the creates visited together share one write.
  void intend_create(ApplyStep& s) {
    const ResourceChange& ch = *s.change;
    std::lock_guard<std::mutex> lock(mu);
    s.resumed = state.pending.count(ch.addr) > 0;
    state.pending[ch.addr] =
        record_of(ch.addr, ch.provider, create_intent(ch.after, s.config), ch.dependencies);
    encoded.changed(ch.addr);
    s.await_intent = true;
    recorded(s);
  }

  // On a worker: waits until a write holds the step's intent. False when a write failed.
  bool intent_written(ApplyStep& s) {
    std::unique_lock<std::mutex> lock(mu);
    intent_saved.wait(lock, [&] { return s.ticket <= saved_ticket || write_failed; });
    return !write_failed;
  }

  // The step's next provider call, for a worker; its first one says the step started.
  WalkCall call(int id) {
    ApplyStep& s = steps[id];
    WalkCall c;
    c.lane = s.provider;
    c.cap = providers.max_parallel(s.change->provider);
    c.run = [this, &s] {
      if (s.next_call == 0 && (s.await_intent ? !intent_written(s) : stopped())) {
        s.halted = true;
        return;
      }
      if (s.next_call == 0) {
        s.started = clock.now();
        tell(s, StepEvent::Start, 0);
      }
      run_step_call(s, s.calls[s.next_call], options.retries, clock);
      if (options.kill_after_call > 0 && ++calls_made == options.kill_after_call) raise(SIGKILL);
    };
    c.then = [this, id] { return after_call(id); };
    return c;
  }

  // Back on the walker's thread: records what the call left, then makes the next call, or
  // finishes the step (held until a write holds its records).
  WalkStep after_call(int id) {
    ApplyStep& s = steps[id];
    const ResourceChange& ch = *s.change;
    if (s.halted) {
      std::lock_guard<std::mutex> lock(mu);
      halted.push_back(id);
      // No call was made: the intent goes (unless a killed run left it).
      if (s.await_intent && !s.resumed) state.pending.erase(ch.addr);
      encoded.changed(ch.addr);
      return WalkStep::done(false);
    }
    StepCall done = s.calls[s.next_call++];
    if (!s.failed && (done == StepCall::CreateOrUpdate || done == StepCall::Read))
      s.failed = !postconditions_hold(cfg, values, s.instance, s.result, s.diags);
    report(std::move(s.diags), ch.addr);
    switch (done) {
      case StepCall::DeleteDeposed:
        if (s.failed) break;
        {
          std::lock_guard<std::mutex> lock(mu);
          state.deposed.erase(DeposedKey{ch.addr, s.deposed_key});
          recorded(s);
        }
        break;
      case StepCall::DeletePrior:
        if (s.deleted) record(s, Value());
        s.prior = Value();
        break;
      case StepCall::CreateOrUpdate:
        if (s.record) record(s, s.result, s.tainted);
        break;
      case StepCall::Read:
        if (!s.failed) values.set(ch.addr, s.result);
        break;
    }
    if (s.failed) return end(id, false);
    if (s.next_call < s.call_count) {
      // create_before_destroy: a deposed object to delete, or none when nothing was recorded.
      if (s.calls[s.next_call] == StepCall::DeleteDeposed && s.deposed_key.empty())
        return end(id, true);
      return WalkStep::calling(call(id));
    }
    return end(id, true);
  }

  // Records what a provider call left (null: nothing) in the state and asks for a write (the
  // saver groups the requests of steps that finish together into one write).
  // A create_before_destroy replacement deposes the old object in the same state update that
  // records the new one, so the old one is never untracked, whatever happens next.
  void record(ApplyStep& s, const Value& v, bool tainted = false) {
    const ResourceChange& ch = *s.change;
    {
      std::lock_guard<std::mutex> lock(mu);
      encoded.changed(ch.addr);
      if (v.is_null()) {
        state.remove(ch.addr);
      } else {
        if (ch.action == Action::CreateThenDelete && s.deposed_key.empty()) {
          s.deposed_key = state.depose(ch.addr);
          auto found = state.deposed.find(DeposedKey{ch.addr, s.deposed_key});
          if (found != state.deposed.end()) s.deposed_prior = value_of(found->second);
        }
        InstanceState rec = record_of(ch.addr, ch.provider, v, ch.dependencies);
        rec.tainted = tainted;
        state.set(std::move(rec));
        // The create's outcome is recorded: its intent is no longer needed. (A create that
        // failed with nothing to record keeps it: the object may exist all the same.)
        state.pending.erase(ch.addr);
      }
      recorded(s);
    }
    values.set(ch.addr, v);
  }

  // `s` changed the state: it waits for the write that request_write() will ask for. Holds mu.
  void recorded(ApplyStep& s) {
    s.ticket = kUnrequested;
    unrequested.push_back(&s);
  }

  // Asks for one state write for everything recorded since the last request. Called when the
  // walker has handled all there was, so the steps it handled together share a write.
  void request_write() {
    std::lock_guard<std::mutex> lock(mu);
    if (unrequested.empty()) return;
    uint64_t ticket = saver.changed();
    for (ApplyStep* s : unrequested) s->ticket = ticket;
    unrequested.clear();
  }

  void count(const ResourceChange& ch) {
    if (!ch.deposed.empty() || ch.action == Action::Delete)
      ++summary.destroyed;
    else if (ch.action == Action::Update)
      ++summary.changed;
    else if (ch.action == Action::Create)
      ++summary.added;
    else if (ch.action != Action::Read) {
      ++summary.added;
      ++summary.destroyed;
    }
  }

  // The step's calls are over. It counts as finished (its "complete" line printed, its
  // dependents free to start) only once a state write holds what it recorded (saved()); the
  // workers go on with other steps meanwhile.
  WalkStep end(int id, bool ok) {
    ApplyStep& s = steps[id];
    if (ok) count(*s.change);
    if (!ok) tell(s, StepEvent::Errored, elapsed(s));
    {
      std::lock_guard<std::mutex> lock(mu);
      if (s.ticket > saved_ticket) {
        s.ok = ok;
        held.push_back(id);
        return WalkStep::held();
      }
    }
    if (ok) say_complete(s);
    return WalkStep::done(ok);
  }

  void say_complete(const ApplyStep& s) { tell(s, StepEvent::Complete, elapsed(s)); }

  // A state write ended that holds every request up to `ticket`: the steps it holds are
  // finished, or, when it failed (`written` false), they failed. Called on the saver's thread.
  void saved(uint64_t ticket, bool written) {
    std::lock_guard<std::mutex> lock(mu);
    saved_ticket = std::max(saved_ticket, ticket);
    write_failed = write_failed || !written;
    std::vector<int> still;
    for (int id : held) {
      ApplyStep& s = steps[id];
      if (s.ticket > saved_ticket) {
        still.push_back(id);
        continue;
      }
      if (!written) unsaved.push_back(id);
      if (s.ok && !written) tell(s, StepEvent::Errored, elapsed(s));
      if (s.ok && written) say_complete(s);
      walker->finish(id, s.ok && written);
    }
    held = std::move(still);
    intent_saved.notify_all();
  }

  void run_all() {
    WalkOptions wo;
    wo.parallelism = std::max(1, options.parallelism);
    wo.interrupted = options.interrupted;
    wo.clock = &clock;
    wo.tick_seconds = std::max(1, options.still_every_seconds);
    WalkResult r = walker->run(
        wo, [this](int id) { return visit(id); },
        [this](int id, int secs) { tell(steps[id], StepEvent::Progress, secs); },
        [this] { request_write(); });
    std::set<int> quiet(halted.begin(), halted.end());
    quiet.insert(unsaved.begin(), unsaved.end());
    for (int id : r.failed)
      if (!quiet.count(id)) summary.failed.push_back(steps[id].change->addr.to_string());
    for (int id : halted) summary.not_started.push_back(steps[id].change->addr.to_string());
    for (int id : unsaved) summary.unsaved.push_back(steps[id].change->addr.to_string());
    for (int id : r.skipped) summary.skipped.push_back(steps[id].change->addr.to_string());
    for (int id : r.stuck) {
      const std::string addr = steps[id].change->addr.to_string();
      summary.skipped.push_back(addr);
      diags.error("Changes wait for each other",
                  addr + " could not be ordered against the other changes; it was not applied.");
    }
    summary.interrupted = r.interrupted;
  }

  void outputs() {
    if (plan.destroy) {
      state.outputs.clear();
      return;
    }
    if (!plan.complete) return;
    ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
    e.use_instances(&cfg.instances);
    const ModuleInstance* root = cfg.instances.root();
    state.outputs.clear();
    for (const auto& [name, o] : root->module->outputs) {
      Value v = e.output(*root, name, diags);
      if (!v.wholly_known()) continue;
      OutputState os;
      os.value = to_json(v);
      os.sensitive = o.sensitive || v.contains_sensitive();
      state.outputs[name] = std::move(os);
    }
  }
};

// Creates a killed run began that this apply did not create again (a destroy, or a
// configuration without them): fedplan does not know whether those objects exist.
void warn_unresolved(const std::vector<InstanceAddr>& unresolved, Diagnostics& diags) {
  if (unresolved.empty()) return;
  std::string addrs;
  for (const InstanceAddr& addr : unresolved) addrs += "\n  " + addr.to_string();
  diags.warning("Objects a killed run may have created",
                "A run that was killed began creating these and never recorded the outcome, so "
                "they may exist without being managed:" +
                    addrs +
                    "\nAn apply of a configuration that has them takes them over (then destroy "
                    "removes them); otherwise check for them and remove them by hand.");
}

}  // namespace

ApplySummary apply_plan(const LoadedConfig& cfg, const Plan& plan, State& state,
                        StateBackend& backend, ProviderSet& providers, const ApplyOptions& options,
                        Diagnostics& diags) {
  SystemClock system_clock;
  Clock& clock = options.clock ? *options.clock : system_clock;
  std::mutex* applier_mu = nullptr;
  EncodedCache encoded;
  StateSaver saver(
      backend,
      [&]() {
        std::lock_guard<std::mutex> lock(*applier_mu);
        return encoded.take(state);
      },
      [&]() {
        std::lock_guard<std::mutex> lock(*applier_mu);
        return encoded.take_changes(state);
      },
      [&](uint64_t serial) {
        std::lock_guard<std::mutex> lock(*applier_mu);
        state.serial = std::max(state.serial, serial);
      });
  Applier a{cfg, plan, state, providers, options, diags, clock, saver, encoded};
  applier_mu = &a.mu;
  saver.on_saved([&a](uint64_t ticket, bool written) { a.saved(ticket, written); });
  a.build();
  if (!a.configure_providers()) {
    a.summary.failed.push_back("(provider configuration)");
    return a.summary;
  }
  saver.start();
  a.run_all();
  saver.stop();
  {
    std::lock_guard<std::mutex> lock(a.mu);
    if (a.summary.ok()) a.outputs();
  }
  if (a.summary.ok() && !plan.destroy) evaluate_checks(cfg, a.values, diags);
  warn_unresolved(a.unresolved, diags);
  bool written = !saver.failed() && saver.save_now();
  diags.append(saver.errors());
  if (!written) {
    a.summary.state_write_failed = true;
    if (write_errored_state(state, options.errored_state_path, backend.describe(), diags,
                            options.errored_state_cipher))
      a.summary.errored_state = options.errored_state_path;
  }
  return a.summary;
}

}  // namespace fedplan
