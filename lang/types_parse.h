// Reads a type constraint written as an expression (`list(string)`,
// `object({ name = string, port = optional(number, 80) })`) into a Type.
#pragma once

#include <functional>
#include <optional>

#include "base/diagnostics.h"
#include "lang/ast.h"
#include "lang/types.h"

namespace fedplan {

// Evaluates the default of `optional(T, default)`; returns nullopt after reporting an error.
using TypeDefaultEvaluator = std::function<std::optional<Value>(const Expr&, Diagnostics&)>;

// The type `expr` denotes: string, number, bool, any, list(T), set(T), map(T), tuple([T...]),
// object({ name = T, ... }) with optional(T) or optional(T, default) attributes. Errors are
// reported at the offending part and give `any` in its place. Defaults are evaluated with
// `eval_default` when given; otherwise they must be constants (literals, lists, objects).
Type parse_type_expr(const Expr& expr, Diagnostics& diags,
                     const TypeDefaultEvaluator& eval_default = {});

}  // namespace fedplan
