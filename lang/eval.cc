// ExprEvaluator: one recursive walk over the AST. Local names of `for` expressions and template
// directives live on a small binding stack; splat elements on another.
#include "lang/eval.h"

#include <algorithm>
#include <map>

#include "base/suggest.h"
#include "lang/eval_impl.h"
#include "lang/expr_evaluator.h"
#include "lang/ops.h"
#include "lang/references.h"
#include "lang/template.h"
#include "lang/types.h"

namespace fedplan {

bool ExprEvaluator::count_iteration(const Span& where) {
  if (++iterations_ <= ctx_.max_iterations) return true;
  if (!over_budget_) {
    over_budget_ = true;
    diags_.error("Too many iterations",
                 "Evaluating this expression visits more than " +
                     std::to_string(ctx_.max_iterations) +
                     " elements in for expressions and splats; are loops nested too deeply?",
                 where);
  }
  return false;
}

Value ExprEvaluator::eval(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Literal:
      return e.as<LiteralExpr>()->value;
    case ExprKind::Template:
      return eval_template(*e.as<TemplateExpr>());
    case ExprKind::TemplateWrap:
      return eval(e.as<TemplateWrapExpr>()->wrapped);
    case ExprKind::TemplateIf:
    case ExprKind::TemplateFor: {
      // Only reachable when a directive node is evaluated on its own.
      std::string out;
      bool unknown = false, sensitive = false;
      append_part(e, &out, &unknown, &sensitive);
      if (unknown) return Value::unknown(ValueKind::String).with_marks(sensitive_mark(sensitive));
      return Value::string(std::move(out)).with_marks(sensitive_mark(sensitive));
    }
    case ExprKind::ScopeTraversal:
      return eval_traversal(*e.as<ScopeTraversalExpr>());
    case ExprKind::RelativeTraversal: {
      const auto* r = e.as<RelativeTraversalExpr>();
      return apply_steps(eval(r->source), r->steps, 0, diags_);
    }
    case ExprKind::Index:
      return eval_index(*e.as<IndexExpr>(),
                        Span{e.span.file, e.as<IndexExpr>()->open_bracket.start, e.span.end});
    case ExprKind::Splat:
      return eval_splat(*e.as<SplatExpr>());
    case ExprKind::AnonSymbol:
      return splat_.empty() ? Value::unknown() : splat_.back();
    case ExprKind::FunctionCall:
      return eval_call(*e.as<FunctionCallExpr>());
    case ExprKind::Conditional:
      return eval_conditional(*e.as<ConditionalExpr>());
    case ExprKind::Binary:
      return eval_binary(*e.as<BinaryExpr>());
    case ExprKind::Unary: {
      const auto* u = e.as<UnaryExpr>();
      Value operand = eval(u->operand);
      OpResult r = apply_unary(u->op, operand);
      if (r.ok()) return r.value;
      diags_.error("Invalid operand", r.error, u->operand->span);
      return Value::unknown();
    }
    case ExprKind::Tuple: {
      ValueList items;
      const auto& src = e.as<TupleExpr>()->items;
      items.reserve(src.size());
      for (const ExprPtr& item : src) items.push_back(eval(item));
      return Value::tuple(std::move(items));
    }
    case ExprKind::Object:
      return eval_object(*e.as<ObjectExpr>());
    case ExprKind::For:
      return eval_for(*e.as<ForExpr>());
    case ExprKind::Parens:
      return eval(e.as<ParensExpr>()->inner);
    case ExprKind::Invalid:
      return Value::unknown();
  }
  return Value::unknown();
}

std::vector<std::string> ExprEvaluator::visible_names() const {
  std::vector<std::string> names;
  for (const auto& b : bindings_) names.push_back(*b.first);
  for (const EvalContext* c = &ctx_; c; c = c->parent) {
    for (const auto& [k, v] : c->variables) names.push_back(k);
    names.insert(names.end(), c->resolver_roots.begin(), c->resolver_roots.end());
  }
  return names;
}

Value ExprEvaluator::eval_traversal(const ScopeTraversalExpr& e) {
  return traversal_value(e.traversal, nullptr, Span{}, nullptr);
}

Value ExprEvaluator::eval_index(const IndexExpr& x, const Span& where) {
  const auto* st = x.collection ? x.collection->as<ScopeTraversalExpr>() : nullptr;
  if (!st) {
    Value coll = eval(x.collection);
    Value key = eval(x.key);
    return get_index(coll, key, where, diags_);
  }
  // A key that could be written literally is offered to the resolver as one more step.
  Value key = eval(x.key);
  bool plain = key.known() && !key.sensitive() &&
               (key.kind() == ValueKind::String || key.kind() == ValueKind::Number);
  bool used = false;
  Value coll = traversal_value(st->traversal, plain ? &key : nullptr, x.key->span, &used);
  return used ? coll : get_index(coll, key, where, diags_);
}

Value ExprEvaluator::traversal_value(const Traversal& t, const Value* key, const Span& key_span,
                                     bool* key_used) {
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it)
    if (*it->first == t.root) return apply_steps(it->second, t.steps, 0, diags_);
  for (const EvalContext* c = &ctx_; c; c = c->parent) {
    if (auto it = c->variables.find(t.root); it != c->variables.end())
      return apply_steps(it->second, t.steps, 0, diags_);
    if (c->resolver) {
      Resolved r;
      if (key) {
        Traversal keyed = t;
        keyed.steps.push_back(TraversalStep{TraversalStep::Kind::Index, "", *key, key_span});
        r = c->resolver(keyed, diags_);
        if (r.status == Resolved::Status::Found && r.steps > t.steps.size()) {
          *key_used = true;
          return apply_steps(r.value, keyed.steps, std::min(r.steps, keyed.steps.size()), diags_);
        }
      } else {
        r = c->resolver(t, diags_);
      }
      if (r.status == Resolved::Status::Found)
        return apply_steps(r.value, t.steps, std::min(r.steps, t.steps.size()), diags_);
      if (r.status == Resolved::Status::Failed) return Value::unknown();
    }
  }
  ++unknown_names_;
  std::string detail = "There is no variable named \"" + t.root + "\".";
  if (auto s = suggest(t.root, visible_names())) detail += " Did you mean \"" + *s + "\"?";
  diags_.error("Unknown variable", detail, t.root_span);
  return Value::unknown();
}

bool ExprEvaluator::append_part(const Expr& part, std::string* out, bool* unknown,
                                bool* sensitive) {
  if (const auto* lit = part.as<LiteralExpr>(); lit && lit->value.kind() == ValueKind::String &&
                                                lit->value.known() && !lit->value.sensitive()) {
    *out += lit->value.as_string();
    return true;
  }
  if (const auto* tif = part.as<TemplateIfExpr>()) {
    Value c = eval(tif->condition);
    if (c.sensitive()) *sensitive = true;
    if (!c.known()) {
      *unknown = true;
      return true;
    }
    if (!read_condition(c, tif->condition->span)) return false;
    const ExprPtr& branch = c.as_bool() ? tif->then_part : tif->else_part;
    if (!branch) return true;
    const auto* body = branch->as<TemplateExpr>();
    if (!body) return append_part(*branch, out, unknown, sensitive);
    for (const ExprPtr& p : body->parts)
      if (!append_part(*p, out, unknown, sensitive)) return false;
    return true;
  }
  if (const auto* tfor = part.as<TemplateForExpr>()) {
    Value coll = eval(tfor->collection);
    if (coll.sensitive()) *sensitive = true;
    if (!coll.known()) {
      *unknown = true;
      return true;
    }
    const auto* body = tfor->body ? tfor->body->as<TemplateExpr>() : nullptr;
    bool ok = true;
    bool iterable = iterate(coll, tfor->collection->span, [&](const Value& k, const Value& v) {
      if (!ok) return;
      size_t mark = bindings_.size();
      if (!tfor->key_var.empty()) bindings_.emplace_back(&tfor->key_var, k);
      bindings_.emplace_back(&tfor->value_var, v);
      if (body)
        for (const ExprPtr& p : body->parts)
          if (ok && !append_part(*p, out, unknown, sensitive)) ok = false;
      bindings_.resize(mark);
    });
    return iterable && ok;
  }
  Value v = eval(part);
  if (v.sensitive()) *sensitive = true;
  if (!v.known()) {
    *unknown = true;
    return true;
  }
  switch (v.kind()) {
    case ValueKind::String:
      *out += v.as_string();
      return true;
    case ValueKind::Number:
      *out += format_number(v);
      return true;
    case ValueKind::Bool:
      *out += v.as_bool() ? "true" : "false";
      return true;
    case ValueKind::Null:
      diags_.error("Invalid template interpolation value",
                   "The expression result is null; a string template cannot include a null "
                   "value.",
                   part.span);
      return false;
    default:
      diags_.error("Invalid template interpolation value",
                   "Cannot include a " + v.type_name() +
                       " in a string template; convert it with jsonencode(), join() or "
                       "format() first.",
                   part.span);
      return false;
  }
}

Value ExprEvaluator::eval_template(const TemplateExpr& e) {
  std::string out;
  bool unknown = false, sensitive = false, ok = true;
  for (const ExprPtr& p : e.parts)
    if (!append_part(*p, &out, &unknown, &sensitive)) ok = false;
  if (!ok || unknown)
    return Value::unknown(ValueKind::String).with_marks(sensitive_mark(sensitive));
  return Value::string(std::move(out)).with_marks(sensitive_mark(sensitive));
}

bool ExprEvaluator::read_condition(const Value& v, const Span& where) {
  if (v.is_null()) {
    diags_.error("Null condition", "The condition is null; it must be either true or false.",
                 where);
    return false;
  }
  if (v.kind() != ValueKind::Bool) {
    diags_.error("Incorrect condition type",
                 "The condition must be a bool, got " + v.type_name() + ".", where);
    return false;
  }
  return true;
}

Value ExprEvaluator::eval_conditional(const ConditionalExpr& e) {
  Value c = eval(e.condition);
  if (c.known() && c.kind() == ValueKind::String) {
    // Like HCL, the strings "true" and "false" convert to bools.
    if (c.as_string() == "true" || c.as_string() == "false")
      c = Value::boolean(c.as_string() == "true").with_marks(c.marks());
  }
  if (!c.known() && c.kind() != ValueKind::Bool && c.kind() != ValueKind::Dynamic) {
    read_condition(c, e.condition->span);
    return Value::unknown();
  }
  if (c.known() && !read_condition(c, e.condition->span)) return Value::unknown();
  // Like Terraform, both results are evaluated: the result's type is what the two types unify
  // to (`true ? 1 : "two"` is "1"). The errors of the result not taken are dropped.
  bool take_true = c.known() && c.as_bool();
  const ExprPtr& taken = take_true ? e.true_result : e.false_result;
  const ExprPtr& other = take_true ? e.false_result : e.true_result;
  size_t mark = diags_.items.size();
  Value r = eval(taken);
  bool failed =
      std::any_of(diags_.items.begin() + static_cast<std::ptrdiff_t>(mark), diags_.items.end(),
                  [](const Diagnostic& d) { return d.severity == Severity::Error; });
  size_t other_mark = diags_.items.size();
  bool budget = over_budget_;
  size_t names = unknown_names_;
  Value o = eval(other);
  if (c.known() && over_budget_ == budget) {
    diags_.items.erase(diags_.items.begin() + static_cast<std::ptrdiff_t>(other_mark),
                       diags_.items.end());
    unknown_names_ = names;
  }
  if (failed) return Value::unknown();
  const Value& t = take_true ? r : o;
  const Value& f = take_true ? o : r;
  std::optional<Type> type;
  if (t.is_null()) {
    type = type_of(f);
  } else if (f.is_null()) {
    type = type_of(t);
  } else {
    type = unify_types(type_of(t), type_of(f));
  }
  if (!type) {
    // Terraform refuses results with no common type ("Inconsistent conditional result
    // types"); fedplan gives the chosen one as it is, as it always has: its modules choose
    // between {} and objects of different shapes (`var.x == null ? {} : { ...manifests }`).
    bool sens = c.sensitive() || t.contains_sensitive() || f.contains_sensitive();
    if (!c.known()) return Value::unknown().with_marks(sensitive_mark(sens));
    return c.sensitive() ? r.mark_sensitive() : r;
  }
  if (!c.known()) {
    bool sens = c.sensitive() || t.contains_sensitive() || f.contains_sensitive();
    if (t.is_null() && f.is_null()) return Value().with_marks(sensitive_mark(sens));
    return Value::unknown(type->value_kind()).with_marks(sensitive_mark(sens));
  }
  ConvertResult converted = convert(r, *type);
  if (!converted.ok()) {
    diags_.error("Inconsistent conditional result types",
                 std::string("The ") + (take_true ? "true" : "false") +
                     " result value has the wrong type: " + converted.error + ".",
                 join(e.true_result->span, e.false_result->span));
    return Value::unknown();
  }
  return c.sensitive() ? converted.value.mark_sensitive() : converted.value;
}

Value ExprEvaluator::eval_binary(const BinaryExpr& e) {
  if (!e.lhs->as<BinaryExpr>()) return finish_binary(e, eval(e.lhs));
  // A chain: fold along it from the first operand rather than recursing down its spine.
  std::vector<const BinaryExpr*> chain = binary_chain(e);
  Value l = eval(chain.front()->lhs);
  for (const BinaryExpr* node : chain) l = finish_binary(*node, std::move(l));
  return l;
}

Value ExprEvaluator::finish_binary(const BinaryExpr& e, Value l) {
  // && and || do not evaluate their right side when the left decides.
  if ((e.op == BinaryOp::And || e.op == BinaryOp::Or) && l.known() && l.kind() == ValueKind::Bool &&
      l.as_bool() == (e.op == BinaryOp::Or))
    return l;
  Value r = eval(e.rhs);
  OpResult res = apply_binary(e.op, l, r);
  if (res.ok()) return res.value;
  const Span& where = res.bad_operand == 0   ? e.lhs->span
                      : res.bad_operand == 1 ? e.rhs->span
                                             : e.span;
  diags_.error("Invalid operand", res.error, where);
  return Value::unknown();
}

Value ExprEvaluator::eval_object(const ObjectExpr& e) {
  ValueMap out;
  bool unknown = false, sensitive = false;
  for (const ObjectItem& item : e.items) {
    std::string key;
    if (auto name = item.bare_key ? object_key_name(item) : std::nullopt) {
      key = *name;
    } else {
      Value k = eval(item.key);
      if (k.sensitive()) sensitive = true;
      if (!k.known()) {
        unknown = true;
        eval(item.value);
        continue;
      }
      if (k.is_null()) {
        diags_.error("Invalid object key", "An object key must not be null.", item.key->span);
        unknown = true;
        continue;
      }
      if (k.kind() == ValueKind::String) {
        key = k.as_string();
      } else if (k.kind() == ValueKind::Number) {
        key = format_number(k);
      } else if (k.kind() == ValueKind::Bool) {
        key = k.as_bool() ? "true" : "false";
      } else {
        diags_.error("Invalid object key",
                     "An object key must be a string, got " + k.type_name() + ".", item.key->span);
        unknown = true;
        continue;
      }
    }
    Value v = eval(item.value);
    auto [it, inserted] = out.emplace(std::move(key), std::move(v));
    if (!inserted) {
      diags_.error("Duplicate object key",
                   "The key \"" + it->first + "\" is set more than once in this object.",
                   item.key->span);
      unknown = true;
    }
  }
  if (unknown) return Value::unknown(ValueKind::Object).with_marks(sensitive_mark(sensitive));
  Value obj = Value::object(std::move(out));
  return sensitive ? obj.mark_sensitive() : obj;
}

Value ExprEvaluator::eval_call(const FunctionCallExpr& e) {
  if (!ctx_.allow_functions) {
    diags_.error("Function calls not allowed", "Functions may not be called here.", e.name_span);
    return Value::unknown();
  }
  if (e.name == "try" || e.name == "can") return eval_try(e);
  const Function* fn = find_function(e.name);
  if (!fn) {
    std::string detail = "There is no function named \"" + e.name + "\".";
    std::string s = suggest_function(e.name);
    if (!s.empty()) detail += " Did you mean \"" + s + "\"?";
    diags_.error("Call to unknown function", detail, e.name_span);
    for (const ExprPtr& a : e.args) eval(a);  // still report errors in the arguments
    return Value::unknown();
  }
  ValueList args;
  args.reserve(e.args.size());
  bool arg_unknown = false;
  for (size_t i = 0; i < e.args.size(); ++i) {
    Value v = eval(e.args[i]);
    if (e.expand_final && i + 1 == e.args.size()) {
      if (!v.known()) {
        arg_unknown = true;
        continue;
      }
      if (v.is_null() || !v.is_sequence()) {
        diags_.error("Invalid expanding argument value",
                     v.is_null() ? std::string("The argument expanded with ... must not be null.")
                                 : "The argument expanded with ... must be a list, set or tuple, "
                                   "got " +
                                       v.type_name() + ".",
                     e.args[i]->span);
        return Value::unknown();
      }
      for (const Value& item : v.elements())
        args.push_back(v.sensitive() ? item.mark_sensitive() : item);
      continue;
    }
    args.push_back(std::move(v));
  }
  if (arg_unknown) return Value::unknown(fn->result_kind);
  FunctionResult r;
  if (fn->name == "templatefile") {
    FunctionContext fc = ctx_.functions;
    fc.render_template = template_renderer(ctx_.functions, ctx_.template_depth + 1);
    r = call_function(*fn, args, fc);
  } else {
    r = call_function(*fn, args, ctx_.functions);
  }
  if (r.ok()) return r.value;
  if (r.error_arg >= 0 && !e.args.empty()) {
    size_t i = std::min(static_cast<size_t>(r.error_arg), e.args.size() - 1);
    diags_.error("Invalid function argument", r.error, e.args[i]->span);
  } else {
    diags_.error("Error in function call", r.error, e.span);
  }
  return Value::unknown(fn->result_kind);
}

Value evaluate(const Expr& e, const EvalContext& ctx, Diagnostics& diags) {
  ExprEvaluator ev(ctx, diags);
  return ev.eval(e);
}

}  // namespace fedplan
