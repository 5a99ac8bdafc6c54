// EncodedCache: keeps each instance's encoded resources[] entry until its record changes.
// Deposed objects are few and short-lived, so they are encoded afresh at every take().
#include "engine/apply/encoded_cache.h"

namespace fedplan {

void EncodedCache::changed(const InstanceAddr& addr) {
  changed_.insert(addr);
}

EncodedState EncodedCache::take(const State& state) {
  EncodedState out;
  out.head = state_head(state);
  out.resources.reserve(state.instances.size() + state.deposed.size());
  for (const auto& [addr, inst] : state.instances) {
    auto it = encoded_.find(addr);
    if (it == encoded_.end() || changed_.count(addr)) {
      auto text = std::make_shared<const std::string>(encode_instance(inst));
      if (it == encoded_.end())
        it = encoded_.emplace(addr, std::move(text)).first;
      else
        it->second = std::move(text);
    }
    out.resources.push_back(it->second);
  }
  for (const auto& [key, inst] : state.deposed)
    out.resources.push_back(std::make_shared<const std::string>(encode_instance(inst, key.second)));
  // Entries of removed instances stay behind unused; a record set there again is changed().
  changed_.clear();
  return out;
}

}  // namespace fedplan
