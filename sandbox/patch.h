// Patch documents: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and Kubernetes'
// strategic merge patch (lists merged by their keys, `$patch` directives).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "sandbox/schema.h"

namespace fedplan::sandbox {

// Applies a strategic merge patch to `target` using the schema's list keys: keyed lists merge
// item by item (`$patch: delete` removes an item, `$patch: replace` replaces the list), sets
// take the union, other lists are replaced; null removes a field; `$`-directives are consumed.
nlohmann::json strategic_merge(const nlohmann::json& target, const nlohmann::json& patch,
                               const SchemaNode& schema);

// Applies an RFC 6902 patch; false and *err when an operation fails.
bool json_patch(const nlohmann::json& target, const nlohmann::json& patch, nlohmann::json* out,
                std::string* err);

}  // namespace fedplan::sandbox
