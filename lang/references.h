// Static reading of expressions: the references an expression makes (for dependency edges and
// reference checks) and plain traversals/keywords read without evaluating (provider = kube.a).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/ast.h"

namespace fedplan {

// The root traversals `e` refers to, in source order: for `kube_object.peer[each.key].object`
// these are `kube_object.peer` and `each.key` (steps stop at the first computed index). Names
// bound by enclosing `for` expressions and template `for` directives are skipped, as are
// bare object keys (`{ name = 1 }`).
std::vector<Traversal> references(const Expr& e);

// A reference and, when a computed index follows it at once (`null_resource.a[count.index]`),
// that index's expression: enough to narrow a dependency to one instance once the index can
// be evaluated. `key` points into the expression and lives as long as it does.
struct KeyedReference {
  Traversal traversal;
  const Expr* key = nullptr;
};

// references(e), each with the computed index that follows it (if any).
std::vector<KeyedReference> keyed_references(const Expr& e);

// The traversal when `e` is a plain reference such as `kube.mesh1` or `module.x`, looking
// through parentheses and `"${...}"`; nullopt for anything computed.
std::optional<Traversal> as_traversal(const Expr& e);

// The name when `e` is a single bare name with no steps: `string`, `any`, `all`.
std::optional<std::string> as_keyword(const Expr& e);

// The items when `e` is a tuple constructor `[a, b]` (parentheses looked through).
const std::vector<ExprPtr>* as_tuple_items(const Expr& e);

// The static key of an object item: a bare name (`a = 1`) or a literal string (`"a" = 1`);
// nullopt when the key is computed or dotted (`kube.a = ...`, use as_traversal on item.key).
std::optional<std::string> object_key_name(const ObjectItem& item);

// The string when `e` is a literal string (or a template of literal text only).
std::optional<std::string> as_literal_string(const Expr& e);

}  // namespace fedplan
