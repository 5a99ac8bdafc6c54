// The `local` provider: files on the machine fedplan runs on. Resource `local_file` (write a
// file, replace it when it drifts) and data source `local_file` (read one).
#pragma once

#include <memory>

#include "providers/provider.h"

namespace fedplan {

// An unconfigured local provider (its provider block takes no arguments).
std::unique_ptr<Provider> make_local_provider();

}  // namespace fedplan
