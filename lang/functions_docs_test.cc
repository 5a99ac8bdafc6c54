// Checks every example in docs/functions.md through the parser and evaluator, so the manual
// cannot drift from the code: `expr # => value` must print as value, `expr # error: text`
// must fail with a message containing text.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "base/files.h"
#include "lang/eval.h"
#include "lang/parser.h"
#include "lang/testing/doc_examples.h"

using namespace fedplan;

namespace {

// The world the examples assume: one environment variable and two files.
EvalContext example_context(const std::map<std::string, std::string>* files) {
  EvalContext ctx;
  ctx.functions.base_dir = "/mod";
  ctx.functions.read_file = [files](const std::string& path, std::string* contents,
                                    std::string* error) {
    auto it = files->find(path);
    if (it == files->end()) {
      *error = "no file exists at \"" + path + "\"";
      return false;
    }
    *contents = it->second;
    return true;
  };
  ctx.functions.env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "MESH1_KUBECONFIG") return "/home/me/.kube/mesh1";
    return std::nullopt;
  };
  return ctx;
}

}  // namespace

TEST_CASE("every example in docs/functions.md gives the documented result") {
  std::vector<DocExample> examples = read_doc_examples(FEDPLAN_SOURCE_DIR "/docs/functions.md");
  CHECK(examples.size() > 80);
  std::map<std::string, std::string> files = {{"/mod/ca.pem", "PEM DATA"},
                                              {"/mod/peer.tpl", "peer: ${name}"}};
  EvalContext ctx = example_context(&files);
  for (const DocExample& ex : examples) {
    INFO("docs/functions.md:" << ex.line << ": " << ex.expr);
    Diagnostics diags;
    ExprPtr e = parse_expression(ex.expr, "example", diags);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, nullptr));
    Value v = evaluate(*e, ctx, diags);
    if (ex.error) {
      REQUIRE(diags.has_errors());
      std::string message = diags.items[0].summary + ": " + diags.items[0].detail;
      CHECK_MESSAGE(message.find(ex.expected) != std::string::npos, message);
    } else {
      CHECK_MESSAGE(!diags.has_errors(), render_diagnostics(diags, nullptr));
      CHECK(debug_string(v) == ex.expected);
    }
  }
}

TEST_CASE("every function is documented in docs/functions.md") {
  std::string doc;
  REQUIRE(read_file(FEDPLAN_SOURCE_DIR "/docs/functions.md", &doc, nullptr));
  for (const std::string& name : function_names()) {
    bool found = doc.find("### " + name + "(") != std::string::npos ||
                 doc.find(", " + name + "(") != std::string::npos;
    CHECK_MESSAGE(found, name << " has no heading in docs/functions.md");
  }
}
