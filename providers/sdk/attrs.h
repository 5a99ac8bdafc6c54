// Typed reads of an object's attributes (a resource config, a state, a provider block), the one
// reader every provider uses: absent and null both mean "not set", and a value of the wrong
// type is an error diagnostic that names the attribute.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "lang/types.h"
#include "lang/value.h"

namespace fedplan::sdk {

// Reads the attributes of one object: a Value, or the ValueMap of one. It points into the
// object, which must outlive it. With `diags`, a value that does not convert is reported there.
class Attrs {
 public:
  explicit Attrs(const Value& obj, Diagnostics* diags = nullptr);
  explicit Attrs(const ValueMap& attributes, Diagnostics* diags = nullptr);

  // The attribute as it is (marks kept); null when absent or when the object is not a known
  // object.
  Value get(std::string_view name) const;
  // Present and not null; an unknown value counts as set.
  bool has(std::string_view name) const;
  // Present and not wholly known (an unknown value, or a collection holding one), or the whole
  // object unknown.
  bool unknown(std::string_view name) const;

  // Typed values: nullopt when unset, not wholly known, or of a type that does not convert (then
  // an error in `diags`). Numbers and bools read as strings, and strings as numbers and bools,
  // as the language converts them; marks are dropped.
  std::optional<std::string> str(std::string_view name) const;
  std::optional<bool> boolean(std::string_view name) const;
  std::optional<double> number(std::string_view name) const;
  // A list, set or tuple of strings (no null elements).
  std::optional<std::vector<std::string>> strings(std::string_view name) const;

 private:
  const Value* find(std::string_view name) const;  // nullptr when absent or null
  // The attribute converted to `type`, when set and wholly known and it converts.
  std::optional<Value> converted(std::string_view name, const Type& type) const;
  void type_error(std::string_view name, const std::string& why) const;

  const ValueMap* attributes_ = nullptr;  // null: not a known object
  bool object_unknown_ = false;
  Diagnostics* diags_ = nullptr;
};

// Attrs(obj).get(name): the attribute, or null.
Value attr(const Value& obj, std::string_view name);

// `obj` with attributes set or replaced (an `obj` that is not a known object starts empty):
// how a provider builds a state from the one it was given.
Value with_attrs(const Value& obj, const ValueMap& changes);

}  // namespace fedplan::sdk
