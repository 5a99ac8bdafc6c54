// The state and its outputs as Terraform's JSON shows them: `show -json` without a plan file
// (the state representation of `terraform show -json`) and `output -json`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "lang/types.h"
#include "state/state.h"

namespace fedplan {

// One line of JSON, ending in '\n': format_version "1.0", terraform_version, fedplan_version,
// and values (outputs, root_module with resources and child_modules). Stricter than
// Terraform: sensitive values are null (resources) or left out (outputs), never in clear.
std::string render_state_json(const State& state);

// Terraform's JSON type syntax: "string", ["list","string"], ["object",{"a":"number"}];
// `any` is "dynamic".
nlohmann::json type_json(const Type& type);

// An output's type: the one recorded in the state, else the structural type of its value
// (arrays are tuples, objects are objects, as for a literal in Terraform).
nlohmann::json output_type_json(const OutputState& output);

// {"sensitive", "type", "value"} of `output -json`, value included even when sensitive (as
// Terraform prints it: -json is for programs).
nlohmann::json output_json(const OutputState& output);

// Every output by name as output_json() has it, but a sensitive one without its value: what
// the state JSON and the UI's outputs message show.
nlohmann::json state_outputs_json(const State& state);

}  // namespace fedplan
