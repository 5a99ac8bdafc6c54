// Object metadata helpers: RFC 3339 times, UIDs, name and label validation, and label and
// field selectors as the API server parses them.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "base/kube/names.h"

namespace fedplan::sandbox {

// "2024-05-01T12:00:00Z" (seconds precision, UTC), as metav1.Time marshals.
std::string rfc3339(std::chrono::system_clock::time_point t);
// Parses rfc3339() output (and fractional seconds); false when it is not a time.
bool parse_rfc3339(const std::string& s, std::chrono::system_clock::time_point* out);
// kubectl's short age: "45s", "3m12s", "5h", "2d".
std::string human_duration(std::chrono::seconds d);

// A random RFC 4122 version-4 UUID.
std::string new_uid(std::mt19937_64& rng);

// The name rules ("" when valid, else the API server's message), shared with the kube backend.
using kube::check_dns1035_label;
using kube::check_dns1123_label;
using kube::check_dns1123_subdomain;
using kube::check_label_key;
using kube::check_label_value;

// One requirement of a label selector: key, operator (=, !=, in, notin, exists, !), values.
struct LabelRequirement {
  std::string key;
  std::string op;
  std::vector<std::string> values;
};

// A parsed label selector; empty matches everything.
struct LabelSelector {
  std::vector<LabelRequirement> requirements;
  bool matches(const nlohmann::json& labels) const;
};

// Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`; false and *err (the API server's wording).
bool parse_label_selector(const std::string& text, LabelSelector* out, std::string* err);

// A field selector term: a dotted field path, = / == / !=, and a value.
struct FieldRequirement {
  std::string field;
  bool equals = true;
  std::string value;
};

// A parsed field selector.
struct FieldSelector {
  std::vector<FieldRequirement> requirements;
  // Matches an object by string value of each field ("" for a missing one).
  bool matches(const nlohmann::json& obj) const;
};

bool parse_field_selector(const std::string& text, FieldSelector* out, std::string* err);

// Reads that never throw: the default when the key is missing or holds another type.
std::string get_string(const nlohmann::json& obj, const char* key, const std::string& def = "");
int64_t get_int(const nlohmann::json& obj, const char* key, int64_t def);
bool get_bool(const nlohmann::json& obj, const char* key, bool def);
const nlohmann::json& get_object(const nlohmann::json& obj, const char* key);  // {} if none
const nlohmann::json& get_array(const nlohmann::json& obj, const char* key);   // [] if none

// The value at a dotted path (`.status.phase` or `status.phase`), or nullptr.
const nlohmann::json* value_at(const nlohmann::json& obj, const std::string& dotted);

}  // namespace fedplan::sandbox
