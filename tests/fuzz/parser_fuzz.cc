// libFuzzer target for the language front end: lexes and parses the input as a *.fed.hcl file
// and as a template file, then evaluates every attribute and the template in an empty scope.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "lang/eval.h"
#include "lang/parser.h"
#include "lang/references.h"

namespace {

// Functions must not touch the machine: no files, no environment.
fedplan::EvalContext sealed_context() {
  fedplan::EvalContext ctx;
  ctx.functions.read_file = [](const std::string&, std::string*, std::string* error) {
    *error = "no files in the fuzzer";
    return false;
  };
  ctx.functions.env = [](std::string_view) { return std::optional<std::string>(); };
  ctx.max_iterations = 100000;
  return ctx;
}

void evaluate_body(const fedplan::Body& root, const fedplan::EvalContext& ctx,
                   fedplan::Diagnostics& diags) {
  std::vector<const fedplan::Body*> bodies{&root};
  while (!bodies.empty()) {
    const fedplan::Body* b = bodies.back();
    bodies.pop_back();
    for (const fedplan::Attribute& a : b->attributes) {
      fedplan::evaluate(*a.expr, ctx, diags);
      for (const fedplan::Traversal& t : fedplan::references(*a.expr)) (void)t.to_string();
      (void)fedplan::as_traversal(*a.expr);
    }
    for (const fedplan::Block& blk : b->blocks) bodies.push_back(&blk.body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const fedplan::EvalContext ctx = sealed_context();
  fedplan::Diagnostics diags;
  fedplan::File file = fedplan::parse_file(text, "fuzz.fed.hcl", diags);
  evaluate_body(file.body, ctx, diags);
  fedplan::Diagnostics tdiags;
  fedplan::ExprPtr tmpl = fedplan::parse_template(text, "fuzz.tpl", tdiags);
  if (!tdiags.has_errors()) fedplan::evaluate(*tmpl, ctx, tdiags);
  return 0;
}
