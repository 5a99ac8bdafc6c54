// String templates outside configuration files: templatefile() renders a file's text with a
// map of variables, using the same template syntax as quoted strings and heredocs.
#pragma once

#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "lang/eval.h"
#include "lang/functions.h"
#include "lang/value.h"

namespace fedplan {

// Parses `text` as a template file named `filename` and renders it with `vars` as the only
// root names (no var./local. scope). Functions are available with `functions`. The result is a
// string (unknown/sensitive when a part is); on errors, diagnostics point into the template
// file and the result is an unknown string. `depth` is the number of enclosing templatefile()
// calls; beyond a small limit rendering is refused to stop self-including templates.
Value render_template(std::string_view text, const std::string& filename, const ValueMap& vars,
                      const FunctionContext& functions, Diagnostics& diags, int depth = 0);

// A FunctionContext::render_template callback that renders with render_template() and turns
// diagnostics into one error string ("file:line:col: summary; detail").
std::function<Value(const std::string&, const std::string&, const ValueMap&, std::string*)>
template_renderer(const FunctionContext& functions, int depth = 0);

}  // namespace fedplan
