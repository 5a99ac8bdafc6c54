// The `wait` block of kube_object: until a status condition is True or a field path holds a
// (given) value, with a timeout (in base/duration.h syntax: "300s", "5m", "1m30s").
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "providers/kube/doc.h"

namespace fedplan::kube {

// What to wait for after an apply. Exactly one of condition or jsonpath is set.
struct WaitSpec {
  std::string condition;             // status.conditions[type=condition].status == "True"
  std::string jsonpath;              // "status.loadBalancer.ingress[0]": present and non-empty
  std::optional<std::string> value;  // with jsonpath: the value it must have (as text)
  std::chrono::milliseconds timeout{300'000};
  // Data sources only: what a timeout does ("fail": an error; "continue": the object is read
  // as it is, for a module that falls back on something else), and the text that explains a
  // failed wait to the module's user instead of the generic hint.
  bool continue_on_timeout = false;
  std::string error_message;
};

// Reads the wait block from a resource config (an object, or a one-element list of one);
// nullopt with nothing in *err when there is no block; *err says what is wrong otherwise.
std::optional<WaitSpec> parse_wait(const Doc& block, std::string* err);
// The same for a block held as a Value (as the unit tests build them).
std::optional<WaitSpec> parse_wait(const Value& block, std::string* err);

// Parses "status.loadBalancer.ingress[0].ip", also with a leading "." or in kubectl's braces
// ("{.status.phase}"), and ["key.with.dots"] for keys with dots, into a path json_at (doc.h)
// follows. nullopt and *err on bad syntax.
std::optional<ValuePath> parse_json_path(const std::string& text, std::string* err);

// The outcome of checking one live object against a wait: done, or what is still missing.
struct WaitCheck {
  bool done = false;
  std::string waiting_for;  // e.g. `condition Ready is "False" (reason: Installing)`
};

WaitCheck check_wait(const WaitSpec& spec, const nlohmann::json& object);

// A value as the text `value` is compared with: strings as they are, numbers in their shortest
// form, booleans "true"/"false", anything else as compact JSON.
std::string json_text(const nlohmann::json& v);

}  // namespace fedplan::kube
