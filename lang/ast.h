// AST: the syntax tree of *.fed.hcl files and of expressions, with a source span on every node.
// The config loader reads bodies and blocks; the evaluator and reference finder walk expressions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "lang/value.h"

namespace fedplan {

// A source range whose file name is shared by every node of a file, so nodes do not copy it.
// Converts implicitly to SourceRange, so `diags.error("...", "", expr.span)` works.
struct Span {
  std::shared_ptr<const std::string> file;
  SourcePos start;
  SourcePos end;

  bool empty() const { return !file; }
  SourceRange range() const;
  operator SourceRange() const { return range(); }  // NOLINT: implicit on purpose
};

// The span from the start of `a` to the end of `b` (either may be empty).
Span join(const Span& a, const Span& b);

// One step after the root of a traversal: `.name`, or `[key]` / legacy `.0` with a literal key.
struct TraversalStep {
  enum class Kind : uint8_t { Attr, Index };
  Kind kind = Kind::Attr;
  std::string name;  // Attr: the attribute name
  Value key;         // Index: a number or string
  Span span;
};

// A reference as written: a root name and literal steps, e.g. `kube_object.peer["a"].object`
// is root `kube_object` with steps `.peer`, `["a"]`, `.object`.
struct Traversal {
  std::string root;
  Span root_span;
  std::vector<TraversalStep> steps;

  Span span() const;  // from the root through the last step
  // The traversal as source text: `kube_object.peer["a"].object`, `var.list[0]`.
  std::string to_string() const;
};

enum class ExprKind : uint8_t {
  Literal,            // null, true, 1.5, "plain string"
  Template,           // "a ${b} c", heredocs, template files
  TemplateWrap,       // "${x}": the value of x, not converted to a string
  TemplateIf,         // %{ if c }...%{ else }...%{ endif } (only inside a Template)
  TemplateFor,        // %{ for k, v in c }...%{ endfor } (only inside a Template)
  ScopeTraversal,     // var.x, kube_object.peer["a"].object, each.key
  RelativeTraversal,  // (expr).a[0], f(x).b: steps applied to any expression
  Index,              // expr[expr] when the key is not a literal
  Splat,              // expr[*].a, expr.*.a
  AnonSymbol,         // the current element inside a splat's `each`
  FunctionCall,       // f(a, b...)
  Conditional,        // c ? a : b
  Binary,             // a + b, a && b, ...
  Unary,              // -a, !a
  Tuple,              // [a, b]
  Object,             // { a = 1, "b" = 2, (k) = 3 }
  For,                // [for k, v in x : v if c], {for k, v in x : k => v... if c}
  Parens,             // (a)
  Invalid,            // placeholder where a syntax error was reported
};

// The base of every expression node; `kind` says which derived struct it is (use as<T>()).
struct Expr {
  explicit Expr(ExprKind k) : kind(k) {}
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;
  virtual ~Expr() = default;

  ExprKind kind;
  Span span;

  template <class T>
  const T* as() const {
    return kind == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
};

using ExprPtr = std::shared_ptr<const Expr>;

// Helper base that ties a node struct to its kind.
template <ExprKind K>
struct ExprOf : Expr {
  static constexpr ExprKind kKind = K;
  ExprOf() : Expr(K) {}
};

// A constant: null, a bool, a number or a string without interpolation.
struct LiteralExpr : ExprOf<ExprKind::Literal> {
  Value value;
};

// A string template: the concatenation of its parts. Parts are string LiteralExprs (escapes
// already decoded, strip markers applied), interpolated expressions, TemplateIf and TemplateFor.
struct TemplateExpr : ExprOf<ExprKind::Template> {
  std::vector<ExprPtr> parts;
  bool heredoc = false;
};

// A template that is exactly one interpolation, `"${x}"`: evaluates to x unconverted.
struct TemplateWrapExpr : ExprOf<ExprKind::TemplateWrap> {
  ExprPtr wrapped;
};

// `%{ if cond }then%{ else }else%{ endif }`; the branches are TemplateExprs, else may be null.
struct TemplateIfExpr : ExprOf<ExprKind::TemplateIf> {
  ExprPtr condition;
  ExprPtr then_part;
  ExprPtr else_part;
};

// `%{ for k, v in coll }body%{ endfor }`; key_var is empty when only one name is given.
struct TemplateForExpr : ExprOf<ExprKind::TemplateFor> {
  std::string key_var;
  Span key_var_span;
  std::string value_var;
  Span value_var_span;
  ExprPtr collection;
  ExprPtr body;  // a TemplateExpr
};

// A reference that starts at a root name: `var.x`, `each.value.name`, `local.m["k"]`.
struct ScopeTraversalExpr : ExprOf<ExprKind::ScopeTraversal> {
  Traversal traversal;
};

// Literal steps applied to the result of another expression: `f(x).a`, `x[var.k].b[0]`.
struct RelativeTraversalExpr : ExprOf<ExprKind::RelativeTraversal> {
  ExprPtr source;
  std::vector<TraversalStep> steps;
};

// `collection[key]` where the key is computed.
struct IndexExpr : ExprOf<ExprKind::Index> {
  ExprPtr collection;
  ExprPtr key;
  Span open_bracket;
};

// `source[*].each...` (full) or `source.*.each...` (attribute-only, legacy). `each` is an
// expression over an AnonSymbolExpr that stands for one element of source.
struct SplatExpr : ExprOf<ExprKind::Splat> {
  ExprPtr source;
  ExprPtr each;
  bool full = true;
  Span marker;  // the `[*]` or `.*`
};

// The element being visited inside a SplatExpr's `each`.
struct AnonSymbolExpr : ExprOf<ExprKind::AnonSymbol> {};

// `name(args...)`; with expand_final the last argument is a list spread into arguments.
struct FunctionCallExpr : ExprOf<ExprKind::FunctionCall> {
  std::string name;
  Span name_span;
  std::vector<ExprPtr> args;
  bool expand_final = false;
  Span open_paren;
  Span close_paren;
};

// `condition ? true_result : false_result`.
struct ConditionalExpr : ExprOf<ExprKind::Conditional> {
  ExprPtr condition;
  ExprPtr true_result;
  ExprPtr false_result;
};

enum class BinaryOp : uint8_t {
  Or,
  And,
  Equal,
  NotEqual,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  Add,
  Subtract,
  Multiply,
  Divide,
  Modulo,
};

const char* binary_op_symbol(BinaryOp op);  // "||", "+", ...

// `lhs op rhs`. A chain `a + b + c ...` is a left spine as deep as the chain is long, so
// code that walks one loops over binary_chain() instead of recursing into lhs.
struct BinaryExpr : ExprOf<ExprKind::Binary> {
  BinaryExpr() = default;
  ~BinaryExpr() override;  // frees a long left spine in a loop

  BinaryOp op = BinaryOp::Add;
  ExprPtr lhs;
  ExprPtr rhs;
  Span op_span;
};

// The binary nodes down the left spine of `top`, innermost first and `top` last: the
// chain's first operand is front()->lhs, and each node adds its rhs.
std::vector<const BinaryExpr*> binary_chain(const BinaryExpr& top);

enum class UnaryOp : uint8_t { Negate, Not };

// `-operand` or `!operand`.
struct UnaryExpr : ExprOf<ExprKind::Unary> {
  UnaryOp op = UnaryOp::Negate;
  ExprPtr operand;
};

// `[a, b, c]`.
struct TupleExpr : ExprOf<ExprKind::Tuple> {
  std::vector<ExprPtr> items;
};

// One `key = value` (or `key: value`) of an object constructor. With bare_key the key was
// written as a naked traversal (`name = ...` or `kube.a = ...`): it is a ScopeTraversalExpr,
// and a single name stands for the string itself, not for a variable.
struct ObjectItem {
  ExprPtr key;
  ExprPtr value;
  bool bare_key = false;
};

// `{ a = 1, "b" = 2, (k) = 3 }`.
struct ObjectExpr : ExprOf<ExprKind::Object> {
  std::vector<ObjectItem> items;
};

// `[for k, v in collection : value if condition]` (object = false) or
// `{for k, v in collection : key => value... if condition}` (object = true; with grouping,
// values of equal keys are collected into lists). key_var is empty when one name is given.
struct ForExpr : ExprOf<ExprKind::For> {
  std::string key_var;
  Span key_var_span;
  std::string value_var;
  Span value_var_span;
  ExprPtr collection;
  ExprPtr key_result;  // object form only
  ExprPtr value_result;
  ExprPtr condition;  // may be null
  bool object = false;
  bool grouping = false;
};

// `(inner)`.
struct ParensExpr : ExprOf<ExprKind::Parens> {
  ExprPtr inner;
};

// Stands where an expression could not be parsed; the error is already reported. Evaluates
// to an unknown value without further errors.
struct InvalidExpr : ExprOf<ExprKind::Invalid> {};

// `name = expr` inside a body.
struct Attribute {
  std::string name;
  Span name_span;
  ExprPtr expr;
  Span span;  // from the name to the end of the expression
};

// A block label: `"kube_object"` or a bare identifier.
struct BlockLabel {
  std::string value;
  Span span;
};

struct Block;

// The content of a file or block: attributes and nested blocks, each in source order.
struct Body {
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
  Span span;  // the whole file, or from after `{` to before `}`

  const Attribute* find_attribute(std::string_view name) const;
};

// `type "label" label2 { body }`.
struct Block {
  std::string type;
  Span type_span;
  std::vector<BlockLabel> labels;
  Body body;
  Span open_brace;
  Span close_brace;  // empty when the brace was missing

  Span span() const { return join(type_span, close_brace.empty() ? open_brace : close_brace); }
  // The span of the block header: type and labels (for "declared here" messages).
  Span header_span() const;
};

// A parsed *.fed.hcl file.
struct File {
  std::string path;
  Body body;
};

}  // namespace fedplan
