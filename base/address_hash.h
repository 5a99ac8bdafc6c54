// Hashing instance addresses for per-instance tables (the graph's index, a plan walk's tables):
// one hash per lookup instead of ~17 address comparisons in a 100k-entry ordered map.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "base/address.h"

namespace fedplan {

// std::hash-style functor over every part of an InstanceAddr (equal addresses, equal hashes).
// Deliberately not noexcept: libstdc++ then caches each key's hash in its node, so neither a
// lookup nor a rehash hashes stored addresses again.
struct InstanceAddrHash {
  size_t operator()(const InstanceAddr& a) const {
    size_t h = std::hash<std::string>{}(a.resource.name);
    auto mix = [&h](size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(std::hash<std::string>{}(a.resource.type));
    mix(static_cast<size_t>(a.resource.mode));
    for (const ModuleStep& s : a.resource.module.steps) {
      mix(std::hash<std::string>{}(s.name));
      mix(key_hash(s.key));
    }
    mix(key_hash(a.key));
    return h;
  }

 private:
  static size_t key_hash(const InstanceKey& k) noexcept {
    switch (k.kind) {
      case InstanceKey::Kind::Int:
        return std::hash<int64_t>{}(k.index) * 31 + 1;
      case InstanceKey::Kind::String:
        return std::hash<std::string>{}(k.key) * 31 + 2;
      case InstanceKey::Kind::None:
        break;
    }
    return 0;
  }
};

}  // namespace fedplan
