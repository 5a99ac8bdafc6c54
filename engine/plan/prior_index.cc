// Building the prior index: decode every recorded instance once, index it by address.
#include "engine/plan/prior_index.h"

#include "engine/plan/state_values.h"

namespace fedplan {

PriorIndex::PriorIndex(const State& prior) {
  items_.reserve(prior.instances.size());
  by_addr_.reserve(prior.instances.size());
  for (const auto& [addr, inst] : prior.instances) {
    by_addr_.emplace(&addr, items_.size());
    PriorInstance& p = items_.emplace_back();
    p.state = &inst;
    p.recorded = value_of(inst);
  }
}

PriorInstance* PriorIndex::find(const InstanceAddr& addr) {
  auto it = by_addr_.find(&addr);
  return it == by_addr_.end() ? nullptr : &items_[it->second];
}

}  // namespace fedplan
