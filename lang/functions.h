// Built-in functions of the language (join, merge, yamldecode, format, ...): a read-only
// registry of descriptions, and call_function(), which checks and converts the arguments.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lang/types.h"
#include "lang/value.h"

namespace fedplan {

// The largest file that file() and templatefile() read; larger ones are refused before
// any of it is read.
constexpr size_t kMaxFileSize = size_t{64} << 20;

// What functions may use of the outside world; each part can be replaced in tests.
struct FunctionContext {
  // Relative paths given to file() and templatefile() are read from here (path.module).
  std::string base_dir = ".";
  // Reads a whole file; when unset, the file is read from disk.
  std::function<bool(const std::string& path, std::string* contents, std::string* error)> read_file;
  // Looks up an environment variable; when unset, the process environment is used.
  std::function<std::optional<std::string>(std::string_view name)> env;
  // Renders template text with variables for templatefile(); provided by the evaluator.
  std::function<Value(const std::string& text, const std::string& filename, const ValueMap& vars,
                      std::string* error)>
      render_template;
};

// The outcome of a call: the value, or an error and which argument it is about
// (error_arg = -1 when it is about the call as a whole).
struct FunctionResult {
  Value value;
  int error_arg = -1;
  std::string error;

  bool ok() const { return error.empty(); }
  static FunctionResult of(Value v) { return FunctionResult{std::move(v), -1, {}}; }
  static FunctionResult fail(int arg, std::string message) {
    return FunctionResult{Value(), arg, std::move(message)};
  }
};

// One parameter: its name (used in messages), its type constraint (arguments are converted
// to it before the implementation runs) and what the implementation can handle itself.
struct FunctionParam {
  std::string name;
  Type type;
  bool allow_null = false;     // otherwise a null argument is an error
  bool allow_unknown = false;  // otherwise an argument with unknown parts makes the result unknown
  bool allow_marked = false;   // otherwise marks are removed and the result made sensitive
};

using FunctionImpl = FunctionResult (*)(std::span<const Value> args, const FunctionContext& ctx);

// A built-in function. Arguments beyond `params` match `variadic`; min_args/max_args bound the
// total count (max_args < 0: no bound). `result_kind` is the kind of the unknown result
// returned when an argument is unknown.
struct Function {
  std::string name;
  std::string summary;
  std::vector<FunctionParam> params;
  std::optional<FunctionParam> variadic;
  size_t min_args = 0;
  int max_args = -1;
  ValueKind result_kind = ValueKind::Dynamic;
  FunctionImpl impl = nullptr;
};

// The function called `name`, or nullptr.
const Function* find_function(std::string_view name);

// Every function name, sorted.
std::vector<std::string> function_names();

// The closest function name to a misspelt one ("lenght" -> "length"), or "" when none is close.
std::string suggest_function(std::string_view name);

// Calls `fn` the way the evaluator does: checks the argument count, rejects nulls, converts
// each argument to its parameter type, short-circuits unknowns, strips and re-applies
// sensitive marks, then runs the implementation. Errors read
//   Invalid value for "list" parameter: list of string required, got number.
//   Call to function "file" failed: no file exists at "x.txt".
FunctionResult call_function(const Function& fn, std::span<const Value> args,
                             const FunctionContext& ctx);

}  // namespace fedplan
