// EncodedCache: the state's instances kept encoded between the writes of one apply, so each
// write re-encodes only the instances recorded since the one before.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "base/address_hash.h"
#include "state/state_json.h"

namespace fedplan {

// Not thread-safe: the applier calls both methods under the lock that guards the state.
class EncodedCache {
 public:
  // The record at `addr` was set or removed since the last take().
  void changed(const InstanceAddr& addr);
  // `state` in encoded pieces, as the state file would hold it now.
  EncodedState take(const State& state);

 private:
  std::unordered_map<InstanceAddr, std::shared_ptr<const std::string>, InstanceAddrHash> encoded_;
  std::unordered_set<InstanceAddr, InstanceAddrHash> changed_;
};

}  // namespace fedplan
