// Cluster: the sandbox's API semantics without HTTP: create, read, list, update, patch,
// apply and delete of objects, with namespaces, finalizers, garbage collection and controllers.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/clock.h"
#include "sandbox/meta.h"
#include "sandbox/registry.h"
#include "sandbox/status.h"
#include "sandbox/store.h"

namespace fedplan::sandbox {

// What a sandbox is called and how it behaves.
struct ClusterOptions {
  std::string name = "sandbox";
  int nodes = 1;
  // LoadBalancer Services get an ingress address, as with a cloud provider; false: they stay
  // pending, as on a cluster without one.
  bool load_balancers = true;
  // How long a deleted namespace stays Terminating before its content goes.
  std::chrono::milliseconds namespace_delete_delay{500};
  uint64_t seed = 0;  // 0: random
};

// How a write is asked for.
struct WriteOptions {
  bool dry_run = false;
  std::string field_manager;
  bool force = false;       // server-side apply only
  std::string subresource;  // "" or "status"
  // Unknown fields (kinds that declare every field): Strict refuses, Warn and Ignore drop them.
  std::string field_validation = "Warn";
};

// How a delete is asked for.
struct DeleteOptions {
  bool dry_run = false;
  std::string propagation;  // "", Orphan, Background, Foreground
  std::string precondition_uid;
  std::string precondition_resource_version;
};

// Which objects a list returns.
struct ListOptions {
  LabelSelector labels;
  FieldSelector fields;
  size_t limit = 0;
  std::string continue_token;
};

enum class PatchKind { Merge, Strategic, Json, Apply };

// The answer to an operation: an HTTP code and a body (object, list or Status), or an error.
struct Outcome {
  int code = 200;
  nlohmann::json body;
  ApiError error;
  std::vector<std::string> warnings;  // sent as Warning headers

  bool ok() const { return error.ok(); }
  static Outcome fail(ApiError e) {
    Outcome o;
    o.error = std::move(e);
    o.code = o.error.code;
    return o;
  }
};

class Cluster;

// Something that reacts to the cluster's state (an operator): called after writes and on ticks.
class Controller {
 public:
  virtual ~Controller() = default;
  virtual void reconcile(Cluster& cluster) = 0;
};

class Cluster {
 public:
  Cluster(ClusterOptions options, Clock& clock);

  Registry& registry() { return registry_; }
  const Registry& registry() const { return registry_; }
  Store& store() { return store_; }
  const Store& store() const { return store_; }
  Clock& clock() { return clock_; }
  const ClusterOptions& options() const { return options_; }
  std::mt19937_64& rng() { return rng_; }

  // Creates the default namespaces, the `kubernetes` Service and the nodes (when missing).
  void bootstrap();

  Outcome get(const ResourceType& t, const std::string& ns, const std::string& name) const;
  Outcome list(const ResourceType& t, const std::string& ns, const ListOptions& opts) const;
  Outcome create(const ResourceType& t, const std::string& ns, nlohmann::json body,
                 const WriteOptions& opts);
  Outcome replace(const ResourceType& t, const std::string& ns, const std::string& name,
                  nlohmann::json body, const WriteOptions& opts);
  Outcome patch(const ResourceType& t, const std::string& ns, const std::string& name,
                PatchKind kind, const std::string& body, const WriteOptions& opts);
  Outcome remove(const ResourceType& t, const std::string& ns, const std::string& name,
                 const DeleteOptions& opts);
  Outcome remove_collection(const ResourceType& t, const std::string& ns, const ListOptions& list,
                            const DeleteOptions& opts);

  // Server-side apply on behalf of a controller (forced), creating the object if needed.
  Outcome ensure(const nlohmann::json& obj, const std::string& manager);
  // Replaces an object's status on behalf of a controller (no-op when unchanged).
  Outcome set_status(const nlohmann::json& obj, const nlohmann::json& status,
                     const std::string& manager);
  const nlohmann::json* find(const std::string& api_version, const std::string& kind,
                             const std::string& ns, const std::string& name) const;

  // Runs deferred work: namespace finalization, foreground deletion, garbage collection
  // and controllers. Call after writes and periodically.
  void tick();
  void add_controller(std::shared_ptr<Controller> c) { controllers_.push_back(std::move(c)); }
  // Garbage-collection passes over all objects so far; plain writes start none.
  uint64_t gc_passes() const { return gc_passes_; }

  // The whole state (objects and counter) as JSON, and back; restore re-registers CRDs.
  nlohmann::json snapshot() const;
  bool restore(const nlohmann::json& snapshot, std::string* err);

  // The object as clients see it at `t`'s version (apiVersion and kind set).
  nlohmann::json present(const ResourceType& t, const nlohmann::json& obj) const;
  std::string now_string() { return rfc3339(clock_.now()); }

 private:
  // A write of `next` over `live` (null: create) after the request-specific preparation.
  // Unknown fields are handled first (opts.field_validation); warnings go on the outcome.
  Outcome commit(const ResourceType& t, const std::string& ns, const std::string& name,
                 const nlohmann::json* live, nlohmann::json next, const WriteOptions& opts,
                 bool applied);
  Outcome commit_known(const ResourceType& t, const std::string& ns, const std::string& name,
                       const nlohmann::json* live, nlohmann::json next, const WriteOptions& opts,
                       bool applied);
  Outcome apply(const ResourceType& t, const std::string& ns, const std::string& name,
                const std::string& body, const WriteOptions& opts);
  Outcome update_from(const ResourceType& t, const std::string& ns, const std::string& name,
                      nlohmann::json next, const WriteOptions& opts);
  ApiError check_namespace(const ResourceType& t, const std::string& ns,
                           const std::string& name) const;
  // Whether a body without kind or apiVersion takes the endpoint's (built-in kinds on create
  // and update, as kube-apiserver decodes them) or is refused.
  enum class TypeMeta { FromEndpoint, Required };
  ApiError check_body(const ResourceType& t, const std::string& ns, nlohmann::json& body,
                      TypeMeta defaults) const;
  // Deletes now or marks for deletion, honouring finalizers; `code` 200 either way.
  Outcome delete_object(const ResourceType& t, const std::string& ns, const std::string& name,
                        const DeleteOptions& opts);
  void erase_object(const ResourceType& t, const nlohmann::json& obj);
  void finalize_namespaces();
  void collect_garbage();
  const ResourceType* storage_type_of(const nlohmann::json& obj) const;

  ClusterOptions options_;
  Clock& clock_;
  Registry registry_;
  Store store_;
  std::mt19937_64 rng_;
  std::vector<std::shared_ptr<Controller>> controllers_;
  std::map<std::string, Clock::time_point> ns_deleting_since_;
  uint64_t gc_seen_epoch_ = 0;
  uint64_t gc_passes_ = 0;
  int tick_depth_ = 0;
};

}  // namespace fedplan::sandbox
