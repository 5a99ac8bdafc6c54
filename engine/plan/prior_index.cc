// Building the prior index: decode every recorded instance once, index it by address; and the
// prior a plan diffs against when a killed run left creates pending; their refresh.
#include "engine/plan/prior_index.h"

#include "engine/plan/change_rules.h"
#include "state/instance_value.h"

namespace fedplan {

PriorIndex::PriorIndex(const State& prior) {
  items_.reserve(prior.instances.size());
  by_addr_.reserve(prior.instances.size(), addr_of());
  for (const auto& [addr, inst] : prior.instances) {
    PriorInstance& p = items_.emplace_back();
    p.state = &inst;
    p.recorded = value_of(inst);
    by_addr_.insert(static_cast<int>(items_.size() - 1), addr_of());
  }
}

PriorInstance* PriorIndex::find(const InstanceAddr& addr) {
  int i = by_addr_.find(addr, addr_of());
  return i < 0 ? nullptr : &items_[static_cast<size_t>(i)];
}

namespace {

// The reads of `slots` through `p`: the recorded ones with one read_many, the pending creates
// each with read_pending. In `slots` order.
std::vector<ReadResult> read_slots(Provider& p, const std::string& type,
                                   const std::vector<PriorInstance*>& slots) {
  std::vector<ReadResult> out(slots.size());
  std::vector<size_t> recorded;
  std::vector<Value> states;
  for (size_t i = 0; i < slots.size(); ++i) {
    if (slots[i]->pending) {
      out[i] = p.read_pending(type, slots[i]->recorded);
      continue;
    }
    recorded.push_back(i);
    states.push_back(slots[i]->recorded);
  }
  if (states.empty()) return out;
  std::vector<ReadResult> read = p.read_many(type, states);
  for (size_t k = 0; k < recorded.size() && k < read.size(); ++k)
    out[recorded[k]] = std::move(read[k]);
  return out;
}

}  // namespace

std::vector<PriorInstance*> start_refresh(Provider* p, const std::vector<PriorInstance*>& slots,
                                          bool refresh,
                                          const std::function<void(const std::string&)>& say) {
  std::vector<PriorInstance*> reading;
  for (PriorInstance* s : slots) {
    s->refreshed = s->recorded;
    s->exists = true;
    if (!p || !(refresh || s->pending)) continue;
    reading.push_back(s);
    say(s->state->addr.to_string() +
        (s->pending ? ": Reading what a killed run created..." : ": Refreshing state..."));
  }
  return reading;
}

void read_refresh(Provider& p, const ProviderAddr& provider, const std::string& type,
                  const std::vector<PriorInstance*>& reading, std::vector<Drift>& drift,
                  Diagnostics& diags) {
  if (reading.empty()) return;
  std::vector<ReadResult> results = read_slots(p, type, reading);
  for (size_t i = 0; i < reading.size() && i < results.size(); ++i) {
    ReadResult& r = results[i];
    const InstanceAddr& a = reading[i]->state->addr;
    for (Diagnostic& x : r.diags.items)
      if (x.address.empty()) x.address = a.to_string();
    bool failed = r.diags.has_errors();
    diags.append(std::move(r.diags));
    if (failed) continue;
    const Value& was = reading[i]->recorded;
    if (reading[i]->pending || drift_is_relevant(p.schema().resource(type), was, r.state))
      drift.push_back(Drift{a, provider, was, r.state, reading[i]->pending});
    if (r.state.is_null())
      reading[i]->exists = false;
    else
      reading[i]->refreshed = r.state;
  }
}

const State& with_pending_recorded(const State& prior, std::optional<State>& storage) {
  bool any = false;
  for (const auto& [addr, intent] : prior.pending) any = any || pending_only(prior, addr);
  if (!any) return prior;
  storage.emplace(prior);
  for (const auto& [addr, intent] : prior.pending)
    if (pending_only(prior, addr)) storage->set(intent);
  return *storage;
}

bool pending_only(const State& prior, const InstanceAddr& addr) {
  return prior.pending.count(addr) > 0 && !prior.find(addr);
}

}  // namespace fedplan
