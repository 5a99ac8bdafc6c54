// The prior state's instances as one plan walk uses them: recorded value, refreshed value,
// still in the configuration. One slot per instance, found by address without copying it.
#pragma once

#include <cstddef>
#include <vector>

#include "base/address_table.h"
#include "lang/value.h"
#include "state/state.h"

namespace fedplan {

// What a plan walk knows of one instance the prior state records.
struct PriorInstance {
  const InstanceState* state = nullptr;
  Value recorded;          // the recorded attributes, sensitive marks restored
  Value refreshed;         // after refresh (the recorded value when not refreshed)
  bool exists = false;     // refreshed is set: the object was seen (false: gone or not read)
  bool in_config = false;  // the configuration has this instance
};

// Every instance of `prior`, in its order, each decoded once. The state must outlive it.
class PriorIndex {
 public:
  explicit PriorIndex(const State& prior);

  // The slot of `addr`, or nullptr when the prior state has no such instance.
  PriorInstance* find(const InstanceAddr& addr);
  std::vector<PriorInstance>& all() { return items_; }

 private:
  auto addr_of() const {
    return [this](int i) -> const InstanceAddr& { return items_[i].state->addr; };
  }
  std::vector<PriorInstance> items_;
  AddrTable by_addr_;  // item positions, by the state's own addresses: nothing is copied
};

}  // namespace fedplan
