// WalkValues: the instance values a walk has so far (planned, applied or recorded), which
// expressions read while the walk's workers add more; shared by plan, apply and import.
#pragma once

#include <mutex>
#include <optional>
#include <unordered_map>

#include "base/address_hash.h"
#include "engine/config/evaluator.h"

namespace fedplan {

// Instance values known during a walk: planned, applied or recorded. Thread-safe.
class WalkValues : public InstanceValues {
 public:
  std::optional<Value> get(const InstanceAddr& addr) const override;
  void set(const InstanceAddr& addr, Value v);

 private:
  mutable std::mutex mu_;
  std::unordered_map<InstanceAddr, Value, InstanceAddrHash> values_;
};

}  // namespace fedplan
