// What plan, apply and destroy share: their flags, opening and locking the state, making
// the plan, printing progress, and confirming with the user.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "cli/config_flags.h"
#include "engine/plan/planner.h"
#include "state/backend.h"

namespace fedplan {

// Adds the flags of `plan` (and so of apply/destroy): -out, -target, -replace, -refresh,
// -destroy, -detailed-exitcode, -format, -parallelism, -lock, -lock-timeout, -state.
void add_plan_flags(po::options_description& flags, bool with_out_and_format);

// The parsed plan options; false (with a message) when an address does not parse.
bool plan_options(const po::variables_map& vm, PlanOptions* out, CliContext& ctx);

// The state backend for `dir` (-state overrides the file path).
std::unique_ptr<StateBackend> open_backend(const po::variables_map& vm, const std::string& dir,
                                           Clock& clock);

// Asks "Enter a value:" and returns true only for "yes". With no terminal it says why it
// cannot ask and returns false.
bool confirm(CliContext& ctx, const std::string& question, const std::string& detail);

}  // namespace fedplan
