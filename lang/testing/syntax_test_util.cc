// Test helpers for the syntax half of lang/ (see syntax_test_util.h).
#include "lang/testing/syntax_test_util.h"

#include <memory>

#include "lang/parser.h"

namespace fedplan::testing {

namespace {

const char* kFile = "test.fed.hcl";

std::string dump_steps(const std::vector<TraversalStep>& steps) {
  Traversal t;
  t.steps = steps;
  return t.to_string();
}

std::string dump_ptr(const ExprPtr& e) {
  return e ? dump(*e) : "<null>";
}

}  // namespace

std::string dump(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Literal:
      return debug_string(e.as<LiteralExpr>()->value);
    case ExprKind::Template: {
      std::string out = "(tmpl";
      for (const ExprPtr& p : e.as<TemplateExpr>()->parts) out += " " + dump_ptr(p);
      return out + ")";
    }
    case ExprKind::TemplateWrap:
      return "(wrap " + dump_ptr(e.as<TemplateWrapExpr>()->wrapped) + ")";
    case ExprKind::TemplateIf: {
      const auto* t = e.as<TemplateIfExpr>();
      return "(if " + dump_ptr(t->condition) + " " + dump_ptr(t->then_part) +
             (t->else_part ? " " + dump_ptr(t->else_part) : "") + ")";
    }
    case ExprKind::TemplateFor: {
      const auto* t = e.as<TemplateForExpr>();
      return "(for " + (t->key_var.empty() ? "" : t->key_var + " ") + t->value_var + " " +
             dump_ptr(t->collection) + " " + dump_ptr(t->body) + ")";
    }
    case ExprKind::ScopeTraversal:
      return e.as<ScopeTraversalExpr>()->traversal.to_string();
    case ExprKind::RelativeTraversal: {
      const auto* r = e.as<RelativeTraversalExpr>();
      return "(rel " + dump_ptr(r->source) + " " + dump_steps(r->steps) + ")";
    }
    case ExprKind::Index: {
      const auto* x = e.as<IndexExpr>();
      return "(index " + dump_ptr(x->collection) + " " + dump_ptr(x->key) + ")";
    }
    case ExprKind::Splat: {
      const auto* s = e.as<SplatExpr>();
      return std::string(s->full ? "(splat " : "(attrsplat ") + dump_ptr(s->source) + " " +
             dump_ptr(s->each) + ")";
    }
    case ExprKind::AnonSymbol:
      return "_";
    case ExprKind::FunctionCall: {
      const auto* c = e.as<FunctionCallExpr>();
      std::string out = "(call " + c->name;
      for (const ExprPtr& a : c->args) out += " " + dump_ptr(a);
      return out + (c->expand_final ? " ...)" : ")");
    }
    case ExprKind::Conditional: {
      const auto* c = e.as<ConditionalExpr>();
      return "(? " + dump_ptr(c->condition) + " " + dump_ptr(c->true_result) + " " +
             dump_ptr(c->false_result) + ")";
    }
    case ExprKind::Binary: {
      const auto* b = e.as<BinaryExpr>();
      return std::string("(") + binary_op_symbol(b->op) + " " + dump_ptr(b->lhs) + " " +
             dump_ptr(b->rhs) + ")";
    }
    case ExprKind::Unary: {
      const auto* u = e.as<UnaryExpr>();
      return std::string(u->op == UnaryOp::Negate ? "(neg " : "(not ") + dump_ptr(u->operand) + ")";
    }
    case ExprKind::Tuple: {
      std::string out = "[";
      bool first = true;
      for (const ExprPtr& i : e.as<TupleExpr>()->items) {
        out += (first ? "" : " ") + dump_ptr(i);
        first = false;
      }
      return out + "]";
    }
    case ExprKind::Object: {
      std::string out = "{";
      bool first = true;
      for (const ObjectItem& i : e.as<ObjectExpr>()->items) {
        out += (first ? "" : " ") + std::string(i.bare_key ? "" : "~") + dump_ptr(i.key) + "=" +
               dump_ptr(i.value);
        first = false;
      }
      return out + "}";
    }
    case ExprKind::For: {
      const auto* f = e.as<ForExpr>();
      std::string out = f->object ? "(forobj " : "(forlist ";
      if (!f->key_var.empty()) out += f->key_var + " ";
      out += f->value_var + " " + dump_ptr(f->collection) + " ";
      if (f->object) out += dump_ptr(f->key_result) + " => ";
      out += dump_ptr(f->value_result);
      if (f->grouping) out += "...";
      if (f->condition) out += " if " + dump_ptr(f->condition);
      return out + ")";
    }
    case ExprKind::Parens:
      return "(paren " + dump_ptr(e.as<ParensExpr>()->inner) + ")";
    case ExprKind::Invalid:
      return "<invalid>";
  }
  return "?";
}

ExprPtr parse_expr(std::string_view src, Diagnostics& diags) {
  return fedplan::parse_expression(src, kFile, diags);
}

std::string parse_dump(std::string_view src) {
  Diagnostics diags;
  ExprPtr e = parse_expr(src, diags);
  if (!diags.empty()) return "ERROR: " + short_diagnostic(diags.items[0]);
  return dump(*e);
}

std::string render(const Diagnostics& diags, std::string_view src) {
  SourceFiles files;
  files.add(kFile, std::make_shared<const std::string>(src));
  return render_diagnostics(diags, &files);
}

Value eval_src(std::string_view src, const ValueMap& vars, std::string* errors) {
  Diagnostics diags;
  ExprPtr e = parse_expr(src, diags);
  Value v;
  if (!diags.has_errors()) {
    EvalContext ctx;
    ctx.variables = vars;
    v = evaluate(*e, ctx, diags);
  }
  if (errors) *errors = render(diags, src);
  return v;
}

std::string file_errors(std::string_view src) {
  Diagnostics diags;
  fedplan::parse_file(src, kFile, diags);
  return render(diags, src);
}

std::string eval_errors(std::string_view src, const ValueMap& vars) {
  std::string errors;
  eval_src(src, vars, &errors);
  return errors;
}

}  // namespace fedplan::testing
