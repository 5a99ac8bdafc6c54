// The canonical style of *.fed.hcl files (`fedplan fmt`): indentation, spacing, `=` alignment
// and blank lines change; tokens, comments, strings and heredocs are kept exactly.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostics.h"

namespace fedplan {

// Formats one file's text. Returns nullopt, with the syntax errors appended to `diags` (every
// range naming `path`), when the text does not parse: a file is never reformatted from a
// guess. Formatting is idempotent: format_source(*format_source(x)) == *format_source(x).
std::optional<std::string> format_source(std::string_view text, const std::string& path,
                                         Diagnostics& diags);

// The formatting pass alone, for text already known to parse (a caller that checked it, or
// tests of the rules). Unbalanced brackets are tolerated but give no useful layout.
std::string format_tokens(std::string_view text);

}  // namespace fedplan
