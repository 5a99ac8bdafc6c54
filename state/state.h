// What fedplan believes exists: every managed object with its attributes, and the outputs.
// Plain data plus the few edits `state rm` / `state mv` and the applier need.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/address.h"

namespace fedplan {

// The newest state format this build reads and writes. Files with a higher number are refused.
inline constexpr int kStateVersion = 1;

// The largest serial a state may carry (2^63 - 1): every reader of signed 64-bit integers keeps
// it exact, and a write that would go past it is refused instead of wrapping to 0.
inline constexpr uint64_t kMaxStateSerial = 9223372036854775807ULL;

// The attribute schema version every provider of this build reads and writes. No provider has
// upgraded its records yet, so a record with any other version came from elsewhere.
inline constexpr int64_t kInstanceSchemaVersion = 0;

// One object as it was last applied or imported: its address, the provider configuration that
// manages it, and the attributes the provider reported.
struct InstanceState {
  InstanceAddr addr;
  ProviderAddr provider;
  nlohmann::json attributes = nlohmann::json::object();
  // Paths to sensitive values inside `attributes`, each an array of object keys (strings) and
  // array indices (numbers): [["spec", "token"], ["data", 0]]. A path covers all below it.
  nlohmann::json sensitive_paths = nlohmann::json::array();
  // What this object depended on when it was applied; destroy order follows them when the
  // configuration is gone. An address with a key names that instance; one without a key
  // stands for every instance of its resource (the one unkeyed instance included). Written
  // as printed addresses, in this order.
  std::vector<InstanceAddr> dependencies;
  // Created, but a later step of its create/replace failed: the next plan replaces it.
  bool tainted = false;
  // The provider's schema version for `attributes`, so a provider can upgrade old records.
  int64_t schema_version = 0;
};

// One root-module output value as of the last apply.
struct OutputState {
  nlohmann::json value;
  bool sensitive = false;
  nlohmann::json type;  // the type expression as JSON, or null when not recorded
};

// Which deposed object: the instance it was, and its random key ("a1b2c3d4").
using DeposedKey = std::pair<InstanceAddr, std::string>;

// The whole state: identity (lineage), generation (serial), objects and outputs. Instances are
// kept sorted by address, which is also the order they are written in.
struct State {
  int version = kStateVersion;
  std::string fedplan_version;  // the build that wrote it; informational
  std::string lineage;          // UUID fixed when the state is first created
  uint64_t serial = 0;          // 0: never written; each write stores serial + 1
  std::map<InstanceAddr, InstanceState> instances;
  std::map<std::string, OutputState> outputs;
  // Terraform's "deposed" objects: old objects a create_before_destroy replacement replaced
  // but has not deleted yet (the delete failed, or the run was stopped). They are no longer
  // the instance's object, but still exist, so the next plan deletes them.
  std::map<DeposedKey, InstanceState> deposed;
  // Creates begun but not known to have ended (Pulumi's pending operations): the state written
  // before a create's provider call holds one, with the planned attributes; recording the
  // result clears it. An object found where one was left is fedplan's, from a run that died.
  std::map<InstanceAddr, InstanceState> pending;

  // A new, empty state with a fresh random lineage.
  static State fresh();

  const InstanceState* find(const InstanceAddr& addr) const;
  InstanceState* find(const InstanceAddr& addr);
  // Inserts or replaces the record at `inst.addr`.
  void set(InstanceState inst);
  // Returns false when nothing was recorded at `addr`. Deposed objects of `addr` stay.
  bool remove(const InstanceAddr& addr);
  // Moves the object recorded at `addr` to `deposed` under a new random key, which it
  // returns ("" when nothing is recorded at `addr`).
  std::string depose(const InstanceAddr& addr);

  // Every address contained in `target` (a module, a resource or one instance), in order.
  // Costs O(log n + matches).
  std::vector<InstanceAddr> select(const TargetAddr& target) const;
  // Every address, in order; with targets, those contained in any of them.
  std::vector<InstanceAddr> list(const std::vector<TargetAddr>& targets = {}) const;
};

// The outcome of State::move: each address that was renamed, as (from, to), or an error.
struct MoveResult {
  std::vector<std::pair<InstanceAddr, InstanceAddr>> moved;
  std::string error;  // set when nothing was moved because the move is not possible

  bool ok() const { return error.empty(); }
};

// Renames records the way `fedplan state mv FROM TO` does, Terraform's rules:
//   instance -> instance        `a.x[0]`  -> `a.y["k"]`
//   resource -> resource        `a.x`     -> `a.y` or `module.m.a.y` (keys kept, same type)
//   resource -> instance        `a.x`     -> `a.x[0]` (only when `a.x` has just the unkeyed one)
//   resource/instance -> module `a.x[0]`  -> `module.m` (same name inside module.m)
//   module -> module            `module.a` -> `module.b["k"]` (everything below, providers too)
// Dependencies in every record are rewritten to the new names. The destination must be free.
// With `dry_run` it reports what would move and changes nothing.
MoveResult move_in_state(State& state, const TargetAddr& from, const TargetAddr& to,
                         bool dry_run = false);

}  // namespace fedplan
