// Reference finding and static reads over the AST. The walk tracks names bound by `for`
// expressions so that `[for x in var.l : x.name]` refers to var.l only.
#include "lang/references.h"

#include <algorithm>

namespace fedplan {

namespace {

// Walks an expression collecting root traversals; `bound` holds the names bound by
// enclosing for expressions (a small stack; lookups are linear but it is rarely deep).
struct ReferenceWalker {
  std::vector<KeyedReference>* out;
  std::vector<const std::string*> bound;

  bool is_bound(const std::string& name) const {
    return std::any_of(bound.begin(), bound.end(),
                       [&](const std::string* b) { return *b == name; });
  }

  void walk(const ExprPtr& e) {
    if (e) walk(*e);
  }

  // Binds the for variables while walking the parts that can see them.
  template <class F>
  void with_bound(const std::string& key_var, const std::string& value_var, F f) {
    size_t mark = bound.size();
    if (!key_var.empty()) bound.push_back(&key_var);
    if (!value_var.empty()) bound.push_back(&value_var);
    f();
    bound.resize(mark);
  }

  void walk(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Literal:
      case ExprKind::AnonSymbol:
      case ExprKind::Invalid:
        return;
      case ExprKind::Template:
        for (const ExprPtr& p : e.as<TemplateExpr>()->parts) walk(p);
        return;
      case ExprKind::TemplateWrap:
        walk(e.as<TemplateWrapExpr>()->wrapped);
        return;
      case ExprKind::TemplateIf: {
        const auto* t = e.as<TemplateIfExpr>();
        walk(t->condition);
        walk(t->then_part);
        walk(t->else_part);
        return;
      }
      case ExprKind::TemplateFor: {
        const auto* t = e.as<TemplateForExpr>();
        walk(t->collection);
        with_bound(t->key_var, t->value_var, [&] { walk(t->body); });
        return;
      }
      case ExprKind::ScopeTraversal: {
        const Traversal& t = e.as<ScopeTraversalExpr>()->traversal;
        if (!is_bound(t.root)) out->push_back(KeyedReference{t, nullptr});
        return;
      }
      case ExprKind::RelativeTraversal:
        walk(e.as<RelativeTraversalExpr>()->source);
        return;
      case ExprKind::Index: {
        const auto* x = e.as<IndexExpr>();
        walk(x->collection);
        // The collection was pushed last when it is a reference: remember its index.
        const auto* st = x->collection ? x->collection->as<ScopeTraversalExpr>() : nullptr;
        if (st && !is_bound(st->traversal.root)) out->back().key = x->key.get();
        walk(x->key);
        return;
      }
      case ExprKind::Splat: {
        const auto* s = e.as<SplatExpr>();
        walk(s->source);
        walk(s->each);
        return;
      }
      case ExprKind::FunctionCall:
        for (const ExprPtr& a : e.as<FunctionCallExpr>()->args) walk(a);
        return;
      case ExprKind::Conditional: {
        const auto* c = e.as<ConditionalExpr>();
        walk(c->condition);
        walk(c->true_result);
        walk(c->false_result);
        return;
      }
      case ExprKind::Binary: {
        std::vector<const BinaryExpr*> chain = binary_chain(*e.as<BinaryExpr>());
        walk(chain.front()->lhs);
        for (const BinaryExpr* b : chain) walk(b->rhs);
        return;
      }
      case ExprKind::Unary:
        walk(e.as<UnaryExpr>()->operand);
        return;
      case ExprKind::Tuple:
        for (const ExprPtr& i : e.as<TupleExpr>()->items) walk(i);
        return;
      case ExprKind::Object:
        for (const ObjectItem& item : e.as<ObjectExpr>()->items) {
          if (!(item.bare_key && object_key_name(item))) walk(item.key);
          walk(item.value);
        }
        return;
      case ExprKind::For: {
        const auto* f = e.as<ForExpr>();
        walk(f->collection);
        with_bound(f->key_var, f->value_var, [&] {
          walk(f->key_result);
          walk(f->value_result);
          walk(f->condition);
        });
        return;
      }
      case ExprKind::Parens:
        walk(e.as<ParensExpr>()->inner);
        return;
    }
  }
};

// Looks through parentheses and single-interpolation templates.
const Expr& unwrap(const Expr& e) {
  const Expr* cur = &e;
  for (;;) {
    if (const auto* p = cur->as<ParensExpr>(); p && p->inner) {
      cur = p->inner.get();
    } else if (const auto* w = cur->as<TemplateWrapExpr>(); w && w->wrapped) {
      cur = w->wrapped.get();
    } else {
      return *cur;
    }
  }
}

}  // namespace

std::vector<KeyedReference> keyed_references(const Expr& e) {
  std::vector<KeyedReference> out;
  ReferenceWalker w{&out, {}};
  w.walk(e);
  return out;
}

std::vector<Traversal> references(const Expr& e) {
  std::vector<Traversal> out;
  for (KeyedReference& r : keyed_references(e)) out.push_back(std::move(r.traversal));
  return out;
}

std::optional<Traversal> as_traversal(const Expr& e) {
  if (const auto* t = unwrap(e).as<ScopeTraversalExpr>()) return t->traversal;
  return std::nullopt;
}

std::optional<std::string> as_keyword(const Expr& e) {
  const auto* t = unwrap(e).as<ScopeTraversalExpr>();
  if (!t || !t->traversal.steps.empty()) return std::nullopt;
  return t->traversal.root;
}

const std::vector<ExprPtr>* as_tuple_items(const Expr& e) {
  if (const auto* t = unwrap(e).as<TupleExpr>()) return &t->items;
  return nullptr;
}

std::optional<std::string> object_key_name(const ObjectItem& item) {
  if (!item.key) return std::nullopt;
  if (item.bare_key) {
    const auto* t = item.key->as<ScopeTraversalExpr>();
    if (t && t->traversal.steps.empty()) return t->traversal.root;
    return std::nullopt;
  }
  return as_literal_string(*item.key);
}

std::optional<std::string> as_literal_string(const Expr& e) {
  const Expr& u = unwrap(e);
  if (const auto* l = u.as<LiteralExpr>()) {
    if (l->value.kind() == ValueKind::String && l->value.known()) return l->value.as_string();
    return std::nullopt;
  }
  if (const auto* t = u.as<TemplateExpr>()) {
    std::string out;
    for (const ExprPtr& p : t->parts) {
      const auto* l = p ? p->as<LiteralExpr>() : nullptr;
      if (!l || l->value.kind() != ValueKind::String || !l->value.known()) return std::nullopt;
      out += l->value.as_string();
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace fedplan
