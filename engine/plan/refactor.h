// Refactoring: what the configuration's `moved`, `removed` and `import` blocks make of the
// prior state before the planner sees it, and how an apply replays it on the state.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/loaded_config.h"
#include "engine/plan/plan.h"
#include "state/state.h"

namespace fedplan {

// One `import` block, checked and with its ID evaluated.
struct ImportTarget {
  std::string id;
  ProviderAddr provider;  // the configuration's provider of the target instance
  Span span;              // the block header
};

// What the blocks ask of one plan.
struct Refactoring {
  // Every moved object: its address now -> where the prior state recorded it.
  std::map<InstanceAddr, InstanceAddr> previous;
  // `removed { lifecycle { destroy = false } }`: the records forgotten (action Forget).
  std::vector<ResourceChange> forgets;
  std::map<InstanceAddr, ImportTarget> imports;

  bool empty() const { return previous.empty() && forgets.empty() && imports.empty(); }
};

// True when the configuration has any moved, removed or import block.
bool has_refactoring_blocks(const LoadedConfig& cfg);

// Applies the moved blocks of every module instance to `state` (the planner's copy of the
// prior state), in the order chains need (a -> b before b -> c), and takes the records the
// removed blocks forget out of it; checks the import blocks and evaluates their IDs.
// Errors: a cycle of moves, two moves from or to one address, a move onto an address the
// state already records, a moved or removed address still in the configuration, an import
// target without a resource block or with an ID not known at plan time. With `destroy`
// (plan -destroy) the blocks only move: nothing is imported or forgotten.
void prepare_refactoring(const LoadedConfig& cfg, State& state, bool destroy, Refactoring& out,
                         Diagnostics& diags);

// The state the planner starts from: `prior` itself when the configuration has no such
// blocks (or with -refresh-only, which leaves them to a normal plan), else a copy in
// `storage` that prepare_refactoring changed.
const State& refactored_prior(const LoadedConfig& cfg, const State& prior, bool refresh_only,
                              bool destroy, std::optional<State>& storage, Refactoring& out,
                              Diagnostics& diags);

// Checks the root module's import blocks (engine/plan/imports.cc), for_each expanded, against
// the configuration's instances and fills `out.imports`. Errors: no instance `to` (with the
// closest address), a provider other than the target's, two imports to one address.
void check_import_blocks(const LoadedConfig& cfg, Refactoring& out, Diagnostics& diags);

// The import of `t` into `ch` (engine/plan/imports.cc), on the planner's walk once the
// provider is configured. Nothing recorded at `ch.addr`: the provider imports and reads the
// object, `before` becomes it and `ch.importing` its ID. Recorded already: the same object
// (the same `id` attribute) makes the block a no-op; another one is an error. False on error.
bool plan_import(Provider& provider, const ImportTarget& t, const Value* recorded,
                 ResourceChange& ch, Value& before, Diagnostics& diags);

// Sets each change's previous_addr from `r.previous` and adds r.forgets to `plan`.
void record_refactoring(const Refactoring& r, Plan& plan);

// The saved-plan rule for refactoring (saved_plan_check.cc): the saved plan's moves, forgets
// and imports are the ones `expected` (prepare_refactoring on the current state) makes. "" when
// they are, else why not, as "changes[i] (ADDR).field: ...".
std::string check_saved_refactoring(const Plan& saved, const Refactoring& expected);

// What an apply does first: the moved records renamed (with their new provider), the
// forgotten removed, the imported recorded as the plan read them. Returns the addresses
// touched, for the state writer.
std::vector<InstanceAddr> replay_refactoring(const Plan& plan, State& state);

}  // namespace fedplan
