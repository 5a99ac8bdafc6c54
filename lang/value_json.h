// Value <-> JSON: the plain form (jsonencode, provider payloads) and a lossless form for state
// and saved plans, where unknown and sensitive marks travel in separate mask documents.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/value.h"

namespace fedplan {

// One step of a path into a value: an attribute/map key or a sequence index.
struct PathStep {
  bool is_index = false;
  std::string key;   // when !is_index
  size_t index = 0;  // when is_index

  static PathStep attr(std::string key) { return PathStep{false, std::move(key), 0}; }
  static PathStep at(size_t index) { return PathStep{true, {}, index}; }
  bool operator==(const PathStep& other) const = default;
};

// A path from the root of a value, e.g. `.metadata.labels["app"]` or `.ports[0]`.
using ValuePath = std::vector<PathStep>;

// `.a.b[0]["x y"]`: keys that are identifiers use `.`, others `["..."]`.
std::string path_to_string(const ValuePath& path);
// JSON form: ["a", "b", 0] (strings are keys, numbers indexes).
nlohmann::json path_to_json(const ValuePath& path);
ValuePath path_from_json(const nlohmann::json& j);

// Plain JSON of a value: integral numbers as integers, sets and tuples as arrays, maps and
// objects as objects. Unknown values become null; marks are dropped.
nlohmann::json to_json(const Value& v);

// Compact JSON text of a value with exact numbers (1/3 with all its digits, integers of any
// size), as jsonencode writes it. Otherwise like to_json(v).dump(): unknowns are null,
// invalid UTF-8 in strings is replaced.
std::string to_json_text(const Value& v);

// How deep arrays and objects may nest in decoded data (jsondecode, yamldecode): the walks
// over values recurse, so deeper input is refused rather than allowed to exhaust the stack.
constexpr size_t kMaxDecodeDepth = 256;

// True when arrays and objects in `j` nest more than `limit` levels (`[]` is one level). It
// does not recurse, so it is safe on any parsed document.
bool json_deeper_than(const nlohmann::json& j, size_t limit);

// A value from JSON: objects become objects, arrays tuples, numbers numbers.
Value from_json(const nlohmann::json& j);

// A value from JSON text, its numbers read exactly from their digits (what jsondecode does).
// On a syntax error, or nesting deeper than kMaxDecodeDepth, returns nullopt and the reason.
std::optional<Value> from_json_text(std::string_view text, std::string* error);

// Where the unknowns are, shaped like Terraform's after_unknown: `true` at an unknown value,
// objects/arrays mirroring the structure around unknown parts, `false` where wholly known.
nlohmann::json unknown_mask(const Value& v);

// Where the sensitive marks are: `true` at a sensitive value, objects/arrays mirroring the
// structure around sensitive parts, `false` where nothing inside is sensitive. A collection
// that is itself sensitive is `true` as a whole (marks inside it are then not recorded).
nlohmann::json sensitive_mask(const Value& v);

// The path of every value marked sensitive, outermost first (nothing below a sensitive one).
std::vector<ValuePath> sensitive_paths(const Value& v);

// Rebuilds a value from to_json() output and the two masks: positions marked unknown become
// unknown values, positions marked sensitive get the sensitive mark. Masks may be null/false.
Value from_json_with_marks(const nlohmann::json& value, const nlohmann::json& unknown_mask,
                           const nlohmann::json& sensitive_mask);

// Adds the sensitive mark at each path (paths that do not exist are ignored).
Value mark_paths_sensitive(const Value& v, const std::vector<ValuePath>& paths);

}  // namespace fedplan
