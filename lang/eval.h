// Evaluator: computes the Value of an expression in a scope filled by the config layer.
// Unknown and sensitive marks flow through every operation; errors become Diagnostics.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "lang/ast.h"
#include "lang/functions.h"
#include "lang/value.h"

namespace fedplan {

// What a Resolver says about a root traversal. With Found, `value` is the value of the root
// and of the first `steps` steps of the traversal (a resolver may consume `kube_object.peer`
// at once); the evaluator applies the remaining steps. With Failed the resolver has added an
// error diagnostic itself; with NotFound the evaluator reports an unknown name.
struct Resolved {
  enum class Status : uint8_t { NotFound, Found, Failed };
  Status status = Status::NotFound;
  Value value;
  size_t steps = 0;

  static Resolved found(Value v, size_t steps = 0) {
    return Resolved{Status::Found, std::move(v), steps};
  }
  static Resolved failed() { return Resolved{Status::Failed, Value::unknown(), 0}; }
};

using Resolver = std::function<Resolved(const Traversal& t, Diagnostics& diags)>;

// The scope of an evaluation. Root names are looked up in `variables`, then through
// `resolver`, then in `parent` (which does the same); names bound by `for` expressions and
// template directives shadow all of them. Functions are the built-in table of
// lang/functions.h, called with `functions` (base dir, file reader, environment).
struct EvalContext {
  ValueMap variables;
  Resolver resolver;
  // Root names the resolver knows (var, local, module, kube_object, ...); used only to suggest
  // a name when a reference matches nothing.
  std::vector<std::string> resolver_roots;
  const EvalContext* parent = nullptr;
  FunctionContext functions;
  // When false, any function call is an error ("Functions are not allowed here").
  bool allow_functions = true;
  // How many templatefile() calls enclose this evaluation; deeper nesting is refused.
  int template_depth = 0;
  // Most elements one evaluate() call may visit in for expressions, template for directives
  // and splats together; stops runaway nested loops with an error instead of hanging.
  size_t max_iterations = 10'000'000;
};

// Evaluates `e` in `ctx`. On an error the diagnostic (with the subexpression's range) is added
// to `diags` and the result is an unknown value, so later steps do not report again.
Value evaluate(const Expr& e, const EvalContext& ctx, Diagnostics& diags);

// Applies literal traversal steps to a value, as `value.a["b"][0]` would; used by resolvers
// that consume a prefix of a traversal and by the config layer. Errors name each step's range.
Value apply_steps(const Value& v, const std::vector<TraversalStep>& steps, size_t first,
                  Diagnostics& diags);

}  // namespace fedplan
