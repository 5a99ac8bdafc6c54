// Shared checks and comparisons of the built-in providers: a config against its schema, typed
// attribute reads, and equality that survives a trip through the JSON state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "providers/provider.h"

namespace fedplan::builtin {

// The attribute `name` of object `obj`, or null when `obj` is not a known object or lacks it.
Value attr(const Value& obj, std::string_view name);

// Adds `Invalid value for "NAME"` with `detail`.
void invalid_value(Diagnostics& d, std::string_view name, const std::string& detail);

// Checks `config` (values may be unknown) against `schema`: an object, no unknown attribute,
// no read-only attribute set, every required attribute present, every value of its type.
// Each error names the attribute. Returns the config with values converted to their types
// (the input itself where a conversion failed).
Value check_config(const ResourceSchema& schema, const Value& config, Diagnostics& d);

// The diagnostic for a type the provider does not serve.
Diagnostics unknown_type(const std::string& provider, const std::string& type);

// True when both are wholly known and hold the same content, ignoring marks and the kind
// differences a JSON round trip introduces (list/tuple/set, map/object). Null equals null only.
bool same_value(const Value& a, const Value& b);

// The known string value of `v` (marks dropped), nullopt when null, unknown or not a string.
std::optional<std::string> known_string(const Value& v);

}  // namespace fedplan::builtin
