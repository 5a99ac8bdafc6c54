// console_input: completeness comes from the lexer's own tokens (so brackets inside strings or
// comments do not count); types only from what the expression says, never from values.
#include "cli/console_input.h"

#include "lang/lexer.h"
#include "lang/references.h"

namespace fedplan {

bool console_input_complete(const std::string& text) {
  Lexer lex(text);
  int depth = 0;
  for (Token t = lex.next(); t.type != TokenType::EndOfFile; t = lex.next()) {
    switch (t.type) {
      case TokenType::OBrace:
      case TokenType::OBrack:
      case TokenType::OParen:
      case TokenType::TemplateInterp:
      case TokenType::TemplateControl:
      case TokenType::OHeredoc:
        ++depth;
        break;
      case TokenType::CBrace:
      case TokenType::CBrack:
      case TokenType::CParen:
      case TokenType::TemplateSeqEnd:
      case TokenType::CHeredoc:
        --depth;
        break;
      default:
        break;
    }
  }
  for (const LexError& e : lex.errors())
    if (e.summary == "Unclosed heredoc" || e.summary == "Unclosed comment") return false;
  return depth <= 0;
}

Type console_static_type(const Expr& e, const Module& root) {
  if (const auto* p = e.as<ParensExpr>()) return console_static_type(*p->inner, root);
  if (e.as<TemplateExpr>()) return Type::string();
  if (const auto* l = e.as<LiteralExpr>()) {
    switch (l->value.kind()) {
      case ValueKind::String:
        return Type::string();
      case ValueKind::Number:
        return Type::number();
      case ValueKind::Bool:
        return Type::boolean();
      default:
        return Type::any();
    }
  }
  if (const auto* c = e.as<FunctionCallExpr>()) {
    if (c->name == "tostring") return Type::string();
    if (c->name == "tonumber") return Type::number();
    if (c->name == "tobool") return Type::boolean();
    if (c->name == "tolist") return Type::list(Type::any());
    if (c->name == "toset") return Type::set(Type::any());
    if (c->name == "tomap") return Type::map(Type::any());
    return Type::any();
  }
  if (const auto* c = e.as<ConditionalExpr>()) {
    Type t = console_static_type(*c->true_result, root);
    return t.kind != TypeKind::Any ? t : console_static_type(*c->false_result, root);
  }
  if (const auto* t = e.as<TupleExpr>()) {
    std::vector<Type> items;
    for (const ExprPtr& i : t->items) items.push_back(console_static_type(*i, root));
    return Type::tuple(std::move(items));
  }
  if (const auto* o = e.as<ObjectExpr>()) {
    std::vector<ObjectAttr> attrs;
    for (const ObjectItem& item : o->items)
      if (std::optional<std::string> k = object_key_name(item))
        attrs.push_back(ObjectAttr::of(*k, console_static_type(*item.value, root)));
    return Type::object(std::move(attrs));
  }
  if (const auto* s = e.as<ScopeTraversalExpr>()) {
    const Traversal& tr = s->traversal;
    if (tr.root != "var" || tr.steps.empty() || tr.steps[0].kind != TraversalStep::Kind::Attr)
      return Type::any();
    auto v = root.variables.find(tr.steps[0].name);
    if (v == root.variables.end() || !v->second.type_given) return Type::any();
    Type t = v->second.type;
    for (size_t i = 1; i < tr.steps.size(); ++i) {
      if (tr.steps[i].kind != TraversalStep::Kind::Attr || t.kind != TypeKind::Object)
        return Type::any();
      const ObjectAttr* a = t.attr(tr.steps[i].name);
      if (!a) return Type::any();
      Type next = a->type;
      t = std::move(next);
    }
    return t;
  }
  return Type::any();
}

}  // namespace fedplan
