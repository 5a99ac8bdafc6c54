// Building the prior index: decode every recorded instance once, index it by address.
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

}  // namespace fedplan
