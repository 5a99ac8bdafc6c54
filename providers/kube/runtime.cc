// Helpers shared by the kube resources: identities from states, states from live objects.
#include "providers/kube/runtime.h"

#include "base/duration.h"
#include "providers/kube/projection.h"
#include "providers/kube/values.h"

namespace fedplan::kube {

using nlohmann::json;

bool state_ref(const Value& manifest, const Value& object, ObjectRef* out, std::string* err) {
  if (!manifest.wholly_known()) {
    *err = "the recorded manifest is not known";
    return false;
  }
  std::optional<ObjectRef> ref = ref_of(manifest_json(manifest), err);
  if (!ref) return false;
  if (ref->ns.empty() && object.known() && object.is_mapping()) {
    const Value* md = object.get("metadata");
    const Value* ns = md && md->known() && md->is_mapping() ? md->get("namespace") : nullptr;
    if (ns && ns->known() && ns->kind() == ValueKind::String) ref->ns = ns->as_string();
  }
  *out = *ref;
  return true;
}

ObjectView view_of(const json& live, const json& manifest, const std::vector<ValuePath>& sens) {
  ObjectView v;
  v.manifest = value_with_marks(project_manifest(live, manifest), sens);
  v.object = value_with_marks(clean_live_object(live), sens);
  const json* uid = nullptr;
  if (live.is_object() && live.contains("metadata") && live["metadata"].is_object()) {
    auto it = live["metadata"].find("uid");
    if (it != live["metadata"].end() && it->is_string()) uid = &*it;
  }
  v.uid = uid ? Value::string(uid->get<std::string>()) : Value();
  return v;
}

bool delete_timeout_of(const Value& config, const OpsTuning& tuning, std::chrono::milliseconds* out,
                       std::string* err) {
  Value v = config.known() && config.is_mapping() && config.get("delete_timeout")
                ? *config.get("delete_timeout")
                : Value();
  *out = tuning.delete_timeout;
  if (v.is_null()) return true;
  if (!v.known() || v.kind() != ValueKind::String) {
    *err = "delete_timeout must be a duration string";
    return false;
  }
  std::optional<std::chrono::milliseconds> d = parse_duration(v.as_string());
  if (!d) {
    *err = "\"" + v.as_string() + "\" is not a duration (for example \"300s\" or \"5m\")";
    return false;
  }
  *out = *d;
  return true;
}

}  // namespace fedplan::kube
