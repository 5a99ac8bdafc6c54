// Parsing a plan file's text into its JSON document, with the limits a hostile or damaged file
// needs: nesting depth, numbers beyond a double, and the JSON path of whatever is wrong.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fedplan {

// Why a text is not a plan document this build can hold.
struct PlanJsonError {
  enum class Kind { None, Syntax, NumberOutOfRange, TooDeep };
  Kind kind = Kind::None;
  size_t byte = 0;    // 1-based, as nlohmann counts: where a syntax error was seen
  std::string path;   // JSON path of the value: "changes[0].after.value.ratio"
  std::string token;  // the offending text, for a number out of range

  explicit operator bool() const { return kind != Kind::None; }
  // "changes[0].after.value.ratio: the number 1e400 is out of range ...".
  std::string describe() const;
};

// Parses `text` into `doc`, refusing arrays and objects nested deeper than kMaxJsonDepth (the
// decoder and every Value walk recurse) and numbers too large for a double.
PlanJsonError parse_plan_json(std::string_view text, nlohmann::json* doc);

}  // namespace fedplan
