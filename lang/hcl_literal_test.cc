// Tests of hcl_literal: every value written back evaluates to itself (round trip through the
// parser and evaluator), in the layout `fedplan fmt` keeps, and secrets are never written.
#include "lang/hcl_literal.h"

#include <doctest/doctest.h>

#include "lang/format.h"
#include "lang/testing/syntax_test_util.h"
#include "lang/value_json.h"

using namespace fedplan;

namespace {

// `v` written and read back.
Value hcl_literal_round_trip(const Value& v) {
  std::string errors;
  Value back = fedplan::testing::eval_src(hcl_literal(v), {}, &errors);
  CHECK_MESSAGE(errors == "", hcl_literal(v) << "\n" << errors);
  return back;
}

}  // namespace

TEST_CASE("hcl_literal values read back as themselves, awkward strings and keys included") {
  Value v = Value::object({
      {"plain", Value::string("v1")},
      {"app.kubernetes.io/name", Value::string("reviews")},
      {"null", Value::string("a key that is a keyword")},
      {"template", Value::string("${not} %{interpolated} $$ 100%")},
      {"quotes", Value::string("say \"hi\" \\ back\ttab\rcr\x01")},
      {"script", Value::string("#!/bin/sh\necho \"${HOME}\"\nEOT\n")},
      {"no_final_newline", Value::string("a\nb")},
      {"number", Value::number(8080)},
      {"fraction", Value::number(0.25)},
      {"flag", Value::boolean(false)},
      {"nothing", Value::null()},
      {"empty_object", Value::object({})},
      {"empty_list", Value::tuple({})},
      {"ports", Value::tuple({Value::object({{"port", Value::number(80)}}),
                              Value::object({{"port", Value::number(443)}})})},
      {"args", Value::tuple({Value::string("-v"), Value::number(2), Value::boolean(true)})},
  });
  Value back = hcl_literal_round_trip(v);
  CHECK(to_json(back) == to_json(v));
}

TEST_CASE("hcl_literal lays values out as fmt would and heredocs multi-line text") {
  Value v = Value::object({{"data", Value::object({{"a.conf", Value::string("x = 1\ny = 2\n")},
                                                   {"k", Value::string("v")}})},
                           {"list", Value::tuple({Value::string("a"), Value::string("b")})}});
  std::string text = "x = " + hcl_literal(v) + "\n";
  CHECK(text ==
        "x = {\n"
        "  data = {\n"
        "    \"a.conf\" = <<EOT\n"
        "x = 1\n"
        "y = 2\n"
        "EOT\n"
        "    k = \"v\"\n"
        "  }\n"
        "  list = [\"a\", \"b\"]\n"
        "}\n");
  Diagnostics diags;
  std::optional<std::string> formatted = format_source(text, "t.fed.hcl", diags);
  REQUIRE(formatted);
  CHECK(format_source(*formatted, "t.fed.hcl", diags) == formatted);
}

TEST_CASE("hcl_literal never writes a sensitive value") {
  Value v = Value::object(
      {{"token", Value::string("s3cret").mark_sensitive()},
       {"list", Value::tuple({Value::string("p4ss").mark_sensitive(), Value::object({})})}});
  std::string text = hcl_literal(v);
  CHECK(text.find("s3cret") == std::string::npos);
  CHECK(text.find("p4ss") == std::string::npos);
  CHECK(text.find("token = null # sensitive") != std::string::npos);
  Value back = hcl_literal_round_trip(v);
  CHECK(back.get("token")->is_null());
  CHECK(back.get("list")->elements().size() == 2);
}
