// Check blocks in plan output: a short section in text and markdown (the failures, and what
// waits for apply), and Terraform's `checks` field in the JSON plan.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "engine/plan/plan.h"

namespace fedplan {

// `Checks: 1 failed, 2 passed.` and a line per check that did not pass with its messages;
// "" when the configuration has no check block.
std::string checks_text(const Plan& plan, bool color);

// The same for a pull request: a warning quote when one failed, else one summary line.
std::string checks_markdown(const Plan& plan);

// Terraform's plan JSON `checks`: one entry per check block (its static address) with the
// status of each of its instances (one per module instance) and their problems. Null when
// there are no checks (the key is then left out, as Terraform does).
nlohmann::json checks_json(const Plan& plan);

}  // namespace fedplan
