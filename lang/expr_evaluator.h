// The expression evaluator's class, shared by the files that define its members (eval.cc,
// eval_iterate.cc). Not for use outside lang/: callers use evaluate() in lang/eval.h.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.h"
#include "lang/ast.h"
#include "lang/eval.h"
#include "lang/value.h"

namespace fedplan {

inline uint8_t sensitive_mark(bool s) {
  return s ? Value::kSensitive : 0;
}

// Evaluates expressions against one context; see evaluate().
class ExprEvaluator {
 public:
  ExprEvaluator(const EvalContext& ctx, Diagnostics& diags) : ctx_(ctx), diags_(diags) {}

  Value eval(const ExprPtr& e) { return e ? eval(*e) : Value::unknown(); }
  Value eval(const Expr& e);

 private:
  Value eval_traversal(const ScopeTraversalExpr& e);
  // The value of `t`, or with `key` of `t[key]` when a resolver takes that step itself (then
  // *key_used is set): a resolver can pick one resource instance without building them all.
  Value traversal_value(const Traversal& t, const Value* key, const Span& key_span, bool* key_used);
  Value eval_index(const IndexExpr& x, const Span& where);
  Value eval_template(const TemplateExpr& e);
  bool append_part(const Expr& part, std::string* out, bool* unknown, bool* sensitive);
  Value eval_call(const FunctionCallExpr& e);
  // can() and try(): they evaluate their argument expressions themselves (eval_try.cc).
  Value eval_try(const FunctionCallExpr& e);
  // Whether a reference made by `e` reads a value that is not wholly known yet.
  bool depends_on_unknowns(const Expr& e);
  Value eval_conditional(const ConditionalExpr& e);
  Value eval_binary(const BinaryExpr& e);
  Value finish_binary(const BinaryExpr& e, Value lhs);  // e's result given its lhs's value
  Value eval_object(const ObjectExpr& e);
  Value eval_for(const ForExpr& e);
  Value eval_splat(const SplatExpr& e);
  // Reads a bool condition; returns false (after reporting) when it is not one.
  bool read_condition(const Value& v, const Span& where);
  // Calls f(key, value) for each element of a collection being iterated by a for; false
  // (after reporting) when `coll` cannot be iterated.
  bool iterate(const Value& coll, const Span& where,
               const std::function<void(const Value&, const Value&)>& f);
  std::vector<std::string> visible_names() const;

  const EvalContext& ctx_;
  Diagnostics& diags_;
  std::vector<std::pair<const std::string*, Value>> bindings_;
  std::vector<Value> splat_;
  size_t iterations_ = 0;
  // How many references named nothing at all: errors try() and can() do not catch.
  size_t unknown_names_ = 0;
  bool over_budget_ = false;
  // Counts one visited element; false (after reporting once) when over the budget.
  bool count_iteration(const Span& where);
};

}  // namespace fedplan
