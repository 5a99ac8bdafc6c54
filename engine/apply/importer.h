// Importer: adopts an object that already exists into the state under a resource address of
// the configuration, as `fedplan import ADDR ID` does (Terraform's `terraform import`).
#pragma once

#include <string>

#include "engine/plan/loaded_config.h"
#include "engine/plan/planner.h"
#include "engine/plan/provider_set.h"
#include "state/state.h"

namespace fedplan {

// The resource instance of the configuration that `addr` names, or nullptr with an error
// that says what is wrong: no such resource block (with the closest one as a hint), a data
// source, a key the block's count or for_each does not produce, a key missing or not allowed.
const ResourceInstance* find_import_target(const LoadedConfig& cfg, const InstanceAddr& addr,
                                           Diagnostics& diags);

// Imports the object the provider knows by `id` as `addr`: refuses when the state already
// records `addr`, configures the instance's provider (with values the state records), calls
// Provider::import and then read, and records the result in `state` (the caller saves it)
// without dependencies, which the next apply that changes it records.
// Progress lines follow Terraform's ("ADDR: Importing from ID ..."). Returns false with
// diagnostics on any failure, leaving `state` as it was.
bool import_instance(const LoadedConfig& cfg, State& state, ProviderSet& providers,
                     const InstanceAddr& addr, const std::string& id, const Progress& progress,
                     Diagnostics& diags);

}  // namespace fedplan
