// Conversions between the state's JSON records and the engine's Values, and the equality
// the planner uses to decide "no change" (content, not representation: a list read back from
// JSON equals the tuple a provider returned).
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
                        std::vector<std::string> dependencies);

// True when `a` and `b` hold the same data (ignoring list/tuple and map/object
// distinctions) and the same sensitive marks. Unknown parts are never equal to anything.
bool same_value(const Value& a, const Value& b);

}  // namespace fedplan
