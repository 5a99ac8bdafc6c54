// Building the prior index: decode every recorded instance once, index it by address; and the
// prior a plan diffs against when a killed run left creates pending.
#include "engine/plan/prior_index.h"

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

std::vector<ReadResult> read_prior(Provider& p, const std::string& type,
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
