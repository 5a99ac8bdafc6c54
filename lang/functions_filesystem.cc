// Functions that read the outside world through FunctionContext: env(), file() and
// templatefile(). Relative paths are taken from the module's directory.
#include <cstdlib>

#include "base/utf8.h"
#include "lang/functions_util.h"

namespace fedplan::fn {
namespace {

FunctionResult env(Args args, const FunctionContext& ctx) {
  const std::string& name = args[0].as_string();
  std::optional<std::string> found;
  if (ctx.env) {
    found = ctx.env(name);
  } else if (const char* v = std::getenv(name.c_str())) {
    found = std::string(v);
  }
  if (found) return ok(Value::string(std::move(*found)));
  return ok(args.size() > 1 ? args[1] : Value());
}

FunctionResult file(Args args, const FunctionContext& ctx) {
  std::string resolved, contents, error;
  if (!read_file(ctx, args[0].as_string(), &resolved, &contents, &error)) return fail(0, error);
  if (!is_valid_utf8(contents))
    return fail(0, "the contents of \"" + resolved + "\" are not valid UTF-8");
  return ok(Value::string(std::move(contents)));
}

bool template_var_name(const std::string& s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(s[0])) return false;
  for (char c : s)
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  return true;
}

FunctionResult templatefile(Args args, const FunctionContext& ctx) {
  const Value& vars = args[1];
  if (vars.known() && !vars.is_mapping())
    return fail(1, "a map or object is required, got " + vars.type_name());
  std::string resolved, contents, error;
  if (!read_file(ctx, args[0].as_string(), &resolved, &contents, &error)) return fail(0, error);
  if (!vars.known()) return ok(keep_sensitive(Value::unknown(ValueKind::String), vars));
  for (const auto& [k, v] : vars.attributes()) {
    if (!template_var_name(k))
      return fail(1, "invalid template variable name \"" + k +
                         "\": it must start with a letter and contain only letters, digits, "
                         "underscores and dashes");
  }
  if (!ctx.render_template) return fail(-1, "templates cannot be rendered here");
  Value out = ctx.render_template(contents, resolved, vars.attributes(), &error);
  if (!error.empty()) return fail(-1, error);
  return ok(keep_sensitive(out, vars));
}

}  // namespace

void add_filesystem_functions(std::vector<Function>* out) {
  Type str = Type::string();
  Function e = make_function("env", "An environment variable, or the default (null) when unset.",
                             {param("name", str)}, env);
  e.variadic = param("default", Type::any(), kNull | kUnknown | kMarked);
  e.max_args = 2;
  out->push_back(std::move(e));
  out->push_back(make_function("file", "The contents of a UTF-8 file, relative to the module.",
                               {param("path", str)}, file));
  out->push_back(make_function("templatefile", "Renders a template file with the given variables.",
                               {param("path", str), param("vars", Type::any(), kUnknown | kMarked)},
                               templatefile));
}

}  // namespace fedplan::fn
