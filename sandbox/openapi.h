// OpenAPI v3 documents for the served kinds: enough for kubectl to see that PATCH takes
// fieldValidation (so it validates on the server) and to find each kind's schema.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "sandbox/registry.h"

namespace fedplan::sandbox {

// GET /openapi/v3: {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}}}
nlohmann::json openapi_v3_root(const Registry& registry);

// GET /openapi/v3/api/v1 or /openapi/v3/apis/GROUP/VERSION; null when the version is unknown.
nlohmann::json openapi_v3_group_version(const Registry& registry, const std::string& group,
                                        const std::string& version);

}  // namespace fedplan::sandbox
