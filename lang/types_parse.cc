// parse_type_expr(): walks the AST of a type expression; keywords are bare names, constructors
// are function-call syntax, object attributes may be wrapped in optional().
#include "lang/types_parse.h"

#include <set>

#include "base/suggest.h"

namespace fedplan {
namespace {

constexpr const char* kInvalidType = "Invalid type specification";

// The bare name of a single-name traversal (`string`, `list`), or "".
std::string bare_name(const Expr& e) {
  const auto* t = e.as<ScopeTraversalExpr>();
  return t && t->traversal.steps.empty() ? t->traversal.root : std::string();
}

// Folds a constant expression (literals, lists, objects, plain strings) into a value.
std::optional<Value> constant(const Expr& e) {
  if (const auto* l = e.as<LiteralExpr>()) return l->value;
  if (const auto* p = e.as<ParensExpr>()) return constant(*p->inner);
  if (const auto* w = e.as<TemplateWrapExpr>()) return constant(*w->wrapped);
  if (const auto* t = e.as<TemplateExpr>()) {
    std::string out;
    for (const ExprPtr& part : t->parts) {
      const auto* lit = part->as<LiteralExpr>();
      if (!lit || lit->value.kind() != ValueKind::String) return std::nullopt;
      out += lit->value.as_string();
    }
    return Value::string(std::move(out));
  }
  if (const auto* t = e.as<TupleExpr>()) {
    ValueList items;
    for (const ExprPtr& item : t->items) {
      std::optional<Value> v = constant(*item);
      if (!v) return std::nullopt;
      items.push_back(std::move(*v));
    }
    return Value::tuple(std::move(items));
  }
  if (const auto* o = e.as<ObjectExpr>()) {
    ValueMap items;
    for (const ObjectItem& item : o->items) {
      std::string key = item.bare_key ? bare_name(*item.key) : std::string();
      if (key.empty()) {
        std::optional<Value> k = constant(*item.key);
        if (!k || k->kind() != ValueKind::String) return std::nullopt;
        key = k->as_string();
      }
      std::optional<Value> v = constant(*item.value);
      if (!v) return std::nullopt;
      items.insert_or_assign(key, std::move(*v));
    }
    return Value::object(std::move(items));
  }
  return std::nullopt;
}

class TypeParser {
 public:
  TypeParser(Diagnostics& diags, const TypeDefaultEvaluator& eval) : diags_(diags), eval_(eval) {}

  Type parse(const Expr& e) {
    if (const auto* p = e.as<ParensExpr>()) return parse(*p->inner);
    if (e.as<LiteralExpr>() || e.as<TemplateExpr>()) {
      return error(e, "A type is written without quotes, e.g. string or list(string).");
    }
    if (e.as<ScopeTraversalExpr>()) return keyword(e);
    if (const auto* call = e.as<FunctionCallExpr>()) return constructor(*call);
    return error(e,
                 "A type specification is a type keyword (string, number, bool, any) or a type "
                 "constructor such as list(string) or object({ name = string }).");
  }

 private:
  Diagnostics& diags_;
  const TypeDefaultEvaluator& eval_;

  Type error(const Expr& at, const std::string& detail) {
    diags_.error(kInvalidType, detail, at.span);
    return Type::any();
  }

  Type keyword(const Expr& e) {
    std::string name = bare_name(e);
    if (name == "string") return Type::string();
    if (name == "number") return Type::number();
    if (name == "bool") return Type::boolean();
    if (name == "any") return Type::any();
    // The legacy bare collection keywords mean a collection of any.
    if (name == "list") return Type::list(Type::any());
    if (name == "set") return Type::set(Type::any());
    if (name == "map") return Type::map(Type::any());
    if (name.empty()) return error(e, "A type keyword is a single name such as string.");
    std::string detail = "The keyword \"" + name + "\" is not a type.";
    static const std::vector<std::string> kKeywords = {"any",    "bool", "list",   "map",  "number",
                                                       "object", "set",  "string", "tuple"};
    if (std::optional<std::string> s = suggest(name, kKeywords))
      detail += " Did you mean \"" + *s + "\"?";
    return error(e, detail);
  }

  Type constructor(const FunctionCallExpr& call) {
    const std::string& name = call.name;
    if (name == "optional")
      return error(call, "optional() can only be used on an attribute of an object type.");
    bool known =
        name == "list" || name == "set" || name == "map" || name == "object" || name == "tuple";
    if (!known) return error(call, "\"" + name + "\" is not a type constructor.");
    if (call.args.size() != 1 || call.expand_final) {
      return error(call, "The " + name + "() type constructor takes exactly one argument.");
    }
    const Expr& arg = *call.args[0];
    if (name == "list") return Type::list(parse(arg));
    if (name == "set") return Type::set(parse(arg));
    if (name == "map") return Type::map(parse(arg));
    if (name == "tuple") {
      const auto* t = arg.as<TupleExpr>();
      if (!t) return error(arg, "tuple() takes a list of types, e.g. tuple([string, number]).");
      std::vector<Type> elements;
      for (const ExprPtr& item : t->items) elements.push_back(parse(*item));
      return Type::tuple(std::move(elements));
    }
    return object(arg);
  }

  Type object(const Expr& arg) {
    const auto* o = arg.as<ObjectExpr>();
    if (!o)
      return error(arg,
                   "object() takes an object of attribute types, e.g. object({ a = string }).");
    std::vector<ObjectAttr> attrs;
    std::set<std::string> seen;
    for (const ObjectItem& item : o->items) {
      std::string key = item.bare_key ? bare_name(*item.key) : std::string();
      if (key.empty()) {
        std::optional<Value> k = constant(*item.key);
        if (!k || k->kind() != ValueKind::String) {
          error(*item.key, "An attribute name is a name or a quoted string.");
          continue;
        }
        key = k->as_string();
      }
      if (!seen.insert(key).second) {
        error(*item.key, "The attribute \"" + key + "\" is declared more than once.");
        continue;
      }
      attrs.push_back(attribute(key, *item.value));
    }
    return Type::object(std::move(attrs));
  }

  ObjectAttr attribute(const std::string& name, const Expr& e) {
    const auto* call = e.as<FunctionCallExpr>();
    if (!call || call->name != "optional") return ObjectAttr::of(name, parse(e));
    if (call->args.empty() || call->args.size() > 2 || call->expand_final) {
      error(e, "optional() takes a type and an optional default value.");
      return ObjectAttr::opt(name, Type::any());
    }
    Type t = parse(*call->args[0]);
    if (call->args.size() == 1) return ObjectAttr::opt(name, std::move(t));
    const Expr& def = *call->args[1];
    std::optional<Value> v = eval_ ? eval_(def, diags_) : constant(def);
    if (!v) {
      if (!eval_) error(def, "The default of an optional attribute must be a constant value.");
      return ObjectAttr::opt(name, std::move(t));
    }
    ConvertResult c = convert(*v, t);
    if (!c.ok()) {
      error(def, "The default value does not match the attribute's type: " + c.error + ".");
      return ObjectAttr::opt(name, std::move(t));
    }
    return ObjectAttr::opt(name, std::move(t), std::move(c.value));
  }
};

}  // namespace

Type parse_type_expr(const Expr& expr, Diagnostics& diags,
                     const TypeDefaultEvaluator& eval_default) {
  return TypeParser(diags, eval_default).parse(expr);
}

}  // namespace fedplan
