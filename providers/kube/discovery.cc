// Discovery over /api, /api/v1, /apis and /apis/{group}/{version}, with its cache.
#include "providers/kube/discovery.h"

namespace fedplan::kube {

using nlohmann::json;

std::string ResourceInfo::path(const std::string& ns, const std::string& name) const {
  return resource_path(group, version, resource, namespaced ? ns : "", name);
}

void Discovery::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  cache_.clear();
  preferred_.clear();
}

const ResourceInfo* Discovery::lookup(const std::string& api_version,
                                      const std::string& kind) const {
  auto it = cache_.find(api_version);
  if (it == cache_.end()) return nullptr;
  for (const ResourceInfo& r : it->second.resources)
    if (r.kind == kind) return &r;
  return nullptr;
}

std::string Discovery::fetch(const std::string& api_version, bool* unreachable) {
  size_t slash = api_version.find('/');
  std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  std::string version = slash == std::string::npos ? api_version : api_version.substr(slash + 1);
  std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  ApiResult r = client_.get(path);
  GroupVersion gv;
  gv.fetch_no = ++fetch_count_;
  if (r.status == 404) {
    cache_[api_version] = gv;  // the cluster does not serve this apiVersion (yet)
    return "";
  }
  if (!r.ok()) {
    *unreachable = r.unreachable();
    return describe_failure(r, "API discovery (GET " + path + ")", client_.access());
  }
  gv.exists = true;
  if (r.body.is_object() && r.body.contains("resources") && r.body["resources"].is_array()) {
    for (const json& res : r.body["resources"]) {
      if (!res.is_object()) continue;
      std::string name = res.value("name", "");
      if (name.empty() || name.find('/') != std::string::npos) continue;  // subresources
      ResourceInfo info;
      info.group = group;
      info.version = version;
      info.kind = res.value("kind", "");
      info.resource = name;
      info.namespaced = res.value("namespaced", false);
      gv.resources.push_back(info);
    }
  }
  cache_[api_version] = std::move(gv);
  return "";
}

DiscoveryLookup Discovery::find(const std::string& api_version, const std::string& kind) {
  DiscoveryLookup out;
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t started = fetch_count_;
  for (int pass = 0; pass < 2; ++pass) {
    if (const ResourceInfo* r = lookup(api_version, kind)) {
      out.info = *r;
      return out;
    }
    auto it = cache_.find(api_version);
    // A miss on an entry fetched since this call began is final: that was the refresh.
    if (it != cache_.end() && it->second.fetch_no > started) break;
    out.error = fetch(api_version, &out.unreachable);
    if (!out.error.empty()) return out;
  }
  if (const ResourceInfo* r = lookup(api_version, kind)) {
    out.info = *r;
    return out;
  }
  out.missing = true;
  return out;
}

std::string Discovery::fetch_versions(bool* unreachable) {
  std::vector<std::string> versions;
  ApiResult core = client_.get("/api");
  if (!core.ok()) {
    *unreachable = core.unreachable();
    return describe_failure(core, "API discovery (GET /api)", client_.access());
  }
  if (core.body.contains("versions") && core.body["versions"].is_array())
    for (const json& v : core.body["versions"])
      if (v.is_string()) versions.push_back(v.get<std::string>());
  ApiResult groups = client_.get("/apis");
  if (!groups.ok()) {
    *unreachable = groups.unreachable();
    return describe_failure(groups, "API discovery (GET /apis)", client_.access());
  }
  if (groups.body.contains("groups") && groups.body["groups"].is_array()) {
    for (const json& g : groups.body["groups"]) {
      if (!g.is_object()) continue;
      std::string gv;
      if (g.contains("preferredVersion") && g["preferredVersion"].is_object())
        gv = g["preferredVersion"].value("groupVersion", "");
      if (gv.empty() && g.contains("versions") && g["versions"].is_array() &&
          !g["versions"].empty())
        gv = g["versions"][0].value("groupVersion", "");
      if (!gv.empty()) versions.push_back(gv);
    }
  }
  preferred_ = std::move(versions);
  preferred_fetch_no_ = ++fetch_count_;
  return "";
}

DiscoveryLookup Discovery::find_kind(const std::string& kind) {
  DiscoveryLookup out;
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t started = fetch_count_;
  for (int pass = 0; pass < 2; ++pass) {
    bool fresh = preferred_fetch_no_ > started;
    if (preferred_.empty() || (pass == 1 && !fresh)) {
      out.error = fetch_versions(&out.unreachable);
      if (!out.error.empty()) return out;
      fresh = true;
    }
    std::vector<ResourceInfo> found;
    for (const std::string& gv : preferred_) {
      auto it = cache_.find(gv);
      if (it == cache_.end() || (pass == 1 && it->second.fetch_no <= started)) {
        out.error = fetch(gv, &out.unreachable);
        if (!out.error.empty()) return out;
      }
      if (const ResourceInfo* r = lookup(gv, kind)) {
        found.push_back(*r);
        if (r->group.empty()) break;  // the core group (first) wins: the others need no reads
      }
    }
    if (found.size() == 1 || (!found.empty() && found[0].group.empty())) {
      out.info = found[0];
      return out;
    }
    if (found.size() > 1) {
      std::string names;
      for (const ResourceInfo& r : found) names += (names.empty() ? "" : ", ") + r.api_version();
      out.error = "kind \"" + kind + "\" is served by several API groups (" + names +
                  "); set api_version to choose one";
      return out;
    }
    if (fresh && pass == 0 && preferred_fetch_no_ > started) {
      // Everything was fetched during this call: a second pass would see the same.
      bool all_fresh = true;
      for (const std::string& gv : preferred_)
        all_fresh = all_fresh && cache_[gv].fetch_no > started;
      if (all_fresh) break;
    }
  }
  out.missing = true;
  return out;
}

}  // namespace fedplan::kube
