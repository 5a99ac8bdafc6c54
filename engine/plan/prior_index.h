// The prior state's instances as one plan walk uses them: recorded value, refreshed value,
// still in the configuration; and the creates a killed run left, read as records. One slot per
// instance, found by address without copying it.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "base/address_table.h"
#include "engine/plan/plan.h"
#include "lang/value.h"
#include "providers/provider.h"
#include "state/state.h"

namespace fedplan {

// What a plan walk knows of one instance the prior state records.
struct PriorInstance {
  const InstanceState* state = nullptr;
  Value recorded;          // the recorded attributes, sensitive marks restored
  Value refreshed;         // after refresh (the recorded value when not refreshed)
  bool exists = false;     // refreshed is set: the object was seen (false: gone or not read)
  bool in_config = false;  // the configuration has this instance
  bool pending = false;    // a create a killed run began: `recorded` is its intent (below)
};

// The refresh of `slots`, the instances of `type` that `provider` (configured as `p`, null when
// it failed) serves, in two halves, so that the reads can run on another thread while the plan
// walk goes on. start_refresh sets each slot to its recorded value, says what will be read, and
// returns the slots to read: with `refresh`, every one (none without `p`); without, only the
// creates a killed run left pending, since only a read tells whether they exist.
std::vector<PriorInstance*> start_refresh(Provider* p, const std::vector<PriorInstance*>& slots,
                                          bool refresh,
                                          const std::function<void(const std::string&)>& say);
// read_refresh reads them through `p`, the recorded ones with one read_many, the pending ones
// with read_pending, and touches only those slots, `drift` and `diags`. `drift` gets what a
// pending read found either way (the apply records or drops it), and what changed in the others
// (drift_is_relevant); failed reads leave the recorded value and add their errors to `diags`.
void read_refresh(Provider& p, const ProviderAddr& provider, const std::string& type,
                  const std::vector<PriorInstance*>& reading, std::vector<Drift>& drift,
                  Diagnostics& diags);

// `prior` with each create a killed run left pending (State::pending) that has no record of its
// own recorded as its intent, so that a plan reads it as it refreshes a record and diffs against
// what it finds. The copy is made in `storage` when there are such creates; else `prior` itself.
const State& with_pending_recorded(const State& prior, std::optional<State>& storage);

// Whether `addr` is such a create of `prior`: pending, with no record.
bool pending_only(const State& prior, const InstanceAddr& addr);

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
