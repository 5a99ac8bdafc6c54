// Projection of live objects onto manifests (see projection.h for the rules).
#include "providers/kube/projection.h"

#include <set>
#include <string>
#include <vector>

#include "base/base64.h"
#include "providers/kube/server_defaults.h"

namespace fedplan::kube {
namespace {

using nlohmann::json;

// Whether the API server would omit this value (Go's omitempty zero values).
bool omitted_when_empty(const json& v) {
  if (v.is_null()) return true;
  if (v.is_boolean()) return !v.get<bool>();
  if (v.is_number()) return v == 0;
  if (v.is_string()) return v.get_ref<const std::string&>().empty();
  if (v.is_object() || v.is_array()) return v.empty();
  return false;
}

// The projection of a field the live object does not have: only the parts the server would
// have omitted for being empty. Returns a discarded value when nothing remains.
json project_absent(const json& manifest) {
  if (manifest.is_object()) {
    if (manifest.empty()) return manifest;
    json out = json::object();
    for (const auto& [k, v] : manifest.items()) {
      json p = project_absent(v);
      if (!p.is_discarded()) out[k] = std::move(p);
    }
    return out.empty() ? json(json::value_t::discarded) : out;
  }
  if (omitted_when_empty(manifest)) return manifest;
  return json(json::value_t::discarded);
}

bool all_have_distinct_names(const json& list) {
  std::set<std::string> seen;
  for (const json& e : list) {
    auto it = e.find("name");
    if (it == e.end() || !it->is_string()) return false;
    if (!seen.insert(it->get<std::string>()).second) return false;
  }
  return true;
}

// How well live element `l` agrees with manifest element `m` on m's scalar fields.
int agreement(const json& l, const json& m) {
  int score = 0;
  for (const auto& [k, v] : m.items()) {
    if (v.is_structured()) continue;
    auto it = l.find(k);
    if (it == l.end()) continue;
    score += *it == v ? 2 : -1;
  }
  return score;
}

json project_object_list(const json& live, const json& manifest) {
  std::vector<bool> used(live.size(), false);
  json out = json::array();
  bool by_name = all_have_distinct_names(manifest);
  for (size_t i = 0; i < manifest.size(); ++i) {
    const json& m = manifest[i];
    long best = -1;
    if (by_name) {
      for (size_t j = 0; j < live.size(); ++j) {
        if (used[j] || !live[j].is_object()) continue;
        auto it = live[j].find("name");
        if (it != live[j].end() && *it == m["name"]) {
          best = static_cast<long>(j);
          break;
        }
      }
    } else {
      int best_score = 0;
      for (size_t j = 0; j < live.size(); ++j) {
        if (used[j] || !live[j].is_object()) continue;
        // Position breaks ties: prefer the live element at the manifest element's index.
        int score = agreement(live[j], m) * 4 + (j == i ? 1 : 0);
        if (best < 0 || score > best_score) {
          best = static_cast<long>(j);
          best_score = score;
        }
      }
      // Nothing in common and not even the same position: not this element.
      if (best >= 0 && best_score <= 0 && static_cast<size_t>(best) != i) best = -1;
    }
    if (best < 0) continue;
    used[best] = true;
    out.push_back(project(live[best], m));
  }
  return out;
}

json project_scalar_list(const json& live, const json& manifest) {
  std::vector<bool> taken(manifest.size(), false);
  json out = json::array();
  for (const json& l : live) {
    for (size_t i = 0; i < manifest.size(); ++i) {
      if (!taken[i] && manifest[i] == l) {
        taken[i] = true;
        out.push_back(l);
        break;
      }
    }
  }
  return out;
}

}  // namespace

json project(const json& live, const json& manifest) {
  if (manifest.is_object()) {
    if (!live.is_object()) return live;
    json out = json::object();
    for (const auto& [k, m] : manifest.items()) {
      auto it = live.find(k);
      if (it == live.end() || it->is_null()) {
        json p = project_absent(m);
        if (!p.is_discarded()) out[k] = std::move(p);
        continue;
      }
      out[k] = project(*it, m);
    }
    return out;
  }
  if (manifest.is_array()) {
    if (!live.is_array()) return live;
    bool objects = !manifest.empty();
    for (const json& e : manifest) objects = objects && e.is_object();
    return objects ? project_object_list(live, manifest) : project_scalar_list(live, manifest);
  }
  return live;
}

json project_manifest(const json& live, const json& manifest) {
  json out = project(live, manifest);
  auto sd = manifest.find("stringData");
  if (manifest.value("kind", "") == "Secret" && sd != manifest.end() && sd->is_object() &&
      live.is_object()) {
    json back = out.contains("stringData") && out["stringData"].is_object() ? out["stringData"]
                                                                            : json::object();
    auto data = live.find("data");
    for (const auto& [k, v] : sd->items()) {
      (void)v;
      if (data == live.end() || !data->is_object()) continue;
      auto it = data->find(k);
      if (it == data->end() || !it->is_string()) continue;
      std::optional<std::string> plain = base64_decode(it->get<std::string>());
      if (plain) back[k] = *plain;
    }
    out["stringData"] = back;
  }
  return out;
}

json clean_live_object(json live) {
  if (live.is_object()) {
    auto md = live.find("metadata");
    if (md != live.end() && md->is_object()) md->erase("managedFields");
  }
  return live;
}

json import_manifest(json live) {
  if (!live.is_object()) return live;
  live.erase("status");
  auto md = live.find("metadata");
  if (md != live.end() && md->is_object()) {
    for (const char* k :
         {"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
          "deletionTimestamp", "deletionGracePeriodSeconds"})
      md->erase(k);
    auto ann = md->find("annotations");
    if (ann != md->end() && ann->is_object()) {
      ann->erase("kubectl.kubernetes.io/last-applied-configuration");
      if (ann->empty()) md->erase("annotations");
    }
  }
  drop_server_defaults(live);
  return live;
}

json strip_nulls(const json& j) {
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items())
      if (!v.is_null()) out[k] = strip_nulls(v);
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const json& e : j) out.push_back(strip_nulls(e));
    return out;
  }
  return j;
}

}  // namespace fedplan::kube
