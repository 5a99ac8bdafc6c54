// libFuzzer target for templates: the input is a template file rendered by templatefile() (with
// the variables a module would pass), and the same text as a quoted string's template.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lang/eval.h"
#include "lang/parser.h"
#include "lang/template.h"
#include "tests/fuzz/testing/sealed_scope.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  fedplan::fuzz::FakeDisk disk = fedplan::fuzz::sample_disk();
  disk["fuzz.tpl"] = text;
  fedplan::EvalContext ctx = fedplan::fuzz::sealed_context(&disk);
  // As templatefile() renders it: its own variables only, nested templatefile() calls allowed.
  fedplan::Diagnostics diags;
  fedplan::render_template(text, "fuzz.tpl", ctx.variables, ctx.functions, diags);
  // Through the function, which checks the variables and carries the marks.
  fedplan::Diagnostics cdiags;
  fedplan::ExprPtr call =
      fedplan::parse_expression("templatefile(\"fuzz.tpl\", o)", "call.fed.hcl", cdiags);
  fedplan::evaluate(*call, ctx, cdiags);
  // As a template inside an expression, where every variable is in scope.
  fedplan::Diagnostics tdiags;
  fedplan::ExprPtr tmpl = fedplan::parse_template(text, "fuzz.tpl", tdiags);
  if (!tdiags.has_errors()) fedplan::evaluate(*tmpl, ctx, tdiags);
  return 0;
}
