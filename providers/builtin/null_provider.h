// The `null` provider: `null_resource`, a resource that does nothing but hold an id, replace
// itself when its `triggers` change, and pass `input` through to `output`.
#pragma once

#include <memory>

#include "providers/provider.h"

namespace fedplan {

// An unconfigured null provider (its provider block takes no arguments).
std::unique_ptr<Provider> make_null_provider();

}  // namespace fedplan
