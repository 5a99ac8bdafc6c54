// Missing providers: the error for objects the state records whose provider instance the
// configuration no longer has, saying what to restore (a block or a for_each key).
#pragma once

#include <vector>

#include "base/address.h"
#include "base/diagnostics.h"
#include "engine/config/instances.h"

namespace fedplan {

// One error for `provider`, needed to delete `orphans` (state-only instances it manages) but
// absent from `instances`. When the block is still there and only its for_each key went, the
// error points at the for_each and says to keep the key until the objects are destroyed.
void report_missing_provider(const ProviderAddr& provider, const std::vector<InstanceAddr>& orphans,
                             const Instances& instances, Diagnostics& diags);

}  // namespace fedplan
