// Static reference checks over a loaded module tree, before anything is evaluated.
// Unknown variables, locals, modules, outputs, resources and providers are errors here.
#pragma once

#include "base/diagnostics.h"
#include "engine/config/config.h"

namespace fedplan {

// Checks every expression of `root` and its children; reports at the reference's range.
void check_references(const Module& root, Diagnostics& diags);

}  // namespace fedplan
