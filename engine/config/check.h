// Static reference checks over a loaded module tree, before anything is evaluated.
// Unknown variables, locals, modules, outputs, resources and providers are errors here.
#pragma once

#include "base/diagnostics.h"
#include "engine/config/config.h"

namespace fedplan {

// Checks every expression of `root` and its children; reports at the reference's range.
void check_references(const Module& root, Diagnostics& diags);

// The same checks for one expression in the scope of module `m` (no each, count or self),
// as `fedplan console` reads it; references starting with one of `extra_roots` are the
// caller's (the console's `output.NAME`).
void check_expression_references(const Module& m, const Expr& e,
                                 const std::vector<std::string>& extra_roots, Diagnostics& diags);

}  // namespace fedplan
