// The state file's "pending_operations": creates begun whose result is not recorded yet, read
// by the rules of resources[] entries. Written by state_json.cc, read from decode_state.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"
#include "state/state.h"

namespace fedplan {

// Reads `ops` ([{"operation":"create","resource":ENTRY}, ...]) into state.pending; false with
// an error naming `file` when it is not that shape or an ENTRY is not a valid entry.
bool read_pending_operations(const nlohmann::json& ops, State& state, const std::string& file,
                             Diagnostics& diags);

}  // namespace fedplan
