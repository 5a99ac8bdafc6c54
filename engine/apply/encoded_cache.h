// EncodedCache: the state's instances kept encoded between the writes of one apply, so each
// write re-encodes only the instances recorded since the one before, and can hand over only
// those (take_changes) to a backend that stores changes alone.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "base/address_hash.h"
#include "state/backend.h"
#include "state/state_json.h"

namespace fedplan {

// Not thread-safe: the applier calls both methods under the lock that guards the state.
class EncodedCache {
 public:
  // The record or the pending operation at `addr` was set or removed since the last take.
  void changed(const InstanceAddr& addr);
  // `state` in encoded pieces, as the state file would hold it now.
  EncodedState take(const State& state);
  // What changed in `state` since the last take() or take_changes(): the entries set or
  // removed, and the head. Costs what changed (and the deposed objects, which are few).
  EncodedChanges take_changes(const State& state);

 private:
  // The deposed objects encoded now, each kept from the last take when its text is the same.
  std::map<DeposedKey, std::shared_ptr<const std::string>> encode_deposed(const State& state);

  std::unordered_map<InstanceAddr, std::shared_ptr<const std::string>, InstanceAddrHash> encoded_;
  std::unordered_set<InstanceAddr, InstanceAddrHash> changed_;
  std::map<DeposedKey, std::shared_ptr<const std::string>> deposed_;  // as last taken
  std::unordered_set<InstanceAddr, InstanceAddrHash> pending_;        // as last taken
};

}  // namespace fedplan
