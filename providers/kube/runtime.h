// KubeRuntime: what the resource and data source code of one configured provider shares:
// the object operations and whether the cluster has been found unreachable; and the answers
// that code gives, in Docs.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "providers/kube/doc.h"
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

// A plan answer as the resources give it; kube_provider.cc makes the PlanResult of it.
struct DocPlan {
  Doc planned;
  bool keep_prior = false;  // a no-op: the answer is the prior state exactly as it came
  std::vector<ValuePath> requires_replace;
  std::string note;
  Diagnostics diags;
};

// A state answer (apply, refresh, a data source, import); kube_provider.cc makes the
// ApplyResult or ReadResult of it.
struct DocState {
  Doc state;
  bool keep_prior = false;  // the state is the one the request brought, unchanged
  bool retryable = false;   // apply: trying again may help
  Diagnostics diags;

  // The answer is `s` (null: the object is gone), no longer the prior state.
  void set_state(Doc s) {
    state = std::move(s);
    keep_prior = false;
  }
};

// The identity of the object a kube_object state (or one kube_objects element) records: from
// its manifest, with the namespace taken from the live object when the manifest has none.
bool state_ref(const Doc& manifest, const nlohmann::json& object, ObjectRef* out, std::string* err);

// The state of one applied object: the manifest's fields as they are live (with the marks of
// `sensitive`), the live object without managedFields, and its uid (null when it has none).
struct ObjectView {
  Doc manifest;
  Doc object;
  nlohmann::json uid;
};
ObjectView view_of(const nlohmann::json& live, const nlohmann::json& manifest,
                   const std::vector<ValuePath>& sensitive);

// Parses the delete_timeout attribute of a config or state (the tuning default when unset).
bool delete_timeout_of(const Doc& config, const OpsTuning& tuning, std::chrono::milliseconds* out,
                       std::string* err);

}  // namespace fedplan::kube
