// Helpers between the language's Values and the JSON the API server speaks: canonical
// manifests (no nulls, objects and tuples only), sensitive marks carried across, and the
// typed reading of resource attributes.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "lang/value.h"
#include "lang/value_json.h"

namespace fedplan::kube {

// A manifest in canonical form: null attributes dropped, maps as objects, lists and sets as
// tuples, marks and unknowns kept. Two manifests that mean the same compare equal.
Value normalize_manifest(const Value& v);

// The plain JSON of a wholly known value, without nulls.
nlohmann::json manifest_json(const Value& v);

// A Value from JSON with the sensitive marks of `paths` added (paths that do not exist are
// skipped), plus `data` and `stringData` when the object is a core v1 Secret.
Value value_with_marks(const nlohmann::json& j, const std::vector<ValuePath>& paths);

// The attribute `name` of an object value, or null.
Value attr(const Value& obj, const std::string& name);
// A string attribute ("" when absent, null or not a known string).
std::string attr_string(const Value& obj, const std::string& name);
// A bool attribute (false when absent or null).
bool attr_bool(const Value& obj, const std::string& name);

// Sets or replaces attributes of an object value (null `obj` starts an empty object).
Value with_attrs(const Value& obj, const ValueMap& changes);

// Whether two values mean the same (compared as plain JSON; both must be wholly known).
bool same_json(const Value& a, const Value& b);

}  // namespace fedplan::kube
