// Discovery: which REST resource serves a kind at an apiVersion, and whether it is namespaced.
// Answers are cached per apiVersion; a miss refreshes that apiVersion once (a CRD may have just
// been created), and concurrent misses share one refresh.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/kube/client.h"

namespace fedplan::kube {

// One REST resource: /apis/{group}/{version}/[namespaces/{ns}/]{resource}.
struct ResourceInfo {
  std::string group;
  std::string version;
  std::string kind;
  std::string resource;  // plural name, e.g. "configmaps"
  bool namespaced = false;

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  // The path of one object or (empty name) of the collection; `ns` is ignored when
  // cluster-scoped.
  std::string path(const std::string& ns, const std::string& name) const;
};

// The outcome of a lookup: found, not served by the cluster (`missing`), or the API call
// failed (`error`, with `unreachable` when no server answered).
struct DiscoveryLookup {
  std::optional<ResourceInfo> info;
  bool missing = false;
  std::string error;
  bool unreachable = false;
};

class Discovery {
 public:
  explicit Discovery(KubeClient& client) : client_(client) {}

  // The resource for (apiVersion, kind); refreshes the apiVersion once on a miss.
  DiscoveryLookup find(const std::string& api_version, const std::string& kind);
  // The resource for a kind in any group (the preferred version of each group). When several
  // groups serve it, the core group wins (and the other groups are not read when it serves
  // the kind); otherwise it is an error naming the candidates.
  DiscoveryLookup find_kind(const std::string& kind);
  // Forgets everything (the next lookups fetch again).
  void clear();

 private:
  struct GroupVersion {
    bool exists = false;
    uint64_t fetch_no = 0;  // when it was fetched, in units of fetch_count_
    std::vector<ResourceInfo> resources;
  };
  // Fetches one apiVersion's resource list into the cache; "" on success, else the error.
  std::string fetch(const std::string& api_version, bool* unreachable);
  // Fetches the list of all groups' preferred versions.
  std::string fetch_versions(bool* unreachable);
  const ResourceInfo* lookup(const std::string& api_version, const std::string& kind) const;

  KubeClient& client_;
  std::mutex mu_;
  uint64_t fetch_count_ = 0;
  std::map<std::string, GroupVersion> cache_;
  std::vector<std::string> preferred_;  // apiVersions, core first; empty until fetched
  uint64_t preferred_fetch_no_ = 0;
};

}  // namespace fedplan::kube
