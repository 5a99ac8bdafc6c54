// can() and try(): the two functions that take expressions, not values. They evaluate each
// argument themselves and turn its dynamic errors into a result, with Terraform's rules.
#include <algorithm>

#include "lang/expr_evaluator.h"
#include "lang/references.h"

namespace fedplan {
namespace {

bool has_error_since(const Diagnostics& diags, size_t mark) {
  return std::any_of(diags.items.begin() + static_cast<std::ptrdiff_t>(mark), diags.items.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

// "file:line,col-col" as Terraform prints where a failed try() argument went wrong.
std::string where(const Diagnostic& d) {
  if (!d.range) return "";
  const SourceRange& r = *d.range;
  std::string out =
      " (at " + r.file + ":" + std::to_string(r.start.line) + "," + std::to_string(r.start.column);
  if (r.end.line == r.start.line) {
    out += "-" + std::to_string(r.end.column);
  } else {
    out += "-" + std::to_string(r.end.line) + "," + std::to_string(r.end.column);
  }
  return out + ")";
}

}  // namespace

bool ExprEvaluator::depends_on_unknowns(const Expr& e) {
  // Terraform's rule: an argument that reads anything not yet wholly known cannot be judged,
  // as evaluating it further might fail once the value is known.
  for (const Traversal& t : references(e)) {
    size_t mark = diags_.items.size();
    size_t names = unknown_names_;
    Value v = traversal_value(t, nullptr, Span{}, nullptr);
    bool failed = has_error_since(diags_, mark);
    diags_.items.erase(diags_.items.begin() + static_cast<std::ptrdiff_t>(mark),
                       diags_.items.end());
    unknown_names_ = names;
    if (!failed && !v.wholly_known()) return true;
  }
  return false;
}

Value ExprEvaluator::eval_try(const FunctionCallExpr& e) {
  bool is_can = e.name == "can";
  Value unknown = Value::unknown(is_can ? ValueKind::Bool : ValueKind::Dynamic);
  if (e.expand_final) {
    diags_.error("Invalid expanding argument value",
                 "The arguments of " + e.name +
                     "() are expressions it evaluates itself; they cannot be expanded with ....",
                 e.args.back()->span);
    return unknown;
  }
  if (is_can && e.args.size() != 1) {
    diags_.error("Error in function call",
                 e.args.empty() ? "Not enough arguments for function \"can\": it needs 1 "
                                  "argument; missing a value for \"expression\"."
                                : "Too many arguments for function \"can\": it takes 1 argument.",
                 e.span);
    return unknown;
  }
  if (e.args.empty()) {
    diags_.error("Error in function call",
                 "Call to function \"try\" failed: at least one argument is required.", e.span);
    return unknown;
  }
  std::vector<Diagnostic> failures;
  for (const ExprPtr& arg : e.args) {
    if (depends_on_unknowns(*arg)) return unknown;
    size_t mark = diags_.items.size();
    size_t names = unknown_names_;
    Value v = eval(arg);
    if (!has_error_since(diags_, mark)) return is_can ? Value::boolean(true) : v;
    // A name that refers to nothing is wrong whatever the values: not caught, like Terraform's
    // static reference checks; nor is a runaway loop.
    if (unknown_names_ != names || over_budget_) return unknown;
    auto first = diags_.items.begin() + static_cast<std::ptrdiff_t>(mark);
    failures.insert(failures.end(), std::make_move_iterator(first),
                    std::make_move_iterator(diags_.items.end()));
    diags_.items.erase(first, diags_.items.end());
    if (is_can) return Value::boolean(false);
  }
  std::string detail = "Call to function \"try\" failed: no expression succeeded:\n";
  for (const Diagnostic& d : failures) {
    if (d.severity != Severity::Error) continue;
    detail += "- " + d.summary + where(d) + "\n  " + d.detail + "\n";
  }
  detail += "\nAt least one expression must produce a successful result.";
  diags_.error("Error in function call", detail, e.span);
  return unknown;
}

}  // namespace fedplan
