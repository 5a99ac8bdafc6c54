// Internal to the functions_*.cc files: parameter builders, small result helpers, UTF-8
// helpers, and the per-theme lists that functions.cc joins into the registry.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lang/functions.h"

namespace fedplan::fn {

// Flags for param(): what the implementation handles itself.
enum ParamFlag : unsigned { kNull = 1, kUnknown = 2, kMarked = 4 };

inline FunctionParam param(std::string name, Type type, unsigned flags = 0) {
  return FunctionParam{std::move(name), std::move(type), (flags & kNull) != 0,
                       (flags & kUnknown) != 0, (flags & kMarked) != 0};
}

using Args = std::span<const Value>;

// A function with fixed parameters; set variadic/min_args/max_args on the result if needed.
inline Function make_function(const char* name, const char* summary,
                              std::vector<FunctionParam> params, FunctionImpl impl,
                              ValueKind result = ValueKind::String) {
  Function f;
  f.name = name;
  f.summary = summary;
  f.params = std::move(params);
  f.result_kind = result;
  f.impl = impl;
  return f;
}

inline FunctionResult ok(Value v) {
  return FunctionResult::of(std::move(v));
}

inline FunctionResult fail(int arg, std::string message) {
  return FunctionResult::fail(arg, std::move(message));
}

// Carries the sensitive mark of `from` (only its own, not its elements') over to `v`.
inline Value keep_sensitive(Value v, const Value& from) {
  return from.sensitive() ? v.mark_sensitive() : v;
}

// A sequence value of the same family as `like`: list stays list, tuple stays tuple, and a
// set becomes a list (its order is meaningful once taken apart).
Value same_sequence(const Value& like, ValueList items);

// Builds a list when every element has one type, else a tuple.
Value list_or_tuple(ValueList items);

// Whether `n` is a whole number, and its value as an integer.
bool whole_number(double n, long long* out);

// The code points of `s` as substrings (an ill-formed byte counts as one character).
std::vector<std::string_view> utf8_chars(std::string_view s);
// How many code points utf8_chars(s) would give, without building them (16 bytes each).
size_t utf8_count(std::string_view s);

// `path` resolved against ctx.base_dir unless absolute, and read through ctx.read_file
// (or the disk). On failure `error` says why.
bool read_file(const FunctionContext& ctx, const std::string& path, std::string* resolved,
               std::string* contents, std::string* error);

// replace()'s /pattern/ form: every match of `pattern` in `s` (RE2 syntax, as Terraform's) replaced
// by `with`, its $1, ${1} and ${name} expanded (functions_regex.cc).
FunctionResult regex_replace(const std::string& s, const std::string& pattern,
                             const std::string& with);

// The functions of each theme, appended to `out`.
void add_string_functions(std::vector<Function>* out);
void add_regex_functions(std::vector<Function>* out);
void add_format_functions(std::vector<Function>* out);
void add_collection_functions(std::vector<Function>* out);
void add_combine_functions(std::vector<Function>* out);
void add_sequence_functions(std::vector<Function>* out);
void add_conversion_functions(std::vector<Function>* out);
void add_encoding_functions(std::vector<Function>* out);
void add_textcodec_functions(std::vector<Function>* out);
void add_network_functions(std::vector<Function>* out);
void add_filesystem_functions(std::vector<Function>* out);
void add_number_functions(std::vector<Function>* out);

}  // namespace fedplan::fn
