// Operators on values (`-x`, `!x`, `a + b`, `a == b`, `a && b`, ...) with HCL semantics:
// arithmetic converts numeric strings, equality never converts, and marks flow to the result.
#pragma once

#include <string>

#include "lang/ast.h"
#include "lang/value.h"

namespace fedplan {

// The outcome of an operation: the value, or an error and which operand caused it
// (0 = left or the only operand, 1 = right, -1 = the operation as a whole).
struct OpResult {
  Value value;
  std::string error;
  int bad_operand = -1;

  bool ok() const { return error.empty(); }
};

// `-x` needs a number (or a numeric string); `!x` needs a bool.
OpResult apply_unary(UnaryOp op, const Value& operand);

// Rules:
//  - `+ - * / %` and `< <= > >=` need numbers; strings that are numbers convert ("5" + 1 = 6).
//  - `==` / `!=` compare deeply without conversion (1 == "1" is false). Lists and tuples with
//    equal elements are equal, as are maps and objects with equal attributes.
//  - `&&` / `||` need bools; `false && x` and `true || x` are known even when x is unknown.
//  - division or modulo by zero is an error; null operands are errors except for equality.
//  - an unknown operand gives an unknown result of the result kind; equality with an unknown
//    part is unknown unless a known part already differs.
//  - a sensitive operand (or one containing a sensitive value) makes the result sensitive.
OpResult apply_binary(BinaryOp op, const Value& lhs, const Value& rhs);

// Deep equality of content ignoring marks: true/false when decidable, nullopt when it depends
// on an unknown part. List~tuple and map~object compare by content.
std::optional<bool> values_equal(const Value& a, const Value& b);

}  // namespace fedplan
