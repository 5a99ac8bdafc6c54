// The "force_new means replace" rule, written once for every provider: which attributes of a
// planned change the remote object cannot take in place.
#pragma once

#include <vector>

#include "providers/provider.h"

namespace fedplan::sdk {

// True when both are wholly known and hold the same data, ignoring sensitive marks and the
// kind differences a JSON round trip makes (list/tuple/set, map/object). It differs from
// lang's same_value, which also compares marks: that is the planner's "no change" (a value
// turning sensitive is a change to record), while a provider asks "must the remote object
// change?", and a mark changes nothing outside fedplan.
bool same_content(const Value& a, const Value& b);

// The force_new attributes of `schema` whose value differs between `prior` and `planned`
// (by same_content, so an unknown value counts as a change), as one-step paths in schema
// order. Empty for a create or a delete (prior or planned null). Nested blocks are not
// looked at: no provider marks a block attribute force_new.
std::vector<ValuePath> replace_paths(const ResourceSchema& schema, const Value& prior,
                                     const Value& planned);

}  // namespace fedplan::sdk
