// Expression parsing: precedence climbing for operators, postfix traversals and splats,
// collection constructors, for expressions and function calls.
#include <charconv>

#include "lang/parser_impl.h"
#include "lang/value_number.h"

namespace fedplan {

namespace {

// Binding strength of a binary operator token, 0 when it is not one.
int precedence(TokenType t, BinaryOp* op) {
  switch (t) {
    case TokenType::Or:
      *op = BinaryOp::Or;
      return 1;
    case TokenType::And:
      *op = BinaryOp::And;
      return 2;
    case TokenType::Equal:
      *op = BinaryOp::Equal;
      return 3;
    case TokenType::NotEqual:
      *op = BinaryOp::NotEqual;
      return 3;
    case TokenType::Less:
      *op = BinaryOp::Less;
      return 4;
    case TokenType::LessEqual:
      *op = BinaryOp::LessEqual;
      return 4;
    case TokenType::Greater:
      *op = BinaryOp::Greater;
      return 4;
    case TokenType::GreaterEqual:
      *op = BinaryOp::GreaterEqual;
      return 4;
    case TokenType::Plus:
      *op = BinaryOp::Add;
      return 5;
    case TokenType::Minus:
      *op = BinaryOp::Subtract;
      return 5;
    case TokenType::Star:
      *op = BinaryOp::Multiply;
      return 6;
    case TokenType::Slash:
      *op = BinaryOp::Divide;
      return 6;
    case TokenType::Percent:
      *op = BinaryOp::Modulo;
      return 6;
    default:
      return 0;
  }
}

std::optional<double> to_number(std::string_view text) {
  double d = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return d;
}

}  // namespace

ExprPtr Parser::invalid(const Span& where) {
  return make_node<InvalidExpr>(where);
}

ExprPtr Parser::parse_expr() {
  Token first = peek();
  DepthGuard guard(this, span(first));
  if (guard.too_deep) return invalid(span(first));
  ExprPtr cond = parse_binary(1);
  if (failed_ || peek().type != TokenType::Question) return cond;
  take();
  ExprPtr yes = parse_expr();
  if (failed_) return yes;
  Token colon = peek();
  if (colon.type != TokenType::Colon) {
    if (colon.type != TokenType::Invalid)
      error("Missing false expression in conditional",
            "A conditional is written condition ? true_value : false_value; expected \":\" "
            "but found " +
                found(colon) + ".",
            span(colon));
    return invalid(join(cond->span, span(colon)));
  }
  take();
  ExprPtr no = parse_expr();
  auto n = make_node<ConditionalExpr>(join(cond->span, no->span));
  n->condition = std::move(cond);
  n->true_result = std::move(yes);
  n->false_result = std::move(no);
  return n;
}

ExprPtr Parser::parse_binary(int min_prec) {
  // A chain of operators is a loop here, and recursion only climbs the few precedence
  // levels; the left spine it builds is walked without recursion (binary_chain()).
  ExprPtr lhs = parse_unary();
  for (;;) {
    if (failed_) break;
    Token t = peek();
    BinaryOp op;
    int prec = precedence(t.type, &op);
    if (prec == 0 || prec < min_prec) break;
    take();
    ExprPtr rhs = parse_binary(prec + 1);
    auto n = make_node<BinaryExpr>(join(lhs->span, rhs->span));
    n->op = op;
    n->op_span = span(t);
    n->lhs = std::move(lhs);
    n->rhs = std::move(rhs);
    lhs = std::move(n);
  }
  return lhs;
}

ExprPtr Parser::parse_unary() {
  Token t = peek();
  if (t.type != TokenType::Minus && t.type != TokenType::Bang)
    return parse_postfix(parse_primary(), SplatMode::None);
  DepthGuard guard(this, span(t));
  if (guard.too_deep) return invalid(span(t));
  take();
  ExprPtr operand = parse_unary();
  Span s = join(span(t), operand->span);
  if (t.type == TokenType::Minus) {
    // Fold -<number> so that negative literals stay literals for static readers.
    if (const auto* lit = operand->as<LiteralExpr>();
        lit && lit->value.kind() == ValueKind::Number && lit->value.known()) {
      auto n = make_node<LiteralExpr>(s);
      n->value = number_value(-exact_number(lit->value));
      return n;
    }
  }
  auto n = make_node<UnaryExpr>(s);
  n->op = t.type == TokenType::Minus ? UnaryOp::Negate : UnaryOp::Not;
  n->operand = std::move(operand);
  return n;
}

ExprPtr Parser::parse_postfix(ExprPtr base, SplatMode mode) {
  ExprPtr cur = std::move(base);
  std::vector<TraversalStep> pending;
  // Attaches the literal steps collected so far to `cur`.
  auto flush = [&] {
    if (pending.empty()) return;
    Span s = join(cur->span, pending.back().span);
    if (const auto* root = cur->as<ScopeTraversalExpr>()) {
      auto n = make_node<ScopeTraversalExpr>(s);
      n->traversal = root->traversal;
      for (TraversalStep& st : pending) n->traversal.steps.push_back(std::move(st));
      cur = std::move(n);
    } else {
      auto n = make_node<RelativeTraversalExpr>(s);
      n->source = std::move(cur);
      n->steps = std::move(pending);
      cur = std::move(n);
    }
    pending.clear();
  };
  auto splat = [&](bool full, const Span& marker) {
    flush();
    auto anon = make_node<AnonSymbolExpr>(marker);
    ExprPtr each = parse_postfix(anon, full ? SplatMode::Full : SplatMode::Attr);
    auto n = make_node<SplatExpr>(join(cur->span, join(marker, each->span)));
    n->source = std::move(cur);
    n->each = std::move(each);
    n->full = full;
    n->marker = marker;
    cur = std::move(n);
  };
  int extra = 0;
  for (;;) {
    if (failed_) break;
    Token t = peek();
    if (t.type == TokenType::Dot) {
      Token n = peek(1);
      if (n.type == TokenType::Ident) {
        take();
        take();
        TraversalStep st;
        st.kind = TraversalStep::Kind::Attr;
        st.name = std::string(text(n));
        st.span = join(span(t), span(n));
        pending.push_back(std::move(st));
        continue;
      }
      if (n.type == TokenType::Number) {
        take();
        take();
        parse_legacy_index(n, pending);
        continue;
      }
      if (n.type == TokenType::Star) {
        take();
        take();
        if (++depth_ > kMaxDepth) {
          error("Nesting too deep", "Too many nested splat expressions.", span(n));
          ++extra;
          break;
        }
        ++extra;
        splat(false, join(span(t), span(n)));
        continue;
      }
      take();
      if (n.type != TokenType::Invalid)
        error("Invalid attribute name",
              "An attribute name is required after a dot, but found " + found(n) + ".", span(n));
      break;
    }
    if (t.type == TokenType::OBrack) {
      if (mode == SplatMode::Attr) break;  // after `.*`, an index applies to the whole result
      if (peek(1).type == TokenType::Star && peek(2).type == TokenType::CBrack) {
        take();
        take();
        Token close = take();
        if (++depth_ > kMaxDepth) {
          error("Nesting too deep", "Too many nested splat expressions.", span(t));
          ++extra;
          break;
        }
        ++extra;
        splat(true, join(span(t), span(close)));
        continue;
      }
      take();
      ExprPtr key;
      Token close;
      {
        NewlineMode nl(this, false);
        key = parse_expr();
        if (failed_) break;
        close = peek();
        if (close.type != TokenType::CBrack) {
          if (close.type != TokenType::Invalid)
            error("Missing close bracket on index",
                  "The index operator must end with \"]\", but found " + found(close) + ".",
                  span(close));
          break;
        }
        take();
      }
      Span s = join(span(t), span(close));
      const auto* lit = key->as<LiteralExpr>();
      if (lit && lit->value.known() &&
          (lit->value.kind() == ValueKind::Number || lit->value.kind() == ValueKind::String)) {
        TraversalStep st;
        st.kind = TraversalStep::Kind::Index;
        st.key = lit->value;
        st.span = s;
        pending.push_back(std::move(st));
        continue;
      }
      flush();
      if (++depth_ > kMaxDepth) {
        error("Nesting too deep", "Too many nested index expressions.", span(t));
        ++extra;
        break;
      }
      ++extra;
      auto n = make_node<IndexExpr>(join(cur->span, s));
      n->collection = std::move(cur);
      n->key = std::move(key);
      n->open_bracket = span(t);
      cur = std::move(n);
      continue;
    }
    break;
  }
  flush();
  depth_ -= extra;
  return cur;
}

// Legacy index steps `.0` from the number token after a dot; `a.0.1` lexes as `a` `.` `0.1`,
// hence the split.
void Parser::parse_legacy_index(const Token& n, std::vector<TraversalStep>& steps) {
  std::string_view digits = text(n);
  SourcePos p = n.start;
  while (!digits.empty()) {
    size_t dot = digits.find('.');
    std::string_view part = digits.substr(0, dot);
    auto num = to_number(part);
    SourcePos e = p;
    e.column += static_cast<int>(part.size());
    e.byte += static_cast<int64_t>(part.size());
    if (!num || part.find_first_not_of("0123456789") != std::string_view::npos) {
      error("Invalid legacy index", "A legacy index such as .0 must be a whole number.", span(n));
      return;
    }
    TraversalStep st;
    st.kind = TraversalStep::Kind::Index;
    st.key = Value::number(*num);
    st.span = span(p, e);
    steps.push_back(std::move(st));
    if (dot == std::string_view::npos) return;
    digits.remove_prefix(dot + 1);
    p = e;
    ++p.column;
    ++p.byte;
  }
}

bool Parser::at_for_keyword() {
  Token t = peek();
  return is_keyword(t, "for") && peek(1).type == TokenType::Ident;
}

ExprPtr Parser::parse_primary() {
  Token t = peek();
  switch (t.type) {
    case TokenType::Number: {
      take();
      auto n = make_node<LiteralExpr>(span(t));
      std::optional<Value> num = parse_number_value(text(t));
      if (!num) {
        error("Invalid number", "This number cannot be represented.", span(t));
        return invalid(span(t));
      }
      n->value = std::move(*num);
      return n;
    }
    case TokenType::Ident: {
      take();
      std::string_view word = text(t);
      if (word == "true" || word == "false" || word == "null") {
        auto n = make_node<LiteralExpr>(span(t));
        if (word != "null") n->value = Value::boolean(word == "true");
        return n;
      }
      if (peek().type == TokenType::OParen) return parse_call(t);
      auto n = make_node<ScopeTraversalExpr>(span(t));
      n->traversal.root = std::string(word);
      n->traversal.root_span = span(t);
      return n;
    }
    case TokenType::OQuote:
      take();
      return parse_template_body(TemplateKind::Quoted, t, false);
    case TokenType::OHeredoc: {
      take();
      std::string_view open = text(t);
      return parse_template_body(TemplateKind::Heredoc, t, open.size() > 2 && open[2] == '-');
    }
    case TokenType::OParen: {
      take();
      NewlineMode nl(this, false);
      ExprPtr inner = parse_expr();
      if (failed_) return inner;
      Token close = peek();
      if (close.type != TokenType::CParen) {
        if (close.type != TokenType::Invalid)
          error("Unbalanced parentheses",
                "Expected \")\" to close the parenthesis opened here, but found " + found(close) +
                    ".",
                span(close));
        return inner;
      }
      take();
      auto n = make_node<ParensExpr>(join(span(t), span(close)));
      n->inner = std::move(inner);
      return n;
    }
    case TokenType::OBrack: {
      take();
      NewlineMode nl(this, false);
      if (at_for_keyword()) return parse_for(t, false);
      return parse_tuple(t);
    }
    case TokenType::OBrace: {
      take();
      NewlineMode nl(this, false);
      if (at_for_keyword()) return parse_for(t, true);
      return parse_object(t);
    }
    case TokenType::Invalid:
      take();
      failed_ = true;  // the lexer has reported it
      return invalid(span(t));
    default:
      error("Invalid expression",
            "Expected the start of an expression, but found " + found(t) + ".", span(t));
      return invalid(span(t));
  }
}

ExprPtr Parser::parse_call(const Token& name) {
  Token open = take();
  auto n = make_node<FunctionCallExpr>(span(name));
  n->name = std::string(text(name));
  n->name_span = span(name);
  n->open_paren = span(open);
  NewlineMode nl(this, false);
  for (;;) {
    if (failed_) return n;
    Token t = peek();
    if (t.type == TokenType::CParen) break;
    n->args.push_back(parse_expr());
    if (failed_) return n;
    t = peek();
    if (t.type == TokenType::Ellipsis) {
      take();
      n->expand_final = true;
      t = peek();
      if (t.type != TokenType::CParen) {
        error("Missing closing parenthesis",
              "An expanded argument (with ...) must be the last one, followed by \")\".", span(t));
        return n;
      }
      break;
    }
    if (t.type == TokenType::Comma) {
      take();
      continue;
    }
    if (t.type == TokenType::CParen) break;
    if (t.type != TokenType::Invalid)
      error(
          "Missing argument separator",
          "Function arguments are separated by commas and end with \")\"; found " + found(t) + ".",
          span(t));
    return n;
  }
  Token close = take();
  n->close_paren = span(close);
  n->span = join(span(name), span(close));
  return n;
}

ExprPtr Parser::parse_tuple(const Token& open) {
  auto n = make_node<TupleExpr>(span(open));
  for (;;) {
    if (failed_) return n;
    Token t = peek();
    if (t.type == TokenType::CBrack) break;
    n->items.push_back(parse_expr());
    if (failed_) return n;
    t = peek();
    if (t.type == TokenType::Comma) {
      take();
      continue;
    }
    if (t.type == TokenType::CBrack) break;
    if (t.type != TokenType::Invalid)
      error("Missing item separator",
            "List items are separated by commas and end with \"]\"; found " + found(t) + ".",
            span(t));
    return n;
  }
  Token close = take();
  n->span = join(span(open), span(close));
  return n;
}

ExprPtr Parser::parse_object(const Token& open) {
  auto n = make_node<ObjectExpr>(span(open));
  NewlineMode nl(this, true);
  for (;;) {
    if (failed_) return n;
    Token t = peek();
    while (t.type == TokenType::Newline) {
      take();
      t = peek();
    }
    if (t.type == TokenType::CBrace) break;
    if (t.type == TokenType::EndOfFile) {
      error(
          "Missing closing brace for object",
          "The object opened at line " + std::to_string(open.start.line) + " must end with \"}\".",
          span(t));
      return n;
    }
    ObjectItem item;
    item.key = parse_expr();
    if (failed_) return n;
    item.bare_key = item.key->kind == ExprKind::ScopeTraversal;
    Token sep = peek();
    if (sep.type != TokenType::Assign && sep.type != TokenType::Colon) {
      if (sep.type != TokenType::Invalid)
        error("Missing key/value separator",
              "Expected \"=\" (or \":\") after the object key, but found " + found(sep) + ".",
              span(sep));
      return n;
    }
    take();
    item.value = parse_expr();
    n->items.push_back(std::move(item));
    if (failed_) return n;
    t = peek();
    if (t.type == TokenType::Comma || t.type == TokenType::Newline) {
      take();
      continue;
    }
    if (t.type == TokenType::CBrace) break;
    if (t.type != TokenType::Invalid)
      error("Missing attribute separator",
            "Object items are separated by commas or newlines; found " + found(t) + ".", span(t));
    return n;
  }
  Token close = take();
  n->span = join(span(open), span(close));
  return n;
}

ExprPtr Parser::parse_for(const Token& open, bool object) {
  auto n = make_node<ForExpr>(span(open));
  n->object = object;
  const char* close_text = object ? "}" : "]";
  TokenType close_type = object ? TokenType::CBrace : TokenType::CBrack;
  auto fail = [&](const std::string& detail, const Token& at) {
    if (at.type != TokenType::Invalid) error("Invalid 'for' expression", detail, span(at));
    return n;
  };
  take();  // for
  Token v1 = peek();
  if (v1.type != TokenType::Ident) return fail("Expected a variable name after 'for'.", v1);
  take();
  Token t = peek();
  if (t.type == TokenType::Comma) {
    take();
    Token v2 = peek();
    if (v2.type != TokenType::Ident)
      return fail("Expected a second variable name after the comma.", v2);
    take();
    n->key_var = std::string(text(v1));
    n->key_var_span = span(v1);
    n->value_var = std::string(text(v2));
    n->value_var_span = span(v2);
    t = peek();
  } else {
    n->value_var = std::string(text(v1));
    n->value_var_span = span(v1);
  }
  if (!is_keyword(t, "in"))
    return fail("Expected \"in\" after the variable names, but found " + found(t) + ".", t);
  take();
  n->collection = parse_expr();
  if (failed_) return n;
  t = peek();
  if (t.type != TokenType::Colon)
    return fail("Expected \":\" after the collection, but found " + found(t) + ".", t);
  take();
  if (object) {
    n->key_result = parse_expr();
    if (failed_) return n;
    t = peek();
    if (t.type != TokenType::FatArrow)
      return fail("The object form needs \"=>\" between key and value: {for k, v in x : k => v}.",
                  t);
    take();
  }
  n->value_result = parse_expr();
  if (failed_) return n;
  t = peek();
  if (t.type == TokenType::Ellipsis) {
    if (!object)
      return fail("Grouping with \"...\" is only for the object form {for ... : k => v...}.", t);
    take();
    n->grouping = true;
    t = peek();
  }
  if (is_keyword(t, "if")) {
    take();
    n->condition = parse_expr();
    if (failed_) return n;
    t = peek();
  }
  if (t.type != close_type)
    return fail(std::string("Expected \"") + close_text +
                    "\" to end the 'for' expression, but found " + found(t) + ".",
                t);
  take();
  n->span = join(span(open), span(t));
  return n;
}

}  // namespace fedplan
