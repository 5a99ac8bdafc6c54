// Typed reading of the attributes of an object Value (a resource config, a state, the provider
// block): absent and null both mean "not set"; a wrong type becomes an error diagnostic.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "lang/value.h"

namespace fedplan::firewalld {

// Reads attributes of `obj` and reports type errors into `diags` (when not null).
struct Attrs {
  const Value& obj;
  Diagnostics* diags = nullptr;

  // The attribute's value, or nullptr when absent or null.
  const Value* raw(std::string_view name) const;
  // Present and not wholly known (an unknown value, or a collection holding one).
  bool unknown(std::string_view name) const;
  // Strings; numbers and bools convert as the language converts them.
  std::optional<std::string> str(std::string_view name) const;
  std::optional<bool> boolean(std::string_view name) const;
  std::optional<double> number(std::string_view name) const;
  // A list, set or tuple of strings.
  std::optional<std::vector<std::string>> strings(std::string_view name) const;

 private:
  void type_error(std::string_view name, const std::string& why) const;
};

// Adds `Invalid value for "attr"` with `value` shown quoted and the reason.
void invalid_value(Diagnostics& diags, std::string_view attr, std::string_view value,
                   const std::string& why);

// A list Value of strings (sorted and unique when `as_set`).
Value string_list(const std::vector<std::string>& items, bool as_set = false);

}  // namespace fedplan::firewalld
