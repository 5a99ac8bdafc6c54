// Parser: entry points that turn *.fed.hcl text, expressions and template files into the AST.
// They never throw; syntax errors become Diagnostics and the result holds what could be read.
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "lang/ast.h"

namespace fedplan {

// Parses a whole file. `path` is used in every span and diagnostic. Several syntax errors can be
// reported in one run: after an error the parser resumes at the next line or block.
File parse_file(std::string_view text, const std::string& path, Diagnostics& diags);

// Parses one expression, e.g. `var.a + 1`. `origin` is the position of text[0] in `path`
// (line, column and byte), for expressions cut out of a larger file. Never returns null: on an
// error the result is (or contains) an InvalidExpr.
ExprPtr parse_expression(std::string_view text, const std::string& path, Diagnostics& diags,
                         SourcePos origin = SourcePos{});

// Parses the content of a template file (templatefile()): literal text with `${ }`
// interpolations and `%{ if }` / `%{ for }` directives; no quotes, no escapes but $${ and %%{.
ExprPtr parse_template(std::string_view text, const std::string& path, Diagnostics& diags);

}  // namespace fedplan
