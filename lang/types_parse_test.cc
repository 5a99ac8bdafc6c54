// Tests for parse_type_expr(): keywords, constructors, optional attributes with defaults,
// and the errors for quoted, unknown or malformed type expressions.
#include "lang/types_parse.h"

#include <doctest/doctest.h>

#include "lang/parser.h"

using namespace fedplan;

namespace {
// Parses `text` as an expression and then as a type; `diags` gets both steps' findings.
Type type_from(const std::string& text, Diagnostics& diags, const TypeDefaultEvaluator& eval = {}) {
  ExprPtr e = parse_expression(text, "t.fed.hcl", diags);
  REQUIRE_FALSE(diags.has_errors());
  return parse_type_expr(*e, diags, eval);
}

Type ok_type(const std::string& text) {
  Diagnostics diags;
  Type t = type_from(text, diags);
  CHECK_MESSAGE(diags.empty(), text);
  return t;
}

// The first error's detail for a type expression that must fail.
std::string type_error(const std::string& text) {
  Diagnostics diags;
  type_from(text, diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary == "Invalid type specification");
  return diags.items[0].detail;
}
}  // namespace

TEST_CASE("type keywords") {
  CHECK(ok_type("string") == Type::string());
  CHECK(ok_type("number") == Type::number());
  CHECK(ok_type("bool") == Type::boolean());
  CHECK(ok_type("any") == Type::any());
  CHECK(ok_type("list") == Type::list(Type::any()));
  CHECK(ok_type("(map)") == Type::map(Type::any()));
}

TEST_CASE("type constructors nest") {
  CHECK(ok_type("list(string)") == Type::list(Type::string()));
  CHECK(ok_type("set(number)") == Type::set(Type::number()));
  CHECK(ok_type("map(list(bool))") == Type::map(Type::list(Type::boolean())));
  CHECK(ok_type("tuple([string, number])") == Type::tuple({Type::string(), Type::number()}));
  CHECK(ok_type("object({})") == Type::object({}));
  Type t = ok_type("object({ name = string, \"ports\" = list(number) })");
  CHECK(t == Type::object({ObjectAttr::of("name", Type::string()),
                           ObjectAttr::of("ports", Type::list(Type::number()))}));
  CHECK(t.to_string() == "object({ name = string, ports = list(number) })");
}

TEST_CASE("optional object attributes with and without defaults") {
  Type t =
      ok_type("object({ name = string, port = optional(number, \"80\"), tls = optional(bool) })");
  const ObjectAttr* port = t.attr("port");
  REQUIRE(port);
  CHECK(port->optional);
  REQUIRE(port->default_value);
  CHECK(*port->default_value == Value::number(80));  // converted to the attribute's type
  CHECK(t.attr("tls")->optional);
  CHECK_FALSE(t.attr("tls")->default_value);
  CHECK_FALSE(t.attr("name")->optional);
  Type l = ok_type("object({ tags = optional(list(string), [\"a\"]) })");
  CHECK(*l.attr("tags")->default_value == Value::list({Value::string("a")}));
  Type o = ok_type("object({ meta = optional(map(string), { app = \"x\" }) })");
  CHECK(*o.attr("meta")->default_value == Value::map({{"app", Value::string("x")}}));
}

TEST_CASE("a default that is not a constant needs an evaluator") {
  CHECK(type_error("object({ a = optional(string, var.x) })").find("must be a constant") !=
        std::string::npos);
  Diagnostics diags;
  int calls = 0;
  Type t = type_from("object({ a = optional(string, var.x) })", diags,
                     [&](const Expr&, Diagnostics&) -> std::optional<Value> {
                       ++calls;
                       return Value::string("from-eval");
                     });
  CHECK(diags.empty());
  CHECK(calls == 1);
  CHECK(*t.attr("a")->default_value == Value::string("from-eval"));
}

TEST_CASE("type expression errors") {
  CHECK(type_error("\"string\"").find("without quotes") != std::string::npos);
  CHECK(type_error("strng") == "The keyword \"strng\" is not a type. Did you mean \"string\"?");
  CHECK(type_error("var.x").find("single name") != std::string::npos);
  CHECK(type_error("lst(string)") == "\"lst\" is not a type constructor.");
  CHECK(type_error("list(string, number)").find("exactly one argument") != std::string::npos);
  CHECK(type_error("optional(string)").find("attribute of an object type") != std::string::npos);
  CHECK(type_error("tuple(string)").find("list of types") != std::string::npos);
  CHECK(type_error("object(string)").find("object of attribute types") != std::string::npos);
  CHECK(type_error("object({ a = string, a = number })").find("more than once") !=
        std::string::npos);
  CHECK(type_error("object({ p = optional(number, \"x\") })")
            .find("does not match the attribute's type") != std::string::npos);
  CHECK(type_error("1 + 2").find("type keyword") != std::string::npos);
}

TEST_CASE("type errors point at the offending part") {
  Diagnostics diags;
  type_from("map(strng)", diags);
  REQUIRE(diags.has_errors());
  REQUIRE(diags.items[0].range);
  CHECK(diags.items[0].range->start.column == 5);
  CHECK(diags.items[0].range->end.column == 10);
}
