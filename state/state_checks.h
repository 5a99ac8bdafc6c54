// The checks every reader of state files shares (the full decoder and the header scan): syntax
// errors with their position, the format version, and the identity fields.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"

namespace fedplan {

// Reports a JSON syntax error of `file` at byte `byte` (1-based, as nlohmann counts), with its
// line and column and nlohmann's reason `what` without its prefix.
void syntax_error(std::string_view text, const std::string& file, size_t byte,
                  const std::string& what, Diagnostics& diags);

// Checks the top-level "version" (null when absent): an integer from 1 to kStateVersion.
bool check_version(const nlohmann::json& v, const std::string& file, Diagnostics& diags);

// Checks the top-level "lineage" (a UUID) and "serial" (0 to kMaxStateSerial); the reason,
// starting with the field's JSON path, or "" when both are good.
std::string check_identity(const nlohmann::json& lineage, const nlohmann::json& serial);

}  // namespace fedplan
