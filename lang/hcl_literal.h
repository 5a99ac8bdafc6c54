// A value written back as the *.fed.hcl expression that evaluates to it: the right-hand sides
// of generated configuration (`plan -generate-config-out`), laid out for `fedplan fmt`.
#pragma once

#include <string>

#include "lang/value.h"

namespace fedplan {

// The expression text for `v`, starting at column `indent` (nested lines are indented two
// more per level; the first line is not). Strings are quoted with HCL's escapes (`${` and `%{`
// doubled so they stay literal); a string of several lines that ends with a newline becomes a
// heredoc. Objects and maps are `{ key = value }` on one line per attribute (a key that is not
// an identifier quoted), lists, tuples and sets `[a, b]` (one element a line when any is a
// collection). A sensitive value is written `null # sensitive` (never its content, as
// Terraform's generated configuration does); an unknown one `null`.
std::string hcl_literal(const Value& v, size_t indent = 0);

// `s` as a quoted HCL string literal.
std::string hcl_quote(const std::string& s);

}  // namespace fedplan
