// The rules every StateBackend keeps, as one check any backend's test runs against a fixture
// of it: fresh state, serial steps, refusal of unrelated or newer states, never overwriting damage.
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

// Runs the contract against `f` with doctest checks (call it from a TEST_CASE).
void check_backend_contract(const BackendFixture& f);

}  // namespace fedplan::testing
