// Plan: the data a plan is. A list of changes with before/after values (marks included), the
// action and its reason, drift seen during refresh, output changes, and what it was based on.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/address.h"
#include "lang/value.h"
#include "lang/value_json.h"

namespace fedplan {

// What will happen to one instance. Replace comes in two orders.
enum class Action : uint8_t {
  NoOp,
  Create,
  Read,  // a data source read during apply
  Update,
  DeleteThenCreate,
  CreateThenDelete,
  Delete,
  Forget,  // a `removed` block with destroy = false: the record goes, the object stays
};

// Why, when the action alone does not say it (Terraform's action_reason values).
enum class ActionReason : uint8_t {
  None,
  ReplaceBecauseCannotUpdate,     // a field the provider cannot change in place changed
  ReplaceByRequest,               // -replace=ADDR
  ReplaceBecauseTainted,          // a create failed part-way: the object is not trusted
  DeleteBecauseNoResourceConfig,  // the block was removed
  DeleteBecauseNoModule,          // the module call was removed
  DeleteBecauseCountIndex,        // count went down
  DeleteBecauseEachKey,           // a for_each key went away
  DeleteBecauseWrongRepetition,   // count <-> for_each <-> single changed
  ReadBecauseConfigUnknown,       // data source config known only after apply
  ReadBecauseDependencyPending,   // data source depends on a pending change
};

const char* action_name(Action a);               // "create", "update", "delete", ...
const char* action_reason_name(ActionReason r);  // Terraform's JSON spelling, "" for None
bool is_replace(Action a);

// One instance's change. Values keep their marks: unknown parts are "(known after apply)",
// sensitive parts are redacted by every renderer.
struct ResourceChange {
  InstanceAddr addr;
  ProviderAddr provider;
  Action action = Action::NoOp;
  ActionReason reason = ActionReason::None;
  Value before;                            // the refreshed prior state; null when creating
  Value after;                             // the planned state; null when deleting
  std::vector<ValuePath> replace_paths;    // the paths that force the replacement
  std::string note;                        // from the provider (e.g. planned without the cluster)
  std::vector<InstanceAddr> dependencies;  // what it depends on, as InstanceState records it
  std::string deposed;  // set: this deletes the deposed object with this key (state.h)
  // Where the prior state recorded the object when a `moved` block moved it (the address
  // before every move of a chain); the apply records it at `addr` first.
  std::optional<InstanceAddr> previous_addr;
  // The ID an `import` block adopts this object by: `before` is the object as imported, and
  // the apply records it before anything else.
  std::optional<std::string> importing;

  const std::string& type() const { return addr.resource.type; }
  ResourceMode mode() const { return addr.resource.mode; }
};

// A managed object that changed outside fedplan since the last apply (found on refresh), or
// (pending) what the read of a create a killed run began found: the object, now fedplan's, or
// nothing, and the create's intent goes.
struct Drift {
  InstanceAddr addr;
  ProviderAddr provider;
  Value recorded;        // what the state said (pending: the create's intent)
  Value live;            // what the provider read; null when the object is gone
  bool pending = false;  // `recorded` is a pending create's intent, not a record
};

// A root output's change.
struct OutputChange {
  std::string name;
  Action action = Action::NoOp;  // create, update, delete or no-op
  Value before;
  Value after;
  bool sensitive = false;
};

// The outcome of one check block in one module instance, as Terraform's plan JSON `checks`
// lists it: pass, fail (an assertion is false), unknown (it waits for apply), error (an
// assertion could not be evaluated). A failure is a warning, never an error.
enum class CheckStatus : uint8_t { Pass, Fail, Unknown, Error };
const char* check_status_name(CheckStatus s);  // "pass", "fail", "unknown", "error"

struct CheckResult {
  ModulePath module;
  std::string name;
  CheckStatus status = CheckStatus::Unknown;
  std::vector<std::string> problems;  // the error_message of each failed assertion

  std::string address() const;  // "check.NAME", "module.a.check.NAME"
};

// A whole plan, and what it was based on so a saved plan can tell when it is stale.
struct Plan {
  std::vector<ResourceChange> changes;  // every instance, in apply order (no-ops included)
  std::vector<Drift> drift;
  std::vector<OutputChange> outputs;
  std::vector<CheckResult> checks;  // every check block, at the end of the plan
  bool destroy = false;             // planned with -destroy
  bool refresh_only = false;        // planned with -refresh-only: only the drift, no changes
  bool refreshed = true;
  bool complete = true;  // false when -target limited it
  std::vector<std::string> targets;
  std::vector<std::string> replace;
  std::map<std::string, Value> variables;  // root variables as used
  std::string prior_lineage;
  uint64_t prior_serial = 0;
  std::string prior_digest;   // SHA-256 of the prior state file's bytes ("" when none)
  std::string config_digest;  // SHA-256 over the configuration files read
  std::string config_dir;
  std::string file;       // the plan file it was read from, for messages ("" when made in this run)
  std::string timestamp;  // when it was made, RFC 3339 in UTC ("" when not recorded)
  bool errored = false;   // planning failed: what is here is what could be planned

  // Counts for the summary line: to add, change, destroy (a replace counts as add and destroy).
  struct Counts {
    int add = 0, change = 0, destroy = 0, read = 0;
    int import = 0, forget = 0;
  };
  Counts counts() const;
  // Any resource or output change, a move, an import or a forget; with -refresh-only, any
  // drift.
  bool has_changes() const;
};

}  // namespace fedplan
