// WalkValues: one map of instance values behind one mutex.
#include "engine/plan/walk_values.h"

namespace fedplan {

std::optional<Value> WalkValues::get(const InstanceAddr& addr) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = values_.find(addr);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

void WalkValues::set(const InstanceAddr& addr, Value v) {
  std::lock_guard<std::mutex> lock(mu_);
  values_[addr] = std::move(v);
}

}  // namespace fedplan
