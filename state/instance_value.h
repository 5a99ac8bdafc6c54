// A recorded instance <-> its Value: what the planner and the applier read from and write to
// the state. Sensitive marks are stored as paths beside the plain JSON attributes.
#pragma once

#include <string>
#include <vector>

#include "lang/value.h"
#include "state/state.h"

namespace fedplan {

// The value recorded for an instance, with its sensitive paths marked again.
Value value_of(const InstanceState& inst);

// A state record for `v` (unknown parts must not remain; they are recorded as null).
InstanceState record_of(const InstanceAddr& addr, const ProviderAddr& provider, const Value& v,
                        std::vector<InstanceAddr> dependencies);

}  // namespace fedplan
