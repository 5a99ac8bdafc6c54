// Applier: the parallel walk over a plan's changes. Creates and updates follow dependencies,
// deletes wait for whatever depended on them; failures skip only their dependents.
#include "engine/apply/applier.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

#include "engine/apply/encoded_cache.h"
#include "engine/apply/state_saver.h"
#include "engine/config/conditions.h"
#include "lang/value_json.h"
#include "state/instance_value.h"

namespace fedplan {

bool consistent_with_plan(const Value& saved, const Value& fresh) {
  if (!saved.known()) return true;
  if (!fresh.known()) return false;
  if (saved.is_mapping() && fresh.is_mapping()) {
    for (const auto& [k, v] : saved.attributes()) {
      const Value* f = fresh.get(k);
      if (!f) {
        if (!v.is_null()) return false;
        continue;
      }
      if (!consistent_with_plan(v, *f)) return false;
    }
    return true;
  }
  if (saved.is_sequence() && fresh.is_sequence()) {
    if (saved.elements().size() != fresh.elements().size()) return false;
    for (size_t i = 0; i < saved.elements().size(); ++i)
      if (!consistent_with_plan(saved.elements()[i], fresh.elements()[i])) return false;
    return true;
  }
  return to_json(saved.unmarked_deep()) == to_json(fresh.unmarked_deep());
}

namespace {

// Saving: the provider call is over and the step waits for a state write that holds it; its
// worker has gone on to other steps.
enum class Status : uint8_t { Waiting, Ready, Running, Saving, Done, Failed, Skipped };

// One change to carry out.
struct Item {
  const ResourceChange* change = nullptr;
  const ResourceInstance* instance = nullptr;  // null for state-only instances
  std::vector<int> waits_for;
  std::vector<int> waiters;
  int pending = 0;
  Status status = Status::Waiting;
  bool ok = false;           // Saving: how the step went
  uint64_t save_ticket = 0;  // the state write request that holds this step's last record
  Clock::time_point started;
  int reported_seconds = 0;
  std::string deposed_key;  // create_before_destroy: the key the old object was deposed under
};

// "ADDR" or "ADDR (deposed object KEY)": how progress lines and messages name a change.
std::string name_of(const ResourceChange& ch) {
  std::string addr = ch.addr.to_string();
  return ch.deposed.empty() ? addr : addr + " (deposed object " + ch.deposed + ")";
}

const char* verb_ing(Action a) {
  switch (a) {
    case Action::Create:
      return "Creating...";
    case Action::Update:
      return "Modifying...";
    case Action::Delete:
      return "Destroying...";
    case Action::Read:
      return "Reading...";
    default:
      return "Replacing...";
  }
}

const char* still_ing(Action a) {
  switch (a) {
    case Action::Create:
      return "Still creating...";
    case Action::Update:
      return "Still modifying...";
    case Action::Delete:
      return "Still destroying...";
    case Action::Read:
      return "Still reading...";
    default:
      return "Still replacing...";
  }
}

const char* done_word(Action a) {
  switch (a) {
    case Action::Create:
      return "Creation complete";
    case Action::Update:
      return "Modifications complete";
    case Action::Delete:
      return "Destruction complete";
    case Action::Read:
      return "Read complete";
    default:
      return "Replacement complete";
  }
}

struct Applier {
  const LoadedConfig& cfg;
  const Plan& plan;
  State& state;
  ProviderSet& providers;
  const ApplyOptions& options;
  Diagnostics& diags;
  Clock& clock;
  StateSaver& saver;
  EncodedCache& encoded;  // guarded by mu, like the state

  std::vector<Item> items;
  WalkValues values;
  std::map<ProviderAddr, int> running_per_provider;

  std::mutex mu;  // guards items' status, queues, diags, state, summary
  std::condition_variable cv;
  std::deque<int> ready;
  int unfinished = 0;
  int running = 0;
  std::vector<int> saving;    // steps in Status::Saving
  uint64_t saved_ticket = 0;  // every write request up to this one is written (or failed)
  bool stop_ticker = false;
  ApplySummary summary;

  std::mutex say_mu;  // progress lines come from many workers; print one at a time

  void say(const std::string& line) {
    std::lock_guard<std::mutex> lock(say_mu);
    if (options.progress) options.progress(line);
  }

  // Starts from the state as the plan's refresh found it, as Terraform does: an object found
  // gone is no longer recorded (so its create starts from nothing), and one changed outside
  // fedplan is recorded as read. The first write stores this.
  void adopt_refresh() {
    if (!plan.refreshed) return;
    for (const Drift& d : plan.drift) {
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

  void build() {
    adopt_refresh();
    std::map<InstanceAddr, const ResourceInstance*> by_addr;
    for (const ResourceInstance& ri : cfg.instances.resources) by_addr[ri.addr] = &ri;
    // Every known value first: recorded state, then what the plan expects.
    for (const auto& [addr, inst] : state.instances) values.set(addr, value_of(inst));
    std::map<std::string, std::vector<int>> by_name;
    for (const ResourceChange& ch : plan.changes) {
      if (ch.action == Action::NoOp) {
        if (!ch.after.is_null() || ch.mode() == ResourceMode::Data) values.set(ch.addr, ch.after);
        continue;
      }
      Item it;
      it.change = &ch;
      auto f = by_addr.find(ch.addr);
      it.instance = f == by_addr.end() ? nullptr : f->second;
      int id = static_cast<int>(items.size());
      items.push_back(it);
      by_name[ch.addr.to_string()].push_back(id);
      if (!ch.addr.key.empty()) by_name[ch.addr.resource.to_string()].push_back(id);
    }
    for (size_t i = 0; i < items.size(); ++i) {
      const ResourceChange& ch = *items[i].change;
      for (const std::string& dep : ch.dependencies) {
        auto f = by_name.find(dep);
        if (f == by_name.end()) continue;
        for (int j : f->second) {
          if (j == static_cast<int>(i)) continue;
          // A delete waits for what depends on it; everything else waits for what it needs.
          if (items[j].change->action == Action::Delete)
            link(j, static_cast<int>(i));
          else if (ch.action != Action::Delete)
            link(static_cast<int>(i), j);
          else
            link(j, static_cast<int>(i));
        }
      }
    }
    unfinished = static_cast<int>(items.size());
    for (size_t i = 0; i < items.size(); ++i)
      if (items[i].pending == 0) {
        items[i].status = Status::Ready;
        ready.push_back(static_cast<int>(i));
      }
  }

  void link(int waiter, int target) {
    for (int t : items[waiter].waits_for)
      if (t == target) return;
    items[waiter].waits_for.push_back(target);
    items[target].waiters.push_back(waiter);
    ++items[waiter].pending;
  }

  bool configure_providers() {
    ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
    e.use_instances(&cfg.instances);
    std::set<ProviderAddr> needed;
    for (const Item& it : items) needed.insert(it.change->provider);
    for (const ProviderAddr& addr : needed) providers.configure(addr, cfg.instances, e, diags);
    return !diags.has_errors();
  }

  // Picks a ready item whose provider has room; -1 when none may start now.
  int take_ready() {
    for (auto it = ready.begin(); it != ready.end(); ++it) {
      const ProviderAddr& p = items[*it].change->provider;
      int cap = providers.max_parallel(p);
      if (cap > 0 && running_per_provider[p] >= cap) continue;
      int id = *it;
      ready.erase(it);
      return id;
    }
    return -1;
  }

  void worker() {
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      int id = -1;
      cv.wait(lock, [&] {
        if (unfinished == 0) return true;
        if (options.interrupted && options.interrupted->load()) return true;
        id = take_ready();
        // Nothing ready and nothing running: what is left waits in a circle; skip it.
        return id >= 0 || (ready.empty() && running == 0 && saving.empty());
      });
      if (id < 0) {
        if (unfinished > 0 && running == 0 && ready.empty() && saving.empty() &&
            !(options.interrupted && options.interrupted->load()))
          skip_stuck();
        cv.notify_all();
        return;
      }
      ++running;
      Item& it = items[id];
      it.status = Status::Running;
      it.started = clock.now();
      ++running_per_provider[it.change->provider];
      lock.unlock();
      bool ok = run(it);
      lock.lock();
      --running;
      --running_per_provider[it.change->provider];
      if (it.save_ticket > saved_ticket) {
        // Finished once a write holds it (saved()); this worker goes on meanwhile.
        it.status = Status::Saving;
        it.ok = ok;
        saving.push_back(id);
      } else {
        complete(id, ok);
      }
      cv.notify_all();
    }
  }

  // A state write ended that holds every request up to `ticket`: the steps it holds are
  // finished. Called by the saver's thread.
  void saved(uint64_t ticket) {
    std::lock_guard<std::mutex> lock(mu);
    saved_ticket = std::max(saved_ticket, ticket);
    std::vector<int> still;
    for (int id : saving) {
      if (items[id].save_ticket <= saved_ticket)
        complete(id, items[id].ok);
      else
        still.push_back(id);
    }
    saving = std::move(still);
    cv.notify_all();
  }

  // A step is finished: its "complete" line, then its dependents are free (or skipped). Holds
  // `mu`.
  void complete(int id, bool ok) {
    Item& it = items[id];
    if (ok) {
      const ResourceChange& ch = *it.change;
      auto secs =
          std::chrono::duration_cast<std::chrono::seconds>(clock.now() - it.started).count();
      say(name_of(ch) + ": " + done_word(ch.action) + " after " + std::to_string(secs) + "s");
    }
    finish(id, ok);
  }

  // Skips every item still waiting (only possible with circular waits). Holds `mu`.
  void skip_stuck() {
    for (Item& it : items) {
      if (it.status != Status::Waiting) continue;
      it.status = Status::Skipped;
      --unfinished;
      summary.skipped.push_back(it.change->addr.to_string());
      diags.error("Changes wait for each other", it.change->addr.to_string() +
                                                     " could not be ordered against the other "
                                                     "changes; it was not applied.");
    }
  }

  // Marks `id` done or failed, releasing or skipping what waits for it. Holds `mu`.
  void finish(int id, bool ok) {
    Item& it = items[id];
    it.status = ok ? Status::Done : Status::Failed;
    --unfinished;
    if (!ok) summary.failed.push_back(it.change->addr.to_string());
    std::vector<int> stack;
    for (int w : it.waiters) {
      if (ok) {
        if (--items[w].pending == 0 && items[w].status == Status::Waiting) {
          items[w].status = Status::Ready;
          ready.push_back(w);
        }
      } else {
        stack.push_back(w);
      }
    }
    while (!stack.empty()) {
      int w = stack.back();
      stack.pop_back();
      if (items[w].status != Status::Waiting && items[w].status != Status::Ready) continue;
      if (items[w].status == Status::Ready) ready.erase(std::find(ready.begin(), ready.end(), w));
      items[w].status = Status::Skipped;
      --unfinished;
      summary.skipped.push_back(items[w].change->addr.to_string());
      for (int x : items[w].waiters) stack.push_back(x);
    }
  }

  void report(const InstanceAddr& addr, Diagnostics&& d) {
    std::lock_guard<std::mutex> lock(mu);
    for (Diagnostic& x : d.items)
      if (x.address.empty()) x.address = addr.to_string();
    diags.append(std::move(d));
  }

  // Calls the provider, retrying a retryable failure with a growing pause.
  ApplyResult call_apply(Provider* p, const ApplyRequest& req) {
    ApplyResult r;
    for (int attempt = 0;; ++attempt) {
      r = p->apply(req);
      if (!r.diags.has_errors() || !r.retryable || attempt >= options.retries) return r;
      clock.sleep_for(std::chrono::milliseconds(500 << attempt));
    }
  }

  // Records what a provider call left (null: nothing) in the state and asks for a write (the
  // saver groups the requests of steps that finish together into one write).
  // A create_before_destroy replacement deposes the old object in the same state update that
  // records the new one, so the old one is never untracked, whatever happens next.
  void record(Item& it, const Value& v, bool tainted = false) {
    const ResourceChange& ch = *it.change;
    {
      std::lock_guard<std::mutex> lock(mu);
      encoded.changed(ch.addr);
      if (v.is_null()) {
        state.remove(ch.addr);
      } else {
        if (ch.action == Action::CreateThenDelete && it.deposed_key.empty())
          it.deposed_key = state.depose(ch.addr);
        InstanceState rec = record_of(ch.addr, ch.provider, v, ch.dependencies);
        rec.tainted = tainted;
        state.set(std::move(rec));
      }
    }
    values.set(ch.addr, v);
    it.save_ticket = saver.changed();
  }

  // One step's provider calls and records. It counts as finished (its "complete" line
  // printed, its dependents free to start) only once a state write holds what it recorded
  // (saved()), but its worker does not wait for that write: it takes the next ready step.
  bool run(Item& it) { return step(it); }

  // Deletes the deposed object `key` of `it`'s address and forgets it; false (with the
  // provider's error) when the delete fails, which leaves it recorded for the next apply.
  bool delete_deposed(Item& it, Provider* p, const std::string& key) {
    const ResourceChange& ch = *it.change;
    DeposedKey k{ch.addr, key};
    Value prior;
    {
      std::lock_guard<std::mutex> lock(mu);
      auto found = state.deposed.find(k);
      if (found != state.deposed.end()) prior = value_of(found->second);
    }
    if (!prior.is_null()) {
      ApplyResult r = call_apply(p, ApplyRequest{ch.type(), prior, Value(), Value()});
      bool bad = r.diags.has_errors();
      for (Diagnostic& d : r.diags.items)
        if (d.address.empty()) d.address = ch.addr.to_string() + " (deposed object " + key + ")";
      report(ch.addr, std::move(r.diags));
      if (bad) return false;
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      state.deposed.erase(k);
    }
    it.save_ticket = saver.changed();
    return true;
  }

  bool step(Item& it) {
    const ResourceChange& ch = *it.change;
    std::string addr = name_of(ch);
    Provider* p = providers.get(ch.provider);
    if (!p) {
      Diagnostics d;
      d.error("Provider not configured",
              "provider[" + ch.provider.to_string() + "] could not be configured.");
      report(ch.addr, std::move(d));
      return false;
    }
    say(addr + ": " + verb_ing(ch.action));
    if (!ch.deposed.empty()) {
      if (!delete_deposed(it, p, ch.deposed)) return false;
      std::lock_guard<std::mutex> lock(mu);
      ++summary.destroyed;
      return true;
    }
    Value prior;
    if (const InstanceState* rec = [&] {
          std::lock_guard<std::mutex> lock(mu);
          return state.find(ch.addr);
        }())
      prior = value_of(*rec);
    bool ok = true;
    if (ch.action == Action::Delete || ch.action == Action::DeleteThenCreate) {
      if (!prior.is_null()) {
        ApplyResult r = call_apply(p, ApplyRequest{ch.type(), prior, Value(), Value()});
        bool bad = r.diags.has_errors();
        report(ch.addr, std::move(r.diags));
        if (bad) return false;
        record(it, Value());
        prior = Value();
      }
      if (ch.action == Action::Delete) {
        std::lock_guard<std::mutex> lock(mu);
        ++summary.destroyed;
      }
    }
    if (ch.action == Action::Create || ch.action == Action::Update ||
        ch.action == Action::DeleteThenCreate || ch.action == Action::CreateThenDelete ||
        ch.action == Action::Read) {
      ok = create_or_update(it, p, ch.action == Action::CreateThenDelete ? Value() : prior);
      if (ok && ch.action == Action::CreateThenDelete && !it.deposed_key.empty())
        ok = delete_deposed(it, p, it.deposed_key);
      if (ok) {
        std::lock_guard<std::mutex> lock(mu);
        if (ch.action == Action::Update)
          ++summary.changed;
        else if (ch.action == Action::Create)
          ++summary.added;
        else if (ch.action != Action::Read) {
          ++summary.added;
          ++summary.destroyed;
        }
      }
    }
    return ok;
  }

  bool create_or_update(Item& it, Provider* p, const Value& prior) {
    const ResourceChange& ch = *it.change;
    if (!it.instance) {
      Diagnostics d;
      d.error("Configuration changed since the plan",
              ch.addr.to_string() + " is no longer in the configuration.");
      report(ch.addr, std::move(d));
      return false;
    }
    const Resource& r = *it.instance->resource;
    ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
    e.use_instances(&cfg.instances);
    const ResourceSchema* schema = r.mode == ResourceMode::Data ? p->schema().data_source(r.type)
                                                                : p->schema().resource(r.type);
    Diagnostics ed;
    if (check_preconditions(e, *it.instance, ed) == ConditionsResult::Pending)
      ed.error("Precondition not known at apply time",
               "A precondition of " + ch.addr.to_string() +
                   " is still unknown after everything it depends on was applied.");
    if (ed.has_errors()) {
      report(ch.addr, std::move(ed));
      return false;
    }
    Value config = e.resource_config(*it.instance, schema, ed);
    if (!config.wholly_known() && !ed.has_errors())
      ed.error("Configuration not known at apply time",
               "Some arguments of " + ch.addr.to_string() +
                   " are still unknown after everything they depend on was applied.");
    bool bad = ed.has_errors();
    report(ch.addr, std::move(ed));
    if (bad) return false;
    if (r.mode == ResourceMode::Data) {
      ReadResult rr = p->read_data(r.type, config);
      bool failed = rr.diags.has_errors();
      report(ch.addr, std::move(rr.diags));
      if (failed) return false;
      values.set(ch.addr, rr.state);
      return true;
    }
    PlanResult pr = p->plan_change(PlanRequest{r.type, prior, config});
    bool failed = pr.diags.has_errors();
    report(ch.addr, std::move(pr.diags));
    if (failed) return false;
    if (!consistent_with_plan(ch.after, pr.planned)) {
      Diagnostics d;
      d.error("Provider produced inconsistent final plan",
              "When applying " + ch.addr.to_string() + ", the " + ch.provider.type +
                  " provider planned a value that differs from the approved plan. Run "
                  "`fedplan plan` again to see the current changes.");
      report(ch.addr, std::move(d));
      return false;
    }
    ApplyResult ar = call_apply(p, ApplyRequest{r.type, prior, pr.planned, config});
    bool apply_failed = ar.diags.has_errors();
    report(ch.addr, std::move(ar.diags));
    // A create that failed after making its object leaves it tainted (replaced by the next
    // plan); a failed update records what the provider returned, as Terraform does.
    if (!ar.state.is_null() || !apply_failed) record(it, ar.state, apply_failed && prior.is_null());
    return !apply_failed;
  }

  void ticker() {
    std::unique_lock<std::mutex> lock(mu);
    while (!stop_ticker) {
      cv.wait_for(lock, std::chrono::milliseconds(250));
      auto now = clock.now();
      for (Item& it : items) {
        if (it.status != Status::Running) continue;
        int secs = static_cast<int>(
            std::chrono::duration_cast<std::chrono::seconds>(now - it.started).count());
        int every = std::max(1, options.still_every_seconds);
        if (secs >= it.reported_seconds + every) {
          it.reported_seconds = secs / every * every;
          say(name_of(*it.change) + ": " + still_ing(it.change->action) + " [" +
              std::to_string(it.reported_seconds) + "s elapsed]");
        }
      }
    }
  }

  void run_all() {
    int n = std::max(1, options.parallelism);
    std::thread tick([this] { ticker(); });
    std::vector<std::thread> pool;
    for (int i = 0; i < n; ++i) pool.emplace_back([this] { worker(); });
    for (std::thread& t : pool) t.join();
    {
      std::lock_guard<std::mutex> lock(mu);
      stop_ticker = true;
      summary.interrupted = options.interrupted && options.interrupted->load() && unfinished > 0;
    }
    cv.notify_all();
    tick.join();
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
      [&](uint64_t serial) {
        std::lock_guard<std::mutex> lock(*applier_mu);
        state.serial = std::max(state.serial, serial);
      });
  Applier a{cfg, plan, state, providers, options, diags, clock, saver, encoded};
  applier_mu = &a.mu;
  saver.on_saved([&a](uint64_t ticket) { a.saved(ticket); });
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
  saver.save_now();
  diags.append(saver.errors());
  return a.summary;
}

}  // namespace fedplan
