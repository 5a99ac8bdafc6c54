// The provider seam: the one interface between the engine and the outside world it changes.
// Providers never see the graph; the engine never speaks HTTP, ssh or firewall-cmd.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "lang/schema.h"
#include "lang/value.h"
#include "lang/value_json.h"

namespace fedplan {

// plan_change's question: how does `prior` (null: does not exist) become `config` (null: the
// object is to be deleted)? `config` may contain unknown values.
struct PlanRequest {
  std::string type;
  Value prior;
  Value config;
};

// The answer: the state expected after apply (unknown where only apply can tell) and the
// attribute paths whose change forces a replacement. `note` explains a degraded plan (for
// example "cluster unreachable: planned from config alone").
struct PlanResult {
  Value planned;
  std::vector<ValuePath> requires_replace;
  std::string note;
  Diagnostics diags;
};

// apply's input: make `prior` into `planned` (null planned: delete). `config` is the
// evaluated config with every value known.
struct ApplyRequest {
  std::string type;
  Value prior;
  Value planned;
  Value config;
  // A create that an earlier, killed run began (the state held its intent): an object that
  // already exists with the planned identity is that run's, so fedplan's own, not someone
  // else's; the provider adopts it as created (so destroy removes it) rather than as found.
  bool resumed = false;
};

// The new state (null after a delete). On failure `state` is what exists now (it may be the
// prior state, or a partly created object) and `retryable` says whether trying again may help.
struct ApplyResult {
  Value state;
  bool retryable = false;
  Diagnostics diags;
};

// A read of live state: null `state` means the object is gone.
struct ReadResult {
  Value state;
  Diagnostics diags;
};

// One configured provider (for example the `kube.mesh1` configuration). Methods may be called
// from several threads at once after configure() returned; implementations must allow that.
class Provider {
 public:
  virtual ~Provider() = default;

  virtual const ProviderSchema& schema() const = 0;
  // Receives the evaluated provider block (all values known).
  virtual Diagnostics configure(const Value& config) = 0;
  // Static checks of the provider block for `validate`; values may be unknown. Providers that
  // check their block in configure() should run the same checks here.
  virtual Diagnostics validate_config(const Value& config) {
    (void)config;
    return {};
  }
  // Static checks of a resource or data source config; values may be unknown. A data
  // source's type comes prefixed with "data." ("data.local_file").
  virtual Diagnostics validate(const std::string& type, const Value& config) {
    (void)type;
    (void)config;
    return {};
  }
  virtual PlanResult plan_change(const PlanRequest& request) = 0;
  virtual ApplyResult apply(const ApplyRequest& request) = 0;
  // Refreshes one managed object from its recorded state.
  virtual ReadResult read(const std::string& type, const Value& state) = 0;
  // Refreshes many objects of one type; providers that can list in bulk override this.
  virtual std::vector<ReadResult> read_many(const std::string& type,
                                            const std::vector<Value>& states);
  // Reads what a create that a killed run began may have made, from the create's intent (its
  // planned values, unknown ones null): a null state when nothing is there. The default is
  // read(); providers that read objects by an id only the create returns find them otherwise
  // (openstack_lb: by name, as its resumed create does).
  virtual ReadResult read_pending(const std::string& type, const Value& intent) {
    return read(type, intent);
  }
  // A refresh returns the object it reads, never another: "" when `live`, a value read for
  // `type`, is the object `recorded` names (a record, or a create's intent whose unknown
  // attributes are null), else the field that tells them apart and how, as in
  // `namespace is "kube-system", but the record's is "default"`. A saved plan whose refreshed
  // values were edited to name another object is refused with it. Works unconfigured. The
  // default compares the force_new attributes and "id" wherever `recorded` knows them.
  virtual std::string other_object(const std::string& type, const Value& recorded,
                                   const Value& live) const;
  // Reads a data source.
  virtual ReadResult read_data(const std::string& type, const Value& config) = 0;
  // Adopts an existing object by the provider's id syntax.
  virtual ReadResult import(const std::string& type, const std::string& id);
  // True when plan_change and read_data may wait on something remote (an API server, a host):
  // the planner then makes these calls on its workers, so that they overlap. Providers that
  // answer at once say false and are called on the planner's own thread.
  virtual bool calls_wait() const { return true; }
  // How many steps the configured provider wants at once (its own limit, from its block's
  // max_parallel or a default), 0 for none: then the block's max_parallel, if any, is the
  // bound. The plan and apply walks give it no more steps than that at a time, so steps that
  // would only queue inside it leave the workers to others.
  virtual int max_parallel() const { return 0; }

 protected:
  // other_object's test of one attribute: "" when `recorded` does not know `name` or `live`
  // holds the same, else how they differ (the values left out when `sensitive`).
  static std::string attribute_differs(const std::string& name, const Value& recorded,
                                       const Value& live, bool sensitive = false);
};

// Makes an unconfigured provider of one type.
using ProviderFactory = std::function<std::unique_ptr<Provider>()>;

// The provider types fedplan knows, by name. Built by the program (or a test), never global.
struct ProviderRegistry {
  std::map<std::string, ProviderFactory> factories;

  void add(const std::string& name, ProviderFactory f) { factories[name] = std::move(f); }
  std::unique_ptr<Provider> create(const std::string& name) const;
  std::vector<std::string> names() const;
};

}  // namespace fedplan
