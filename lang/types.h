// Type constraints of the language (variable types, function parameters) and the conversion
// of values to them, following HCL/cty rules: primitives convert via strings, structural
// kinds convert to collections, `any` inside a collection unifies the element types.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lang/value.h"

namespace fedplan {

enum class TypeKind : uint8_t { Any, String, Number, Bool, List, Set, Map, Object, Tuple };

struct ObjectAttr;

// A type constraint such as `list(string)` or `object({ name = string, port = optional(number) })`.
// List, set and map have one element type; tuple has one per position; object has attributes.
struct Type {
  TypeKind kind = TypeKind::Any;
  std::vector<Type> elements;     // list/set/map: exactly one; tuple: one per position
  std::vector<ObjectAttr> attrs;  // object: sorted by name

  static Type any();
  static Type string();
  static Type number();
  static Type boolean();
  static Type list(Type element);
  static Type set(Type element);
  static Type map(Type element);
  static Type tuple(std::vector<Type> elements);
  static Type object(std::vector<ObjectAttr> attrs);  // sorts attrs by name

  bool is_primitive() const;
  bool is_collection() const;  // list, set, map
  const Type& element() const { return elements.at(0); }
  const ObjectAttr* attr(std::string_view name) const;
  // The kind a value of this type has; Any gives Dynamic.
  ValueKind value_kind() const;
  // True when this type is `any` or contains `any` somewhere.
  bool has_any() const;

  // The type expression as the user writes it: "list(string)", "object({name=string})".
  std::string to_string() const;
  // "list of string", "a number", used in error messages.
  std::string friendly_name() const;

  bool operator==(const Type& other) const;
  bool operator!=(const Type& other) const { return !(*this == other); }
};

// One attribute of an object type. An optional attribute may be absent from the value being
// converted; it then takes `default_value` (converted to `type`) or null.
struct ObjectAttr {
  std::string name;
  Type type;
  bool optional = false;
  std::optional<Value> default_value;

  static ObjectAttr of(std::string name, Type type);
  static ObjectAttr opt(std::string name, Type type, std::optional<Value> default_value = {});

  bool operator==(const ObjectAttr& other) const;
};

// The structural type of a value: tuple and object types for literals, `any` for null and for
// an unknown value of unknown kind, list(any) for an unknown list, and so on.
Type type_of(const Value& v);

// The common type two types convert to (string wins over number and bool; objects with
// different attributes become a map), or nullopt when there is none.
std::optional<Type> unify_types(const Type& a, const Type& b);

// The result of a conversion: the converted value, or an error naming where it failed
// ("attribute \"ports\": element 0: a number is required, got bool").
struct ConvertResult {
  Value value;
  std::string error;

  bool ok() const { return error.empty(); }
};

// Converts `v` to type `t`. Null passes as null; an unknown value stays unknown with the
// kind of `t`; marks are preserved at every level. Extra object attributes are dropped.
ConvertResult convert(const Value& v, const Type& t);

// Parses the textual form of a number the way the language does ("12", "-1.5", "1e3").
std::optional<double> parse_number(std::string_view text);

}  // namespace fedplan
