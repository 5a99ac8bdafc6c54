// Type: construction, printing, the structural type of a value and type unification.
// Conversion of values to a type lives in types_convert.cc.
#include "lang/types.h"

#include <algorithm>
#include <charconv>

namespace fedplan {

Type Type::any() {
  return Type{};
}

Type Type::string() {
  Type t;
  t.kind = TypeKind::String;
  return t;
}

Type Type::number() {
  Type t;
  t.kind = TypeKind::Number;
  return t;
}

Type Type::boolean() {
  Type t;
  t.kind = TypeKind::Bool;
  return t;
}

namespace {
Type with_element(TypeKind kind, Type element) {
  Type t;
  t.kind = kind;
  t.elements.push_back(std::move(element));
  return t;
}
}  // namespace

Type Type::list(Type element) {
  return with_element(TypeKind::List, std::move(element));
}

Type Type::set(Type element) {
  return with_element(TypeKind::Set, std::move(element));
}

Type Type::map(Type element) {
  return with_element(TypeKind::Map, std::move(element));
}

Type Type::tuple(std::vector<Type> elements) {
  Type t;
  t.kind = TypeKind::Tuple;
  t.elements = std::move(elements);
  return t;
}

Type Type::object(std::vector<ObjectAttr> attrs) {
  std::sort(attrs.begin(), attrs.end(),
            [](const ObjectAttr& a, const ObjectAttr& b) { return a.name < b.name; });
  Type t;
  t.kind = TypeKind::Object;
  t.attrs = std::move(attrs);
  return t;
}

bool Type::is_primitive() const {
  return kind == TypeKind::String || kind == TypeKind::Number || kind == TypeKind::Bool;
}

bool Type::is_collection() const {
  return kind == TypeKind::List || kind == TypeKind::Set || kind == TypeKind::Map;
}

const ObjectAttr* Type::attr(std::string_view name) const {
  for (const ObjectAttr& a : attrs)
    if (a.name == name) return &a;
  return nullptr;
}

ValueKind Type::value_kind() const {
  switch (kind) {
    case TypeKind::Any:
      return ValueKind::Dynamic;
    case TypeKind::String:
      return ValueKind::String;
    case TypeKind::Number:
      return ValueKind::Number;
    case TypeKind::Bool:
      return ValueKind::Bool;
    case TypeKind::List:
      return ValueKind::List;
    case TypeKind::Set:
      return ValueKind::Set;
    case TypeKind::Map:
      return ValueKind::Map;
    case TypeKind::Object:
      return ValueKind::Object;
    case TypeKind::Tuple:
      return ValueKind::Tuple;
  }
  return ValueKind::Dynamic;
}

bool Type::has_any() const {
  if (kind == TypeKind::Any) return true;
  for (const Type& e : elements)
    if (e.has_any()) return true;
  for (const ObjectAttr& a : attrs)
    if (a.type.has_any()) return true;
  return false;
}

std::string Type::to_string() const {
  switch (kind) {
    case TypeKind::Any:
      return "any";
    case TypeKind::String:
      return "string";
    case TypeKind::Number:
      return "number";
    case TypeKind::Bool:
      return "bool";
    case TypeKind::List:
      return "list(" + element().to_string() + ")";
    case TypeKind::Set:
      return "set(" + element().to_string() + ")";
    case TypeKind::Map:
      return "map(" + element().to_string() + ")";
    case TypeKind::Tuple: {
      std::string out = "tuple([";
      for (size_t i = 0; i < elements.size(); ++i) {
        if (i) out += ", ";
        out += elements[i].to_string();
      }
      return out + "])";
    }
    case TypeKind::Object: {
      if (attrs.empty()) return "object({})";
      std::string out = "object({ ";
      for (size_t i = 0; i < attrs.size(); ++i) {
        if (i) out += ", ";
        out += attrs[i].name + " = ";
        const ObjectAttr& a = attrs[i];
        if (!a.optional) {
          out += a.type.to_string();
        } else {
          out += "optional(" + a.type.to_string() +
                 (a.default_value ? ", " + debug_string(*a.default_value) : "") + ")";
        }
      }
      return out + " })";
    }
  }
  return "?";
}

std::string Type::friendly_name() const {
  switch (kind) {
    case TypeKind::List:
    case TypeKind::Set:
    case TypeKind::Map:
      return std::string(kind == TypeKind::List  ? "list of "
                         : kind == TypeKind::Set ? "set of "
                                                 : "map of ") +
             element().friendly_name();
    case TypeKind::Object:
      return "object";
    case TypeKind::Tuple:
      return "tuple";
    default:
      return to_string();
  }
}

bool Type::operator==(const Type& other) const {
  return kind == other.kind && elements == other.elements && attrs == other.attrs;
}

ObjectAttr ObjectAttr::of(std::string name, Type type) {
  ObjectAttr a;
  a.name = std::move(name);
  a.type = std::move(type);
  return a;
}

ObjectAttr ObjectAttr::opt(std::string name, Type type, std::optional<Value> default_value) {
  ObjectAttr a = of(std::move(name), std::move(type));
  a.optional = true;
  a.default_value = std::move(default_value);
  return a;
}

bool ObjectAttr::operator==(const ObjectAttr& other) const {
  return name == other.name && type == other.type && optional == other.optional &&
         default_value == other.default_value;
}

namespace {

std::optional<Type> unify_list(const std::vector<Type>& types) {
  Type out = Type::any();
  for (const Type& t : types) {
    std::optional<Type> u = unify_types(out, t);
    if (!u) return std::nullopt;
    out = std::move(*u);
  }
  return out;
}

}  // namespace

Type type_of(const Value& v) {
  if (!v.known()) {
    switch (v.kind()) {
      case ValueKind::String:
        return Type::string();
      case ValueKind::Number:
        return Type::number();
      case ValueKind::Bool:
        return Type::boolean();
      case ValueKind::List:
        return Type::list(Type::any());
      case ValueKind::Set:
        return Type::set(Type::any());
      case ValueKind::Map:
        return Type::map(Type::any());
      default:
        return Type::any();
    }
  }
  switch (v.kind()) {
    case ValueKind::Null:
    case ValueKind::Dynamic:
      return Type::any();
    case ValueKind::String:
      return Type::string();
    case ValueKind::Number:
      return Type::number();
    case ValueKind::Bool:
      return Type::boolean();
    case ValueKind::List:
    case ValueKind::Set:
    case ValueKind::Map: {
      std::vector<Type> types;
      if (v.kind() == ValueKind::Map) {
        for (const auto& [k, e] : v.attributes()) types.push_back(type_of(e));
      } else {
        for (const Value& e : v.elements()) types.push_back(type_of(e));
      }
      Type element = unify_list(types).value_or(Type::any());
      if (v.kind() == ValueKind::List) return Type::list(std::move(element));
      if (v.kind() == ValueKind::Set) return Type::set(std::move(element));
      return Type::map(std::move(element));
    }
    case ValueKind::Tuple: {
      std::vector<Type> types;
      for (const Value& e : v.elements()) types.push_back(type_of(e));
      return Type::tuple(std::move(types));
    }
    case ValueKind::Object: {
      std::vector<ObjectAttr> attrs;
      for (const auto& [k, e] : v.attributes()) attrs.push_back(ObjectAttr::of(k, type_of(e)));
      return Type::object(std::move(attrs));
    }
  }
  return Type::any();
}

std::optional<Type> unify_types(const Type& a, const Type& b) {
  if (a == b) return a;
  if (a.kind == TypeKind::Any) return b;
  if (b.kind == TypeKind::Any) return a;
  if (a.is_primitive() && b.is_primitive()) {
    if (a.kind == TypeKind::String || b.kind == TypeKind::String) return Type::string();
    return std::nullopt;  // number and bool have no common type
  }
  auto is_seq = [](const Type& t) {
    return t.kind == TypeKind::List || t.kind == TypeKind::Set || t.kind == TypeKind::Tuple;
  };
  auto is_mapping = [](const Type& t) {
    return t.kind == TypeKind::Map || t.kind == TypeKind::Object;
  };
  if (is_seq(a) && is_seq(b)) {
    if (a.kind == TypeKind::Tuple && b.kind == TypeKind::Tuple &&
        a.elements.size() == b.elements.size()) {
      std::vector<Type> out;
      bool ok = true;
      for (size_t i = 0; i < a.elements.size() && ok; ++i) {
        std::optional<Type> u = unify_types(a.elements[i], b.elements[i]);
        if (u) out.push_back(std::move(*u));
        ok = u.has_value();
      }
      if (ok) return Type::tuple(std::move(out));
    }
    std::vector<Type> all = a.elements;
    all.insert(all.end(), b.elements.begin(), b.elements.end());
    std::optional<Type> element = unify_list(all);
    if (!element) return std::nullopt;
    if (a.kind == TypeKind::Set && b.kind == TypeKind::Set) return Type::set(std::move(*element));
    return Type::list(std::move(*element));
  }
  if (is_mapping(a) && is_mapping(b)) {
    if (a.kind == TypeKind::Object && b.kind == TypeKind::Object &&
        a.attrs.size() == b.attrs.size()) {
      std::vector<ObjectAttr> out;
      bool ok = true;
      for (size_t i = 0; i < a.attrs.size() && ok; ++i) {
        ok = a.attrs[i].name == b.attrs[i].name;
        if (!ok) break;
        std::optional<Type> u = unify_types(a.attrs[i].type, b.attrs[i].type);
        if (u) out.push_back(ObjectAttr::of(a.attrs[i].name, std::move(*u)));
        ok = u.has_value();
      }
      if (ok) return Type::object(std::move(out));
    }
    std::vector<Type> all = a.elements;
    all.insert(all.end(), b.elements.begin(), b.elements.end());
    for (const ObjectAttr& x : a.attrs) all.push_back(x.type);
    for (const ObjectAttr& x : b.attrs) all.push_back(x.type);
    std::optional<Type> element = unify_list(all);
    if (!element) return std::nullopt;
    return Type::map(std::move(*element));
  }
  return std::nullopt;
}

std::optional<double> parse_number(std::string_view text) {
  // Strict decimal syntax: optional minus, digits, optional fraction, optional exponent.
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  size_t int_digits = digits();
  size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    frac_digits = digits();
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  double out = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), out);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

}  // namespace fedplan
