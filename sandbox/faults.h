// Fault injection for tests: added latency per request and failures by verb and rate (409,
// 429/503 with Retry-After, 500, 502, 504, dropped connections), from flags or the admin API.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "sandbox/status.h"

namespace fedplan::sandbox {

// One kind of injected failure: for which verb ("*" any; get, list, watch, create, update,
// patch, delete, deletecollection), how often (0..1) and what (HTTP code, or 0 to drop).
struct FaultRule {
  std::string verb = "*";
  double rate = 0;
  int code = 500;
  int retry_after = 1;  // seconds, for 429
};

// The knobs: a fixed delay before every API answer, and the failure rules in order.
struct FaultConfig {
  std::chrono::milliseconds latency{0};
  std::vector<FaultRule> rules;
};

// What to do with one request.
struct FaultDecision {
  enum class Action { None, Error, Drop } action = Action::None;
  ApiError error;
};

FaultDecision decide_fault(const FaultConfig& config, const std::string& verb,
                           std::mt19937_64& rng);

// Parses "VERB:CODE:RATE[:RETRY_AFTER]", e.g. "create:409:0.5" or "*:drop:0.1".
bool parse_fault_rule(const std::string& spec, FaultRule* out, std::string* err);

nlohmann::json faults_to_json(const FaultConfig& config);
// Reads {"latencyMs": N, "rules": [{"verb","code"|"drop","rate","retryAfter"}]}.
bool faults_from_json(const nlohmann::json& j, FaultConfig* out, std::string* err);

}  // namespace fedplan::sandbox
