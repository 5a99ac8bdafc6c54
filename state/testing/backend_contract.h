// The rules every StateBackend keeps (fresh state, serial steps, refusal of unrelated or newer
// states, never overwriting damage), as one check each backend's tests run on a fixture.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "state/backend.h"

namespace fedplan::testing {

// Makes backends that all look at the same stored state, as separate runs would.
struct BackendFixture {
  std::string name;
  std::function<std::unique_ptr<StateBackend>()> open;
  std::function<void(const std::string&)> plant;  // replaces the stored bytes
  std::function<std::optional<std::string>()> stored;
};

// Runs every rule against the backends `f` opens (doctest checks; call from a TEST_CASE).
void check_backend_contract(const BackendFixture& f);

}  // namespace fedplan::testing
