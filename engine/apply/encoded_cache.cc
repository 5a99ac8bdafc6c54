// EncodedCache: keeps each instance's encoded resources[] entry until its record changes.
// Deposed objects are few and short-lived, so they are encoded afresh at every take and
// compared with the last take's to tell what changed.
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
  for (const InstanceAddr& addr : changed_)
    if (!state.instances.count(addr)) encoded_.erase(addr);  // removed since the last take
  deposed_ = encode_deposed(state);
  for (const auto& [key, text] : deposed_) out.resources.push_back(text);
  pending_.clear();
  for (const auto& [addr, op] : state.pending) pending_.insert(addr);
  changed_.clear();
  return out;
}

EncodedChanges EncodedCache::take_changes(const State& state) {
  EncodedChanges out;
  // The head without the pending operations, which may be many: only those changed go, encoded.
  out.head.version = state.version;
  out.head.fedplan_version = state.fedplan_version;
  out.head.lineage = state.lineage;
  out.head.serial = state.serial;
  out.head.outputs = state.outputs;
  out.entries.reserve(changed_.size());
  for (const InstanceAddr& addr : changed_) {
    if (auto op = state.pending.find(addr); op != state.pending.end()) {
      out.pending.push_back(
          {addr, "", std::make_shared<const std::string>(encode_instance(op->second))});
      pending_.insert(addr);
    } else if (pending_.erase(addr)) {
      out.pending.push_back({addr, "", nullptr});
    }
    auto it = state.instances.find(addr);
    if (it == state.instances.end()) {
      // Only what the last write held needs removing (a create's intent changes the address
      // before any record is there).
      if (encoded_.erase(addr)) out.entries.push_back({addr, "", nullptr});
      continue;
    }
    auto text = std::make_shared<const std::string>(encode_instance(it->second));
    encoded_.insert_or_assign(addr, text);
    out.entries.push_back({addr, "", std::move(text)});
  }
  changed_.clear();
  auto deposed = encode_deposed(state);
  for (const auto& [key, text] : deposed) {
    auto before = deposed_.find(key);
    if (before == deposed_.end() || before->second != text)
      out.entries.push_back({key.first, key.second, text});
  }
  for (const auto& [key, text] : deposed_)
    if (!deposed.count(key)) out.entries.push_back({key.first, key.second, nullptr});
  deposed_ = std::move(deposed);
  return out;
}

std::map<DeposedKey, std::shared_ptr<const std::string>> EncodedCache::encode_deposed(
    const State& state) {
  std::map<DeposedKey, std::shared_ptr<const std::string>> out;
  for (const auto& [key, inst] : state.deposed) {
    auto text = std::make_shared<const std::string>(encode_instance(inst, key.second));
    auto before = deposed_.find(key);
    out.emplace(key, before != deposed_.end() && *before->second == *text ? before->second
                                                                          : std::move(text));
  }
  return out;
}

}  // namespace fedplan
