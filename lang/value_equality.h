// Content equality of Values, the equality the planner uses to decide "no change": what the
// data is, not how it is represented (a list read back from JSON equals the tuple a provider
// returned).
#pragma once

#include "lang/value.h"

namespace fedplan {

// True when `a` and `b` hold the same data (ignoring list/tuple and map/object
// distinctions) and the same sensitive marks. Unknown parts are never equal to anything.
bool same_value(const Value& a, const Value& b);

}  // namespace fedplan
