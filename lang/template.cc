// templatefile() support: parse a template file and render it with a map of variables.
// Nested templatefile() calls carry a depth so a template that includes itself stops.
#include "lang/template.h"

#include "lang/parser.h"

namespace fedplan {

namespace {

// Enough for templates that include templates; a self-including template stops here.
constexpr int kMaxTemplateDepth = 8;

}  // namespace

Value render_template(std::string_view text, const std::string& filename, const ValueMap& vars,
                      const FunctionContext& functions, Diagnostics& diags, int depth) {
  if (depth > kMaxTemplateDepth) {
    diags.error("Templates nested too deeply",
                "templatefile() was called inside templates more than " +
                    std::to_string(kMaxTemplateDepth) + " levels deep while rendering \"" +
                    filename + "\"; does a template include itself?");
    return Value::unknown(ValueKind::String);
  }
  size_t before = diags.size();
  ExprPtr tmpl = parse_template(text, filename, diags);
  bool parse_failed = false;
  for (size_t i = before; i < diags.size(); ++i)
    if (diags.items[i].severity == Severity::Error) parse_failed = true;
  if (parse_failed) return Value::unknown(ValueKind::String);
  EvalContext ctx;
  ctx.variables = vars;
  ctx.functions = functions;
  ctx.functions.render_template = template_renderer(functions, depth + 1);
  ctx.template_depth = depth;
  Value v = evaluate(*tmpl, ctx, diags);
  if (v.known() && v.kind() != ValueKind::String) {
    // Only reachable if the template is not a plain template; keep the contract.
    diags.error("Invalid template result", "A template file must produce a string.",
                tmpl->span.range());
    return Value::unknown(ValueKind::String);
  }
  return v;
}

std::function<Value(const std::string&, const std::string&, const ValueMap&, std::string*)>
template_renderer(const FunctionContext& functions, int depth) {
  // Copy only what rendering needs, not the caller's own render_template (avoids a chain of
  // nested std::function copies).
  FunctionContext base;
  base.base_dir = functions.base_dir;
  base.read_file = functions.read_file;
  base.env = functions.env;
  return [base, depth](const std::string& text, const std::string& filename, const ValueMap& vars,
                       std::string* error) -> Value {
    Diagnostics diags;
    Value v = render_template(text, filename, vars, base, diags, depth);
    if (diags.has_errors() && error) {
      std::string msg;
      for (const Diagnostic& d : diags.items) {
        if (d.severity != Severity::Error) continue;
        if (!msg.empty()) msg += "; ";
        msg += short_diagnostic(d);
        if (!d.detail.empty()) msg += ": " + d.detail;
      }
      *error = msg;
    }
    return v;
  };
}

}  // namespace fedplan
