// The value parts of Terraform's plan JSON: values with unknowns left out, nested masks, and
// the `values` representation of modules used by planned_values and prior_state.
#pragma once

#include <map>

#include <nlohmann/json.hpp>

#include "engine/plan/plan.h"

namespace fedplan {

// What `terraform_version` says: consumers of Terraform's plan JSON check that it is there and
// parses as a version; it names the Terraform release whose JSON format 1.2 this follows.
inline constexpr const char* kTerraformVersion = "1.11.0";

// The fedplan build, as `fedplan_version` says it.
extern const char* const kFedplanVersion;

// address, mode, type, name, index (when keyed) and provider_name of one instance.
nlohmann::json instance_keys_json(const InstanceAddr& addr, const ProviderAddr& provider);

// One object in the `values` representation: the keys above, schema_version, values (unknowns
// left out, sensitive parts null) and sensitive_values.
nlohmann::json resource_values_json(const InstanceAddr& addr, const ProviderAddr& provider,
                                    const Value& v);

// Nests per-module resource lists into root_module, with child_modules by path (each with
// its address); modules between them that hold nothing are made empty.
nlohmann::json modules_json(std::map<ModulePath, nlohmann::json> by_module);

// Plain JSON of `v` with every sensitive or unknown part null; with `keep_unknown_attrs` false
// an unknown attribute of an object is left out instead.
nlohmann::json redacted_json(const Value& v, bool keep_unknown_attrs);

// Plain JSON of `v` as Terraform writes `after`: unknown attributes of objects are left out
// (an unknown list element becomes null, keeping the indexes), sensitive parts are null.
nlohmann::json json_without_unknowns(const Value& v);

// Terraform's nested masks: `true` where `hit` holds, an object or array mirroring every
// collection around (empty when nothing inside is hit), known scalars left out of objects and
// `false` in arrays; `false` for a scalar or null value.
nlohmann::json unknown_tree(const Value& v);
nlohmann::json sensitive_tree(const Value& v);

// `planned_values`: the outputs and every object that exists after the plan is applied.
nlohmann::json planned_values_json(const Plan& plan);

// `prior_state.values`: the outputs and objects as refreshed, before any change.
nlohmann::json prior_values_json(const Plan& plan);

// `configuration`, as far as the plan knows it: `provider_config` for every provider
// configuration a change goes through, and `root_module` with each resource (not instance)
// that has an instance in the configuration, nested by module; no expressions.
nlohmann::json configuration_json(const Plan& plan);

// `relevant_attributes`: every top-level attribute whose drift the plan reports.
nlohmann::json relevant_attributes_json(const Plan& plan);

}  // namespace fedplan
