// The errored-state file: where an apply puts the state it holds when the state location
// refuses a write, so that nothing it made is forgotten (Terraform's errored.tfstate).
#pragma once

#include <string>

#include "base/diagnostics.h"
#include "state/state.h"

namespace fedplan {

class StateCipher;

// Writes `state` to `path` and adds the error that tells the user what happened and how to
// push it back to `where` (the backend's description). With an empty `path` only the error
// is added. Returns whether the file was written; sealed with `cipher` when given.
bool write_errored_state(const State& state, const std::string& path, const std::string& where,
                         Diagnostics& diags, const StateCipher* cipher = nullptr);

}  // namespace fedplan
