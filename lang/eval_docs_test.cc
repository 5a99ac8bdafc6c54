// Checks every example in docs/language.md through the parser and evaluator, so the manual
// cannot drift from the code: `expr # => value` must print as value (debug_string), and
// `expr # error: text` must fail with a diagnostic containing text.
#include <doctest/doctest.h>

#include <fstream>

#include "lang/eval.h"
#include "lang/parser.h"
#include "lang/testing/doc_examples.h"

using namespace fedplan;

namespace {

// The values the manual says its examples run with.
EvalContext doc_context() {
  auto str = [](const char* s) { return Value::string(s); };
  auto mesh = [&](const char* peer, bool on) {
    return Value::object({{"peer", str(peer)}, {"on", Value::boolean(on)}});
  };
  auto person = [&](const char* name, const char* team) {
    return Value::object({{"name", str(name)}, {"team", str(team)}});
  };
  EvalContext ctx;
  ctx.variables["var"] = Value::object({
      {"name", str("mesh1")},
      {"ports", Value::tuple({Value::number(80), Value::number(443)})},
      {"meshes", Value::object({{"mesh1", mesh("mesh2", true)}, {"mesh2", mesh("mesh1", false)}})},
      {"people", Value::tuple({person("ann", "x"), person("bob", "y"), person("cy", "x")})},
      {"token", str("s3cret").mark_sensitive()},
      {"later", Value::unknown()},
  });
  return ctx;
}

}  // namespace

TEST_CASE("every example in docs/language.md gives the documented result") {
  std::string path = std::string(FEDPLAN_SOURCE_DIR) + "/docs/language.md";
  std::vector<DocExample> examples = read_doc_examples(path);
  CHECK(examples.size() > 50);
  EvalContext ctx = doc_context();
  for (const DocExample& ex : examples) {
    INFO("docs/language.md:" << ex.line << ": " << ex.expr);
    Diagnostics diags;
    ExprPtr e = parse_expression(ex.expr, "doc", diags);
    Value v;
    if (!diags.has_errors()) v = evaluate(*e, ctx, diags);
    std::string messages;
    for (const Diagnostic& d : diags.items) messages += d.summary + ": " + d.detail + "\n";
    if (ex.error) {
      CHECK_MESSAGE(messages.find(ex.expected) != std::string::npos, messages);
    } else {
      CHECK_MESSAGE(diags.empty(), messages);
      CHECK(debug_string(v) == ex.expected);
    }
  }
}

TEST_CASE("the heredoc and block examples of docs/language.md parse") {
  std::ifstream in(std::string(FEDPLAN_SOURCE_DIR) + "/docs/language.md");
  std::string text, block;
  bool in_block = false;
  int blocks = 0;
  while (std::getline(in, text)) {
    if (text.starts_with("```")) {
      if (in_block && block.find("# =>") == std::string::npos &&
          block.find("# error:") == std::string::npos) {
        Diagnostics diags;
        parse_file(block, "doc.fed.hcl", diags);
        INFO(block);
        CHECK(diags.empty());
        ++blocks;
      }
      in_block = text == "```hcl";
      block.clear();
      continue;
    }
    if (in_block) block += text + "\n";
  }
  CHECK(blocks >= 3);
}
