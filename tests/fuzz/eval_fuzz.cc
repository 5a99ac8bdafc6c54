// libFuzzer target for the evaluator and every built-in function: the input is one
// expression, evaluated with variables of every kind and mark in scope (testing/sealed_scope.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lang/eval.h"
#include "lang/parser.h"
#include "lang/references.h"
#include "lang/value_json.h"
#include "tests/fuzz/testing/sealed_scope.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fedplan::fuzz::FakeDisk disk = fedplan::fuzz::sample_disk();
  static const fedplan::EvalContext ctx = fedplan::fuzz::sealed_context(&disk);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fedplan::Diagnostics diags;
  fedplan::ExprPtr e = fedplan::parse_expression(text, "fuzz.fed.hcl", diags);
  if (diags.has_errors()) return 0;
  for (const fedplan::Traversal& t : fedplan::references(*e)) (void)t.to_string();
  fedplan::Value v = fedplan::evaluate(*e, ctx, diags);
  // What the engine does with a result next: print it, encode it, compare it.
  (void)fedplan::debug_string(v);
  (void)fedplan::to_json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  (void)fedplan::unknown_mask(v);
  (void)fedplan::sensitive_mask(v);
  (void)(v == v);
  return 0;
}
