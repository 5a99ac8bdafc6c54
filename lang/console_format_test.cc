// console_format against `terraform console` itself (skipped, saying so, without terraform),
// and the cases a reader checks by eye: quoting, heredocs, marks, conversion wrappers.
#include "lang/console_format.h"

#include <doctest/doctest.h>

#include "lang/testing/syntax_test_util.h"
#include "lang/testing/terraform_console.h"

namespace fedplan {
namespace {

std::string formatted(const std::string& src) {
  std::string errors;
  Value v = testing::eval_src(src, {}, &errors);
  REQUIRE_MESSAGE(errors.empty(), errors);
  return console_format(v);
}

// Both consoles print the same for `src`; false when terraform is not installed.
bool same_as_terraform(const std::string& src) {
  std::string why;
  std::optional<std::string> tf = testing::terraform_console_print(src, &why);
  if (!tf) {
    REQUIRE_MESSAGE(why.rfind(testing::kTerraformAbsent, 0) == 0, why);
    MESSAGE("the comparison with terraform is skipped: " << why);
    return false;
  }
  CHECK_MESSAGE(formatted(src) + "\n" == *tf, "expression: " << src);
  return true;
}

}  // namespace

TEST_CASE("console values are printed as terraform console prints them") {
  // Inside one tuple, each is printed at an indent; a few again at the top level, where a
  // heredoc has no `-` and nothing is indented.
  std::vector<std::string> exprs = {
      R"("abc")",
      R"("q\"uo\\te\ttab")",
      R"("é✓ ü")",
      R"("<\u00a0>")",
      R"("\u0001")",
      "1",
      "-0.5",
      "1.5",
      "0.25",
      "1e20",
      "100 * 3",
      "true",
      "false",
      "null",
      "[]",
      "{}",
      R"([1, "a"])",
      "{ b = [true], a = 1 }",
      "tolist([1, 2])",
      R"(toset(["b", "a"]))",
      R"(tomap({ k = "v", a = "w" }))",
      "tolist([])",
      "tomap({})",
      R"("a\nb")",
      R"("a\nEOT\nb")",
      R"("x\n")",
      R"(sensitive("s"))",
      R"({ a = sensitive("x"), b = 2 })",
      "{ inner = { deep = [true, false] }, e = [], o = {} }",
      "[{ a = 1 }]",
      R"(jsondecode("{\"b\":1,\"a\":[1,2]}"))",
      R"(upper("x"))",
      R"(format("%05d", 42))",
  };
  std::string all = "[";
  for (const std::string& e : exprs) all += e + ", ";
  all += "]";
  if (!same_as_terraform(all)) return;
  for (const char* e : {R"("a\nb")", R"({ a = "x\ny" })", R"(tomap({ k = "v" }))", "1e20", R"("q")",
                        "[[1], [2, [3]]]", R"(sensitive(1))"})
    same_as_terraform(e);
}

TEST_CASE("console strings are quoted as Go quotes them") {
  CHECK(formatted(R"("a\"b\\c")") == R"("a\"b\\c")");
  CHECK(formatted(R"("tab\there")") == R"("tab\there")");
  CHECK(formatted(R"("\u0001")") == R"("\x01")");
  CHECK(formatted(R"("<\u00a0>")") == R"("<\u00a0>")");
  CHECK(formatted(R"("é")") == R"("é")");
}

TEST_CASE("console strings of several lines are heredocs") {
  CHECK(formatted(R"("a\nb")") == "<<EOT\na\nb\nEOT");
  CHECK(formatted(R"({ k = "a\nb" })") == "{\n  \"k\" = <<-EOT\n  a\n  b\n  EOT\n}");
  CHECK(formatted(R"("x\nEOT")") == "<<EOT_\nx\nEOT\nEOT_");
}

TEST_CASE("console collections show their conversion and one element per line") {
  CHECK(formatted("tolist([1, 2])") == "tolist([\n  1,\n  2,\n])");
  CHECK(formatted(R"(tomap({ k = "v" }))") == "tomap({\n  \"k\" = \"v\"\n})");
  CHECK(formatted("[]") == "[]");
  CHECK(formatted("{}") == "{}");
  CHECK(formatted("1e20") == "100000000000000000000");
}

TEST_CASE("console marks unknown and sensitive values") {
  CHECK(console_format(Value::unknown()) == "(known after apply)");
  CHECK(console_format(Value::string("x").mark_sensitive()) == "(sensitive value)");
  CHECK(console_format(Value::object({{"a", Value::unknown()}})) ==
        "{\n  \"a\" = (known after apply)\n}");
}

}  // namespace fedplan
