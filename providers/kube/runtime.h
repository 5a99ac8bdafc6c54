// KubeRuntime: what the resource and data source code of one configured provider shares:
// the object operations and whether the cluster has been found unreachable.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "lang/value.h"
#include "lang/value_json.h"
#include "providers/kube/object_ops.h"

namespace fedplan::kube {

// Shared by all calls on one configured provider; safe for concurrent use.
struct KubeRuntime {
  explicit KubeRuntime(ObjectOps& o) : ops(o) {}

  ObjectOps& ops;
  // Set when a plan found no server answering: later plans use config alone at once instead
  // of waiting for connect retries again.
  std::atomic<bool> unreachable{false};
  std::mutex mu;
  std::string unreachable_detail;

  void mark_unreachable(const std::string& detail) {
    std::lock_guard<std::mutex> lock(mu);
    if (!unreachable) unreachable_detail = detail;
    unreachable = true;
  }
  std::string unreachable_note() {
    std::lock_guard<std::mutex> lock(mu);
    return "cluster unreachable (" + unreachable_detail + "): planned from config alone";
  }
};

// The identity of the object a kube_object state (or one kube_objects element) records: from
// its manifest, with the namespace taken from the live object when the manifest has none.
bool state_ref(const Value& manifest, const Value& object, ObjectRef* out, std::string* err);

// The state of one applied object: the manifest's fields as they are live (with the marks of
// `sensitive`), the live object without managedFields, and its uid.
struct ObjectView {
  Value manifest;
  Value object;
  Value uid;
};
ObjectView view_of(const nlohmann::json& live, const nlohmann::json& manifest,
                   const std::vector<ValuePath>& sensitive);

// Parses a delete_timeout attribute (the tuning default when unset).
bool delete_timeout_of(const Value& config, const OpsTuning& tuning, std::chrono::milliseconds* out,
                       std::string* err);

}  // namespace fedplan::kube
