// Helpers shared by the kube resources: identities from states, states from live objects.
#include "providers/kube/runtime.h"

#include "base/duration.h"
#include "providers/kube/projection.h"

namespace fedplan::kube {

using nlohmann::json;

bool state_ref(const Doc& manifest, const json& object, ObjectRef* out, std::string* err) {
  if (!manifest.wholly_known()) {
    *err = "the recorded manifest is not known";
    return false;
  }
  std::optional<ObjectRef> ref = ref_of(strip_nulls(manifest.json), err);
  if (!ref) return false;
  if (ref->ns.empty() && object.is_object()) {
    auto md = object.find("metadata");
    if (md != object.end() && md->is_object()) {
      auto ns = md->find("namespace");
      if (ns != md->end() && ns->is_string()) ref->ns = ns->get<std::string>();
    }
  }
  *out = *ref;
  return true;
}

ObjectView view_of(const json& live, const json& manifest, const std::vector<ValuePath>& sens) {
  ObjectView v;
  v.manifest = marked(project_manifest(live, manifest), sens);
  v.object = marked(clean_live_object(live), sens);
  if (live.is_object() && live.contains("metadata") && live["metadata"].is_object()) {
    auto it = live["metadata"].find("uid");
    if (it != live["metadata"].end() && it->is_string()) v.uid = *it;
  }
  return v;
}

bool delete_timeout_of(const Doc& config, const OpsTuning& tuning, std::chrono::milliseconds* out,
                       std::string* err) {
  *out = tuning.delete_timeout;
  Doc v = config.at("delete_timeout");
  if (v.is_null()) return true;
  if (!v.known() || !v.json.is_string()) {
    *err = "delete_timeout must be a duration string";
    return false;
  }
  const std::string& text = v.json.get_ref<const std::string&>();
  std::optional<std::chrono::milliseconds> d = parse_duration(text);
  if (!d) {
    *err = "\"" + text + "\" is not a duration (for example \"300s\" or \"5m\")";
    return false;
  }
  *out = *d;
  return true;
}

}  // namespace fedplan::kube
