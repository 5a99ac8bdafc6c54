// Store: the sandbox's objects by resource, namespace and name, the resourceVersion counter,
// and a bounded history of changes for watches.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fedplan::sandbox {

// One change, as a watch reports it.
struct WatchEvent {
  uint64_t resource_version = 0;
  std::string storage_key;  // "group/plural"
  std::string type;         // ADDED, MODIFIED, DELETED
  nlohmann::json object;
  // The object before a MODIFIED (null otherwise): a selecting watch reports an object that
  // starts or stops matching as ADDED or DELETED, as kube-apiserver does.
  nlohmann::json previous;
};

// Objects keyed by storage key ("group/plural"), then (namespace, name). Cluster-scoped objects
// use an empty namespace. Every write stamps metadata.resourceVersion from one counter.
class Store {
 public:
  using Key = std::pair<std::string, std::string>;  // namespace, name

  const nlohmann::json* get(const std::string& storage_key, const std::string& ns,
                            const std::string& name) const;
  // Objects of a resource, in one namespace or (ns empty) in all, ordered by namespace, name.
  std::vector<const nlohmann::json*> list(const std::string& storage_key,
                                          const std::string& ns) const;
  // Stores `obj` (creating or replacing) with the next resourceVersion; returns the stored copy.
  const nlohmann::json& put(const std::string& storage_key, const std::string& ns,
                            const std::string& name, nlohmann::json obj);
  // Stores an object read back from disk, keeping its resourceVersion (the counter moves up to
  // it); no event is recorded.
  void load(const std::string& storage_key, const std::string& ns, const std::string& name,
            nlohmann::json obj);
  // Removes an object; records a DELETED event stamped with a new resourceVersion.
  void erase(const std::string& storage_key, const std::string& ns, const std::string& name);
  // Every storage key that holds objects.
  std::vector<std::string> keys() const;

  uint64_t resource_version() const { return rv_; }
  // Moves on with every write garbage collection may care about: a delete, or a put where the
  // old or new object has ownerReferences, finalizers or a deletionTimestamp. Plain writes
  // (a ConfigMap without owners) leave it alone, so they never cost a pass over all objects.
  uint64_t gc_epoch() const { return gc_epoch_; }
  // The next resourceVersion a write would get (for dry runs), without taking it.
  uint64_t peek_next() const { return rv_ + 1; }
  // Restores the counter (persistence); never moves it backwards.
  void set_resource_version(uint64_t rv) { rv_ = std::max(rv_, rv); }

  // Events after `rv` for a storage key; false when `rv` is older than the kept history.
  bool events_since(uint64_t rv, const std::string& storage_key,
                    std::vector<const WatchEvent*>* out) const;
  uint64_t oldest_event_rv() const {
    return events_.empty() ? rv_ : events_.front().resource_version;
  }

 private:
  void record(const std::string& storage_key, std::string type, const nlohmann::json& obj,
              nlohmann::json previous = nullptr);

  std::map<std::string, std::map<Key, nlohmann::json>> objects_;
  uint64_t rv_ = 1000;
  uint64_t gc_epoch_ = 0;
  std::deque<WatchEvent> events_;
  static constexpr size_t kMaxEvents = 4096;
};

}  // namespace fedplan::sandbox
