// The object store: one map per resource, a global resourceVersion, and a ring of recent
// events so a watch can resume from a resourceVersion it saw.
#include "sandbox/store.h"

#include <algorithm>
#include <utility>

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

bool non_empty(const json& m, const char* key) {
  auto it = m.find(key);
  return it != m.end() && !it->is_null() && !(it->is_array() && it->empty());
}

// Whether garbage collection or foreground deletion can depend on this object's state.
bool gc_relevant(const json& obj) {
  if (!obj.is_object()) return false;
  auto m = obj.find("metadata");
  if (m == obj.end() || !m->is_object()) return false;
  return non_empty(*m, "ownerReferences") || non_empty(*m, "finalizers") ||
         m->contains("deletionTimestamp");
}

}  // namespace

const json* Store::get(const std::string& storage_key, const std::string& ns,
                       const std::string& name) const {
  auto r = objects_.find(storage_key);
  if (r == objects_.end()) return nullptr;
  auto it = r->second.find({ns, name});
  return it == r->second.end() ? nullptr : &it->second;
}

std::vector<const json*> Store::list(const std::string& storage_key, const std::string& ns) const {
  std::vector<const json*> out;
  auto r = objects_.find(storage_key);
  if (r == objects_.end()) return out;
  if (ns.empty()) {
    for (const auto& [_, obj] : r->second) out.push_back(&obj);
    return out;
  }
  for (auto it = r->second.lower_bound({ns, ""}); it != r->second.end() && it->first.first == ns;
       ++it)
    out.push_back(&it->second);
  return out;
}

const json& Store::put(const std::string& storage_key, const std::string& ns,
                       const std::string& name, json obj) {
  ++rv_;
  obj["metadata"]["resourceVersion"] = std::to_string(rv_);
  auto& slot = objects_[storage_key][{ns, name}];
  bool existed = !slot.is_null();
  if (gc_relevant(slot) || gc_relevant(obj)) ++gc_epoch_;
  json previous = std::exchange(slot, std::move(obj));
  record(storage_key, existed ? "MODIFIED" : "ADDED", slot, std::move(previous));
  return slot;
}

void Store::load(const std::string& storage_key, const std::string& ns, const std::string& name,
                 json obj) {
  const json* rv = obj.contains("metadata") ? &obj["metadata"] : nullptr;
  if (rv && rv->contains("resourceVersion") && (*rv)["resourceVersion"].is_string()) {
    uint64_t v = std::strtoull((*rv)["resourceVersion"].get<std::string>().c_str(), nullptr, 10);
    rv_ = std::max(rv_, v);
  }
  ++gc_epoch_;
  objects_[storage_key][{ns, name}] = std::move(obj);
}

void Store::erase(const std::string& storage_key, const std::string& ns, const std::string& name) {
  auto r = objects_.find(storage_key);
  if (r == objects_.end()) return;
  auto it = r->second.find({ns, name});
  if (it == r->second.end()) return;
  ++rv_;
  ++gc_epoch_;
  json last = std::move(it->second);
  last["metadata"]["resourceVersion"] = std::to_string(rv_);
  r->second.erase(it);
  if (r->second.empty()) objects_.erase(r);
  record(storage_key, "DELETED", last);
}

std::vector<std::string> Store::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, _] : objects_) out.push_back(k);
  return out;
}

void Store::record(const std::string& storage_key, std::string type, const json& obj,
                   json previous) {
  events_.push_back({rv_, storage_key, std::move(type), obj, std::move(previous)});
  while (events_.size() > kMaxEvents) events_.pop_front();
}

bool Store::events_since(uint64_t rv, const std::string& storage_key,
                         std::vector<const WatchEvent*>* out) const {
  if (!events_.empty() && rv + 1 < events_.front().resource_version && rv < rv_) return false;
  // Events are kept in resourceVersion order: start at the first one after `rv`, so a caller
  // that keeps up (a controller after each write) looks at a few events, not the whole history.
  auto first =
      std::upper_bound(events_.begin(), events_.end(), rv,
                       [](uint64_t v, const WatchEvent& e) { return v < e.resource_version; });
  for (auto it = first; it != events_.end(); ++it)
    if (it->storage_key == storage_key) out->push_back(&*it);
  return true;
}

}  // namespace fedplan::sandbox
