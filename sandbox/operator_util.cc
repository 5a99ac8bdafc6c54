// What the operator plays share: conditions, owner references and live objects, written the
// way controller-runtime operators write them.
#include "sandbox/operator_util.h"

#include "sandbox/meta.h"

namespace fedplan::sandbox {

using nlohmann::json;

json condition(const json& old_status, const std::string& type, bool ok, const std::string& reason,
               const std::string& message, const std::string& now) {
  std::string status = ok ? "True" : "False";
  std::string since = now;
  for (const json& c : get_array(old_status, "conditions"))
    if (get_string(c, "type") == type && get_string(c, "status") == status &&
        c.contains("lastTransitionTime"))
      since = c["lastTransitionTime"];
  return {{"type", type},
          {"status", status},
          {"reason", reason},
          {"message", message},
          {"lastTransitionTime", since}};
}

bool condition_true(const json& obj, const std::string& type) {
  for (const json& c : get_array(get_object(obj, "status"), "conditions"))
    if (get_string(c, "type") == type) return get_string(c, "status") == "True";
  return false;
}

json owner_ref(const json& owner) {
  const json& m = get_object(owner, "metadata");
  return {{"apiVersion", get_string(owner, "apiVersion")},
          {"kind", get_string(owner, "kind")},
          {"name", get_string(m, "name")},
          {"uid", get_string(m, "uid")},
          {"controller", true},
          {"blockOwnerDeletion", true}};
}

std::vector<json> live_objects(Cluster& c, const std::string& storage_key, const std::string& ns) {
  std::vector<json> out;
  for (const json* o : c.store().list(storage_key, ns))
    if (!(*o)["metadata"].contains("deletionTimestamp")) out.push_back(*o);
  return out;
}

}  // namespace fedplan::sandbox
