// AST helpers: spans, traversal printing and body lookups shared by the parser and the
// config loader.
#include "lang/ast.h"

#include "lang/lexer.h"

#include <algorithm>
#include <cctype>

namespace fedplan {

SourceRange Span::range() const {
  SourceRange r;
  if (file) r.file = *file;
  r.start = start;
  r.end = end;
  return r;
}

Span join(const Span& a, const Span& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  Span s = a;
  if (b.end.byte > s.end.byte) s.end = b.end;
  if (b.start.byte < s.start.byte) s.start = b.start;
  return s;
}

Span Traversal::span() const {
  if (steps.empty()) return root_span;
  return join(root_span, steps.back().span);
}

std::string Traversal::to_string() const {
  std::string out = root;
  for (const TraversalStep& s : steps) {
    if (s.kind == TraversalStep::Kind::Attr) {
      if (is_identifier(s.name)) {
        out += '.';
        out += s.name;
      } else {
        out += "[" + debug_string(Value::string(s.name)) + "]";
      }
    } else {
      out += "[" + debug_string(s.key) + "]";
    }
  }
  return out;
}

BinaryExpr::~BinaryExpr() {
  // Each node we own alone gives up its lhs before it dies, so no destructor recurses.
  ExprPtr next = std::move(lhs);
  while (next && next.use_count() == 1 && next->kind == ExprKind::Binary) {
    // Nodes are made non-const (make_node), so taking the child out of one is defined.
    auto* node = const_cast<BinaryExpr*>(static_cast<const BinaryExpr*>(next.get()));
    ExprPtr child = std::move(node->lhs);
    next = std::move(child);
  }
}

std::vector<const BinaryExpr*> binary_chain(const BinaryExpr& top) {
  std::vector<const BinaryExpr*> chain{&top};
  while (chain.back()->lhs) {
    const auto* inner = chain.back()->lhs->as<BinaryExpr>();
    if (!inner) break;
    chain.push_back(inner);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

const char* binary_op_symbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::Or:
      return "||";
    case BinaryOp::And:
      return "&&";
    case BinaryOp::Equal:
      return "==";
    case BinaryOp::NotEqual:
      return "!=";
    case BinaryOp::Less:
      return "<";
    case BinaryOp::LessEqual:
      return "<=";
    case BinaryOp::Greater:
      return ">";
    case BinaryOp::GreaterEqual:
      return ">=";
    case BinaryOp::Add:
      return "+";
    case BinaryOp::Subtract:
      return "-";
    case BinaryOp::Multiply:
      return "*";
    case BinaryOp::Divide:
      return "/";
    case BinaryOp::Modulo:
      return "%";
  }
  return "?";
}

const Attribute* Body::find_attribute(std::string_view name) const {
  for (const Attribute& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

Span Block::header_span() const {
  if (labels.empty()) return type_span;
  return join(type_span, labels.back().span);
}

}  // namespace fedplan
