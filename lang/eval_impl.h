// ExprEvaluator internals shared by eval.cc, eval_access.cc and template.cc.
// Not for use outside lang/.
#pragma once

#include <string>

#include "base/diagnostics.h"
#include "lang/ast.h"
#include "lang/value.h"

namespace fedplan {

// `v.name`: objects by attribute, maps by key; errors (with a did-you-mean hint) otherwise.
Value get_attribute(const Value& v, const std::string& name, const Span& where, Diagnostics& diags);

// `coll[key]`: lists and tuples by whole number, maps and objects by string.
Value get_index(const Value& coll, const Value& key, const Span& where, Diagnostics& diags);

}  // namespace fedplan
