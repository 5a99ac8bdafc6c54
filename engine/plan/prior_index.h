// The prior state's instances as one plan walk uses them: recorded value, refreshed value,
// still in the configuration. One slot per instance, found by address without copying it.
#pragma once

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "engine/lang/value.h"
#include "engine/graph/addr_hash.h"
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
  // Keys point at the state's own addresses: nothing is copied.
  struct Hash {
    size_t operator()(const InstanceAddr* a) const { return InstanceAddrHash{}(*a); }
  };
  struct Eq {
    bool operator()(const InstanceAddr* a, const InstanceAddr* b) const { return *a == *b; }
  };
  std::vector<PriorInstance> items_;
  std::unordered_map<const InstanceAddr*, size_t, Hash, Eq> by_addr_;
};

}  // namespace fedplan
