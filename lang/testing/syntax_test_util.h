// Test helpers for the syntax half of lang/: parse or evaluate a snippet in one call,
// print an AST as a compact S-expression, render diagnostics with their caret lines.
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "lang/ast.h"
#include "lang/eval.h"
#include "lang/value.h"

namespace fedplan::testing {

// The AST as an S-expression: `(+ 1 (* 2 3))`, `var.a[0]`, `(call f 1 2)`.
std::string dump(const Expr& e);

// Parses `src` as an expression (file "test.fed.hcl"); diagnostics go to `diags`.
ExprPtr parse_expr(std::string_view src, Diagnostics& diags);

// The dump of `src` parsed as an expression, or "ERROR: <first diagnostic>" when it fails.
std::string parse_dump(std::string_view src);

// Evaluates `src` with `vars` as root names; `errors` receives rendered diagnostics.
Value eval_src(std::string_view src, const ValueMap& vars, std::string* errors);

// Every diagnostic rendered with render_diagnostics() against `src` as "test.fed.hcl".
std::string render(const Diagnostics& diags, std::string_view src);

// Parses `src` as a file and returns its diagnostics rendered; "" when there are none.
std::string file_errors(std::string_view src);

// Evaluates and returns the rendered diagnostics ("" when none).
std::string eval_errors(std::string_view src, const ValueMap& vars = {});

}  // namespace fedplan::testing
