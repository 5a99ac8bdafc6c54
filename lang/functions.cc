// The function registry and call_function(): argument count, null, type conversion, unknown
// and sensitive handling shared by every built-in, plus helpers the themes share.
#include "lang/functions.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "base/files.h"
#include "base/suggest.h"
#include "base/unique_fd.h"
#include "base/utf8.h"
#include "lang/functions_util.h"

namespace fedplan {
namespace {

// can() and try() take expressions, not values: the evaluator runs them (eval_try.cc). They
// are listed so that names, suggestions and the manual know them; calling them here is refused.
FunctionResult expression_only(std::span<const Value>, const FunctionContext&) {
  return fn::fail(-1, "it takes expressions and is evaluated by the expression evaluator");
}

void add_expression_functions(std::vector<Function>* out) {
  const unsigned kAll = fn::kNull | fn::kUnknown | fn::kMarked;
  out->push_back(fn::make_function("can", "Whether an expression evaluates without an error.",
                                   {fn::param("expression", Type::any(), kAll)}, expression_only,
                                   ValueKind::Bool));
  Function t =
      fn::make_function("try", "The first of its expressions that evaluates without an error.", {},
                        expression_only, ValueKind::Dynamic);
  t.variadic = fn::param("expressions", Type::any(), kAll);
  t.min_args = 1;
  out->push_back(std::move(t));
}

// Built once, never modified: the registry sorted by name.
const std::vector<Function>& registry() {
  static const std::vector<Function> functions = [] {
    std::vector<Function> out;
    fn::add_string_functions(&out);
    fn::add_regex_functions(&out);
    fn::add_format_functions(&out);
    fn::add_collection_functions(&out);
    fn::add_combine_functions(&out);
    fn::add_sequence_functions(&out);
    fn::add_conversion_functions(&out);
    fn::add_encoding_functions(&out);
    fn::add_textcodec_functions(&out);
    fn::add_network_functions(&out);
    fn::add_filesystem_functions(&out);
    fn::add_number_functions(&out);
    add_expression_functions(&out);
    std::sort(out.begin(), out.end(),
              [](const Function& a, const Function& b) { return a.name < b.name; });
    return out;
  }();
  return functions;
}

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

const Function* find_function(std::string_view name) {
  const std::vector<Function>& all = registry();
  auto it = std::lower_bound(all.begin(), all.end(), name,
                             [](const Function& f, std::string_view n) { return f.name < n; });
  return it != all.end() && it->name == name ? &*it : nullptr;
}

std::vector<std::string> function_names() {
  std::vector<std::string> out;
  for (const Function& f : registry()) out.push_back(f.name);
  return out;
}

std::string suggest_function(std::string_view name) {
  return suggest(name, function_names()).value_or("");
}

FunctionResult call_function(const Function& fn, std::span<const Value> args,
                             const FunctionContext& ctx) {
  size_t min_args = std::max(fn.min_args, fn.params.size());
  size_t max_args = fn.max_args >= 0 ? static_cast<size_t>(fn.max_args)
                    : fn.variadic    ? SIZE_MAX
                                     : fn.params.size();
  if (args.size() < min_args) {
    std::string missing = args.size() < fn.params.size() ? fn.params[args.size()].name
                                                         : (fn.variadic ? fn.variadic->name : "");
    return fn::fail(-1, "Not enough arguments for function \"" + fn.name + "\": it needs " +
                            (min_args == max_args ? "" : "at least ") +
                            plural(min_args, "argument") + "; missing a value for \"" + missing +
                            "\".");
  }
  if (args.size() > max_args) {
    return fn::fail(static_cast<int>(max_args), "Too many arguments for function \"" + fn.name +
                                                    "\": it takes " +
                                                    (min_args == max_args ? "" : "at most ") +
                                                    plural(max_args, "argument") + ".");
  }
  std::vector<Value> prepared;
  prepared.reserve(args.size());
  bool sensitive = false;
  bool unknown = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const FunctionParam& p = i < fn.params.size() ? fn.params[i] : *fn.variadic;
    Value a = args[i];
    if (!p.allow_marked) {
      sensitive = sensitive || a.contains_sensitive();
      a = a.unmarked_deep();
    }
    if (a.is_null()) {
      if (!p.allow_null) {
        return fn::fail(static_cast<int>(i), "Invalid value for \"" + p.name +
                                                 "\" parameter: argument must not be null.");
      }
      prepared.push_back(a);
      continue;
    }
    ConvertResult c = convert(a, p.type);
    if (!c.ok()) {
      return fn::fail(static_cast<int>(i),
                      "Invalid value for \"" + p.name + "\" parameter: " + c.error + ".");
    }
    if (!p.allow_unknown && !c.value.wholly_known()) unknown = true;
    prepared.push_back(std::move(c.value));
  }
  FunctionResult r;
  if (unknown) {
    r.value = Value::unknown(fn.result_kind);
  } else {
    r = fn.impl(prepared, ctx);
    if (!r.ok()) {
      if (r.error_arg >= 0 && static_cast<size_t>(r.error_arg) < args.size()) {
        size_t i = static_cast<size_t>(r.error_arg);
        const FunctionParam& p = i < fn.params.size() ? fn.params[i] : *fn.variadic;
        r.error = "Invalid value for \"" + p.name + "\" parameter: " + r.error + ".";
      } else {
        r.error_arg = -1;
        r.error = "Call to function \"" + fn.name + "\" failed: " + r.error + ".";
      }
      r.value = Value();
      return r;
    }
  }
  if (sensitive) r.value = r.value.mark_sensitive();
  return r;
}

namespace fn {

Value same_sequence(const Value& like, ValueList items) {
  if (like.kind() == ValueKind::Tuple) return Value::tuple(std::move(items));
  return Value::list(std::move(items));
}

Value list_or_tuple(ValueList items) {
  std::optional<Type> common;
  for (const Value& v : items) {
    Type t = type_of(v);
    if (t.kind == TypeKind::Any) continue;  // null or unknown of unknown kind fits anywhere
    if (common && *common != t) return Value::tuple(std::move(items));
    common = std::move(t);
  }
  return Value::list(std::move(items));
}

bool whole_number(double n, long long* out) {
  if (!std::isfinite(n) || n != std::trunc(n) || std::fabs(n) > 9.0e18) return false;
  *out = static_cast<long long>(n);
  return true;
}

size_t utf8_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) i += std::max<size_t>(utf8_sequence_length(s, i), 1);
  return n;
}

std::vector<std::string_view> utf8_chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t len = std::max<size_t>(utf8_sequence_length(s, i), 1);
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

namespace {

// What a path names when it is not a regular file, for the message that refuses it.
const char* file_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

// Why `path` (stat'ed as `st`) is not read, or "" when it is a regular file within the limit.
std::string refusal(const std::string& path, const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return "\"" + path + "\" is a directory, not a file";
  if (!S_ISREG(st.st_mode))
    return "\"" + path + "\" is not a regular file (it is " + file_kind(st.st_mode) + ")";
  if (static_cast<uint64_t>(st.st_size) > kMaxFileSize)
    return "\"" + path + "\" is " + std::to_string(st.st_size) +
           " bytes; file() and templatefile() read at most " + std::to_string(kMaxFileSize) +
           " (64 MiB)";
  return "";
}

}  // namespace

bool read_file(const FunctionContext& ctx, const std::string& path, std::string* resolved,
               std::string* contents, std::string* error) {
  *resolved = path;
  if (!path.empty() && path[0] != '/' && !ctx.base_dir.empty() && ctx.base_dir != ".")
    *resolved = ctx.base_dir + "/" + path;
  if (ctx.read_file) return ctx.read_file(*resolved, contents, error);
  // Looked at before opening, as opening a FIFO waits for a writer and a device may act on
  // open; O_NONBLOCK and the second look cover a path swapped in between.
  struct stat st {};
  if (::stat(resolved->c_str(), &st) != 0) {
    // Terraform's words for a missing file; the OS's reason for anything else.
    *error = errno == ENOENT || errno == ENOTDIR
                 ? "no file exists at \"" + *resolved + "\""
                 : "cannot read " + *resolved + ": " + std::strerror(errno);
    return false;
  }
  if (std::string why = refusal(*resolved, st); !why.empty()) {
    *error = why;
    return false;
  }
  UniqueFd fd{::open(resolved->c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (fd.fd < 0 || ::fstat(fd.fd, &st) != 0 || !read_fd(fd.fd, contents)) {
    *error = "cannot read " + *resolved + ": " + std::strerror(errno);
    return false;
  }
  if (std::string why = refusal(*resolved, st); !why.empty()) {
    *error = why;
    return false;
  }
  // A file that grew while it was read, or a /proc file that gives no size.
  if (contents->size() > kMaxFileSize) {
    contents->clear();
    contents->shrink_to_fit();
    *error = "\"" + *resolved + "\" is more than " + std::to_string(kMaxFileSize) +
             " bytes; file() and templatefile() read at most 64 MiB";
    return false;
  }
  return true;
}

}  // namespace fn
}  // namespace fedplan
