// ObjectOps: the cluster operations on one object that the resources and data sources share:
// locate (discovery), server-side apply (real or dry run), get, wait, delete-and-wait-gone.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "base/kube/client.h"
#include "lang/value_json.h"
#include "providers/kube/discovery.h"
#include "providers/kube/object_ref.h"
#include "providers/kube/ownership.h"
#include "providers/kube/wait.h"

namespace fedplan::kube {

// Timing knobs; tests shorten them, production keeps the defaults.
struct OpsTuning {
  std::chrono::milliseconds first_poll{250};  // first wait/delete poll; grows 1.5x
  std::chrono::milliseconds max_poll{2'000};
  std::chrono::milliseconds kind_wait{30'000};  // how long apply waits for a new CRD's kind
  std::chrono::milliseconds delete_timeout{300'000};
};

// Where an object lives: its resource and namespace, and its API path.
struct Located {
  ResourceInfo info;
  std::string ns;  // "" when cluster-scoped
  std::string path;
};

// Why an operation failed, ready to become a diagnostic.
struct OpError {
  std::string summary;
  std::string detail;
  bool retryable = false;                   // trying again later may help (5xx, network)
  bool unreachable = false;                 // no server answered
  bool missing_kind = false;                // the cluster does not serve the kind (yet)
  bool not_found = false;                   // 404 for the object or its namespace
  std::vector<ValuePath> immutable_fields;  // 422 "field is immutable": paths in the manifest
  std::vector<FieldConflict> conflicts;     // 409: fields other managers own
};

class ObjectOps {
 public:
  ObjectOps(KubeClient& client, Discovery& discovery, OpsTuning tuning)
      : client_(client), discovery_(discovery), tuning_(tuning) {}

  // Finds the resource serving `ref` and the namespace to use (the manifest's, or the
  // provider's default for namespaced kinds). With `wait_for_kind`, a kind the cluster does not
  // serve yet is looked up again for up to tuning.kind_wait (a CRD applied just before).
  bool locate(const ObjectRef& ref, bool wait_for_kind, Located* out, OpError* err);
  // Server-side apply of `manifest` at `where`; *live is the object the server returns. The
  // values at `sensitive` (and a Secret's data) are redacted from the error when the server
  // quotes them back. *existed (when given) says whether the object was there before: the
  // server answers 200 to an apply that updates and 201 to one that creates, dry run or not.
  bool apply(const Located& where, const ObjectRef& ref, const nlohmann::json& manifest,
             const std::vector<ValuePath>& sensitive, bool force, bool dry_run,
             nlohmann::json* live, OpError* err, bool* existed = nullptr);
  // GET; true with a null *live when the object does not exist.
  bool get(const Located& where, nlohmann::json* live, OpError* err);
  // Polls until `spec` holds or its timeout passes; *live is the last object seen.
  bool wait(const Located& where, const ObjectRef& ref, const WaitSpec& spec, nlohmann::json* live,
            OpError* err);
  // DELETE with propagationPolicy=Foreground, then polls until the object is gone (404).
  bool remove(const Located& where, const ObjectRef& ref, std::chrono::milliseconds timeout,
              OpError* err);

  KubeClient& client() { return client_; }
  Discovery& discovery() { return discovery_; }
  const OpsTuning& tuning() const { return tuning_; }

 private:
  OpError failure(const ApiResult& r, const std::string& what) const;

  KubeClient& client_;
  Discovery& discovery_;
  OpsTuning tuning_;
};

// The detail of a server-side apply conflict: each field and the manager that owns it, and
// how to take it over.
std::string conflict_detail(const nlohmann::json& status);

// Fills apiVersion and kind into a listed item (lists leave them out of their items).
nlohmann::json with_type(nlohmann::json item, const std::string& api_version,
                         const std::string& kind);

}  // namespace fedplan::kube
