// The rules that turn a prior object, a configuration and a provider's answer into a plan's
// decisions, apart from the walk that gathers them: ignore_changes, replacement, drift, orphans.
#pragma once

#include <set>
#include <vector>

#include "engine/config/config.h"
#include "engine/config/instances.h"
#include "engine/plan/plan.h"
#include "lang/schema.h"
#include "lang/value.h"
#include "lang/value_json.h"

namespace fedplan {

// Why a state-only instance is deleted: its block, its module (none of `modules`), or its key
// went away.
ActionReason orphan_reason(const InstanceAddr& addr, const Instances& instances,
                           const std::set<ModulePath>& modules);

// Whether a refresh changed anything the configuration can set. Changes in read-only
// attributes alone (a live object's status, a generated id) are not reported as drift.
bool drift_is_relevant(const ResourceSchema* schema, const Value& before, const Value& after);

// `config` with the value at each of the lifecycle's ignore_changes paths taken from `prior`.
Value apply_ignore_changes(const Value& config, const Value& prior, const Lifecycle& lc);

// True when `planned` differs from `prior` at one of the paths that force a replacement.
bool replace_needed(const Value& prior, const Value& planned, const std::vector<ValuePath>& paths);

}  // namespace fedplan
