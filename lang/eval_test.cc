// Evaluator tests: one case per evaluation rule, and golden texts for evaluation errors.
#include "lang/eval.h"

#include <doctest/doctest.h>

#include "lang/parser.h"
#include "lang/testing/syntax_test_util.h"

using namespace fedplan;
using fedplan::testing::eval_errors;
using fedplan::testing::eval_src;

namespace {

ValueMap sample_vars() {
  ValueMap vars;
  vars["obj"] = Value::object({{"name", Value::string("n")}, {"port", Value::number(80)}});
  vars["m"] = Value::map({{"a", Value::string("x")}, {"b", Value::string("y")}});
  vars["l"] = Value::list({Value::number(1), Value::number(2), Value::number(3)});
  vars["t"] = Value::tuple({Value::string("a"), Value::number(1)});
  vars["s"] = Value::set({Value::string("q"), Value::string("p")});
  vars["str"] = Value::string("hello");
  vars["n"] = Value::null();
  vars["people"] = Value::tuple({
      Value::object({{"name", Value::string("ann")}, {"team", Value::string("x")}}),
      Value::object({{"name", Value::string("bob")}, {"team", Value::string("y")}}),
      Value::object({{"name", Value::string("cy")}, {"team", Value::string("x")}}),
  });
  return vars;
}

// Evaluates `src` with the sample variables and prints the result; errors fail the check.
std::string ev(std::string_view src) {
  std::string errors;
  Value v = eval_src(src, sample_vars(), &errors);
  INFO(errors);
  CHECK(errors.empty());
  return debug_string(v);
}

}  // namespace

TEST_CASE("literals, lists and objects evaluate to tuples and objects") {
  CHECK(ev("1.5") == "1.5");
  CHECK(ev("[1, \"a\", true, null]") == "[1, \"a\", true, null]");
  CHECK(eval_src("[1, 2]", {}, nullptr).kind() == ValueKind::Tuple);
  CHECK(ev("{ a = 1, \"b c\" = 2, (str) = 3, 4 = 5 }") ==
        "{ \"4\" = 5, \"a\" = 1, \"b c\" = 2, \"hello\" = 3 }");
  CHECK(eval_src("{ a = 1 }", {}, nullptr).kind() == ValueKind::Object);
}

TEST_CASE("references read variables, attributes and indices") {
  CHECK(ev("obj.name") == "\"n\"");
  CHECK(ev("obj[\"port\"]") == "80");
  CHECK(ev("m.a") == "\"x\"");
  CHECK(ev("m[\"b\"]") == "\"y\"");
  CHECK(ev("l[1]") == "2");
  CHECK(ev("l.2") == "3");
  CHECK(ev("l[\"0\"]") == "1");
  CHECK(ev("t[0]") == "\"a\"");
  CHECK(ev("people[1].name") == "\"bob\"");
  CHECK(ev("people[length(l) - 2].team") == "\"y\"");
  CHECK(ev("m[obj.name == \"n\" ? \"a\" : \"b\"]") == "\"x\"");
  CHECK(ev("{ a = [10, 20] }.a[1]") == "20");
}

TEST_CASE("string templates convert numbers and bools, a lone interpolation keeps its type") {
  CHECK(ev("\"${str} ${obj.port} ${true} ${1.5}\"") == "\"hello 80 true 1.5\"");
  CHECK(ev("\"${l}\"") == "[1, 2, 3]");
  CHECK(ev("\"%{ if obj.port > 10 }big%{ else }small%{ endif }\"") == "\"big\"");
  CHECK(ev("\"%{ for i, x in l }${i}:${x};%{ endfor }\"") == "\"0:1;1:2;2:3;\"");
  CHECK(ev("\"%{ for k, v in m }${k}=${v} %{ endfor }\"") == "\"a=x b=y \"");
  CHECK(ev("\"%{ for x in l }%{ if x != 2 }${x}%{ endif }%{ endfor }\"") == "\"13\"");
  CHECK(ev("<<EOT\nname: ${obj.name}\n%{ for p in people ~}\n- ${p.name}\n%{ endfor ~}\nEOT") ==
        "\"name: n\\n- ann\\n- bob\\n- cy\\n\"");
}

TEST_CASE("arithmetic, comparison and logic with HCL precedence") {
  CHECK(ev("1 + 2 * 3") == "7");
  CHECK(ev("(1 + 2) * 3") == "9");
  CHECK(ev("7 % 4 - 10 / 4") == "0.5");
  CHECK(ev("\"5\" + 1") == "6");
  CHECK(ev("-obj.port") == "-80");
  CHECK(ev("1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 4 == false") == "true");
  CHECK(ev("1 == \"1\"") == "false");
  CHECK(ev("[1, 2] == [1, 2]") == "true");
  CHECK(ev("obj != { name = \"n\", port = 80 }") == "false");
  CHECK(ev("!true || !false") == "true");
}

TEST_CASE("&& and || do not evaluate the right side when the left decides") {
  CHECK(ev("false && nosuch.x") == "false");
  CHECK(ev("true || 1 / 0 == 1") == "true");
  CHECK(ev("n != null && n.x") == "false");
}

TEST_CASE("conditionals report the errors of the chosen result only") {
  CHECK(ev("true ? 1 : nosuch") == "1");
  CHECK(ev("length(l) > 5 ? l[5] : \"none\"") == "\"none\"");
  CHECK(ev("\"true\" ? \"yes\" : \"no\"") == "\"yes\"");
}

TEST_CASE("a conditional's result has the type both results unify to") {
  CHECK(ev("true ? 1 : \"two\"") == "\"1\"");
  CHECK(ev("false ? 1 : \"two\"") == "\"two\"");
  CHECK(ev("false ? \"a\" : true") == "\"true\"");
  CHECK(ev("true ? [1] : [\"a\"]") == "[\"1\"]");
  // Tuples of different lengths unify to a list, objects of different keys to a map.
  Value v = eval_src("true ? [1, 2] : [\"a\"]", sample_vars(), nullptr);
  CHECK(v.kind() == ValueKind::List);
  CHECK(debug_string(v) == "[\"1\", \"2\"]");
  v = eval_src("true ? { a = 1 } : { b = \"x\" }", sample_vars(), nullptr);
  CHECK(v.kind() == ValueKind::Map);
  CHECK(debug_string(v) == "{ \"a\" = \"1\" }");
  CHECK(ev("true ? { a = 1 } : { a = \"x\" }") == "{ \"a\" = \"1\" }");
  // null takes the other result's type; an erroring result does not constrain it.
  CHECK(ev("true ? null : 1") == "null");
  CHECK(ev("true ? 1 : null") == "1");
  CHECK(ev("true ? 1 : tonumber(\"x\")") == "1");
}

TEST_CASE("a conditional whose results have no common type gives the chosen one unconverted") {
  // Terraform reports "Inconsistent conditional result types" here (a listed difference).
  CHECK(ev("true ? true : 1") == "true");
  CHECK(ev("false ? [1] : [true]") == "[true]");
  CHECK(ev("false ? {} : { a = { p = 1 }, b = { q = [\"x\"] } }") ==
        "{ \"a\" = { \"p\" = 1 }, \"b\" = { \"q\" = [\"x\"] } }");
  ValueMap vars = sample_vars();
  vars["u"] = Value::unknown(ValueKind::Bool);
  Value v = eval_src("u ? true : 1", vars, nullptr);
  CHECK_FALSE(v.known());
  CHECK(v.kind() == ValueKind::Dynamic);
}

TEST_CASE("a conditional with an unknown condition is unknown of the unified kind") {
  ValueMap vars = sample_vars();
  vars["u"] = Value::unknown(ValueKind::Bool);
  Value v = eval_src("u ? 1 : \"two\"", vars, nullptr);
  CHECK_FALSE(v.known());
  CHECK(v.kind() == ValueKind::String);
  CHECK(eval_src("u ? null : null", vars, nullptr).is_null());
  CHECK(eval_src("u ? [1] : [2, 3]", vars, nullptr).kind() == ValueKind::List);
}

TEST_CASE("for expressions over lists, maps and sets, with conditions and grouping") {
  CHECK(ev("[for x in l : x * 10]") == "[10, 20, 30]");
  CHECK(ev("[for i, x in l : i]") == "[0, 1, 2]");
  CHECK(ev("[for x in l : x if x != 2]") == "[1, 3]");
  CHECK(ev("{for k, v in m : v => k}") == "{ \"x\" = \"a\", \"y\" = \"b\" }");
  CHECK(ev("[for k, v in m : \"${k}${v}\"]") == "[\"ax\", \"by\"]");
  CHECK(ev("[for v in s : v]") == "[\"p\", \"q\"]");
  CHECK(ev("{for p in people : p.team => p.name...}") ==
        "{ \"x\" = [\"ann\", \"cy\"], \"y\" = [\"bob\"] }");
  CHECK(ev("[for a in [[1, 2], [3]] : [for b in a : b * 2]]") == "[[2, 4], [6]]");
  CHECK(ev("{for k, v in { a = { x = 1 } } : k => {for k2, v2 in v : k2 => v2 + 1}}") ==
        "{ \"a\" = { \"x\" = 2 } }");
  // The loop variables shadow outer names and disappear afterwards.
  CHECK(ev("[[for str in l : str], str]") == "[[1, 2, 3], \"hello\"]");
}

TEST_CASE("splats map a traversal over every element") {
  CHECK(ev("people[*].name") == "[\"ann\", \"bob\", \"cy\"]");
  CHECK(ev("people.*.team") == "[\"x\", \"y\", \"x\"]");
  CHECK(ev("people.*.name[1]") == "\"bob\"");
  CHECK(ev("[[1, 2], [3, 4]][*][0]") == "[1, 3]");
  CHECK(ev("obj[*].name") == "[\"n\"]");
  CHECK(ev("n[*]") == "[]");
  CHECK(ev("[{ a = [{ b = 1 }, { b = 2 }] }][*].a[*].b") == "[[1, 2]]");
}

TEST_CASE("function calls, with ... expansion of the last argument") {
  CHECK(ev("length(l)") == "3");
  CHECK(ev("join(\"-\", [\"a\", \"b\"])") == "\"a-b\"");
  CHECK(ev("concat(l, [4])") == "[1, 2, 3, 4]");
  CHECK(ev("max(l...)") == "3");
  CHECK(ev("format(\"%s-%d\", [\"a\", 1]...)") == "\"a-1\"");
}

TEST_CASE("resolver and parent contexts supply root names, for names shadow them") {
  Diagnostics diags;
  ExprPtr e = parse_expression(
      "[var.a, kube_object.peer[\"m1\"].status, local.x, [for var in [1] : var]]", "t", diags);
  REQUIRE(diags.empty());
  EvalContext parent;
  parent.variables["local"] = Value::object({{"x", Value::string("lx")}});
  EvalContext ctx;
  ctx.parent = &parent;
  std::vector<std::string> asked;
  ctx.resolver = [&](const Traversal& t, Diagnostics&) -> Resolved {
    asked.push_back(t.to_string());
    if (t.root == "var") return Resolved::found(Value::object({{"a", Value::number(1)}}));
    if (t.root == "kube_object" && !t.steps.empty() && t.steps[0].name == "peer") {
      // Consumes `kube_object.peer` at once and hands back the instances.
      Value inst = Value::object({{"status", Value::string("ok")}});
      return Resolved::found(Value::object({{"m1", inst}}), 1);
    }
    return {};
  };
  Value v = evaluate(*e, ctx, diags);
  INFO(fedplan::testing::render(diags, ""));
  CHECK(diags.empty());
  CHECK(debug_string(v) == "[1, \"ok\", \"lx\", [1]]");
  CHECK(asked == std::vector<std::string>{"var.a", "kube_object.peer[\"m1\"].status", "local.x"});
}

TEST_CASE("a computed index is offered to the resolver, which may pick the element itself") {
  Diagnostics diags;
  ExprPtr e = parse_expression(
      "[r.a[1 + 1].id, r.a[local.k].id, r.b[\"k\"], r.a[7], r.a[local.gone]]", "t", diags);
  REQUIRE(diags.empty());
  EvalContext parent;
  parent.variables["local"] = Value::object({{"k", Value::number(0)}, {"gone", Value::unknown()}});
  EvalContext ctx;
  ctx.parent = &parent;
  std::vector<std::string> asked;
  Value all = Value::tuple({Value::object({{"id", Value::string("i0")}}), Value::null(),
                            Value::object({{"id", Value::string("i2")}})});
  ctx.resolver = [&](const Traversal& t, Diagnostics&) -> Resolved {
    asked.push_back(t.to_string());
    if (t.root != "r") return {};
    // Takes the index step only for r.a and an index it holds; else hands back all of r.a.
    if (t.steps.size() > 1 && t.steps[0].name == "a" &&
        t.steps[1].kind == TraversalStep::Kind::Index && t.steps[1].key.as_number() < 3)
      return Resolved::found(*all.at(static_cast<size_t>(t.steps[1].key.as_number())), 2);
    return Resolved::found(Value::object({{"a", all}}), 0);
  };
  Value v = evaluate(*e, ctx, diags);
  // r.b does not exist; r.a[7] is out of range: indexing the whole value reports it as before.
  REQUIRE(diags.size() == 2);
  CHECK(diags.items[0].summary == "Unsupported attribute");
  CHECK(diags.items[1].summary == "Invalid index");
  CHECK(debug_string(*v.at(0)) == "\"i2\"");
  CHECK(debug_string(*v.at(1)) == "\"i0\"");
  CHECK_FALSE(v.at(4)->known());
  // Known keys travel as one more step; an unknown key is not offered.
  std::string joined;
  for (const std::string& a : asked) joined += a + " ";
  CHECK(joined == "r.a[2] local.k r.a[0] r.b[\"k\"] r.a[7] local.gone r.a ");
}

TEST_CASE("a resolver that fails has reported already, a name found nowhere is suggested") {
  Diagnostics diags;
  ExprPtr e = parse_expression("[var.a, loca.x]", "t", diags);
  EvalContext ctx;
  ctx.resolver_roots = {"var", "local"};
  ctx.resolver = [](const Traversal& t, Diagnostics& d) -> Resolved {
    if (t.root != "var") return {};
    d.error("Reference to undeclared input variable", "", t.span());
    return Resolved::failed();
  };
  Value v = evaluate(*e, ctx, diags);
  REQUIRE(diags.size() == 2);
  CHECK(diags.items[0].summary == "Reference to undeclared input variable");
  CHECK(diags.items[1].summary == "Unknown variable");
  CHECK(diags.items[1].detail == "There is no variable named \"loca\". Did you mean \"local\"?");
  CHECK_FALSE(v.wholly_known());
}

TEST_CASE("functions can be switched off for a context") {
  Diagnostics diags;
  ExprPtr e = parse_expression("length([])", "t", diags);
  EvalContext ctx;
  ctx.allow_functions = false;
  evaluate(*e, ctx, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items[0].summary == "Function calls not allowed");
}

TEST_CASE("apply_steps follows literal steps of a traversal") {
  Diagnostics diags;
  ExprPtr e = parse_expression("x.a[1].b", "t", diags);
  const auto& t = e->as<ScopeTraversalExpr>()->traversal;
  Value v = Value::object(
      {{"a", Value::tuple({Value::null(), Value::object({{"b", Value::number(7)}})})}});
  CHECK(debug_string(apply_steps(v, t.steps, 0, diags)) == "7");
  CHECK(diags.empty());
}

TEST_CASE("golden: attribute and index errors with hints") {
  ValueMap vars = sample_vars();
  CHECK(eval_errors("obj.nam", vars) ==
        "Error: test.fed.hcl:1:4: Unsupported attribute\n"
        "  1 | obj.nam\n"
        "    |    ^^^^\n"
        "  This object does not have an attribute named \"nam\". Did you mean \"name\"?\n");
  CHECK(eval_errors("m.c", vars) ==
        "Error: test.fed.hcl:1:2: Missing map element\n"
        "  1 | m.c\n"
        "    |  ^^\n"
        "  This map does not have an element with the key \"c\". Did you mean \"a\"?\n");
  CHECK(eval_errors("l[5]", vars) ==
        "Error: test.fed.hcl:1:2: Invalid index\n"
        "  1 | l[5]\n"
        "    |  ^^^\n"
        "  The index 5 is out of range: the list has 3 elements.\n");
  CHECK(eval_errors("l[1.5]", vars).find("The index must be a whole number, got 1.5.") !=
        std::string::npos);
  CHECK(eval_errors("l.name", vars) ==
        "Error: test.fed.hcl:1:2: Unsupported attribute\n"
        "  1 | l.name\n"
        "    |  ^^^^^\n"
        "  Can't access attribute \"name\" on a list. To take it from one element write "
        "[0].name, or from every element write [*].name.\n");
  CHECK(eval_errors("str.x", vars).find("primitive-typed value (string)") != std::string::npos);
  CHECK(eval_errors("n.x", vars).find("Attempt to get attribute from null value") !=
        std::string::npos);
  CHECK(eval_errors("n[0]", vars).find("Attempt to index null value") != std::string::npos);
  CHECK(eval_errors("s[0]", vars).find("Elements of a set are identified only by their value") !=
        std::string::npos);
  CHECK(eval_errors("l[\"x\"]", vars).find("not by the string \"x\"") != std::string::npos);
  CHECK(eval_errors("m[l[0] + 10]", vars) ==
        "Error: test.fed.hcl:1:2: Invalid index\n"
        "  1 | m[l[0] + 10]\n"
        "    |  ^^^^^^^^^^^\n"
        "  This map does not have an element with the key \"11\".\n");
}

TEST_CASE("golden: operator, condition, iteration and key errors") {
  ValueMap vars = sample_vars();
  CHECK(eval_errors("1 + str", vars) ==
        "Error: test.fed.hcl:1:5: Invalid operand\n"
        "  1 | 1 + str\n"
        "    |     ^^^\n"
        "  Unsuitable value for right operand: a number is required, got \"hello\".\n");
  CHECK(eval_errors("str ? 1 : 2", vars) ==
        "Error: test.fed.hcl:1:1: Incorrect condition type\n"
        "  1 | str ? 1 : 2\n"
        "    | ^^^\n"
        "  The condition must be a bool, got string.\n");
  CHECK(eval_errors("n ? 1 : 2", vars).find("Null condition") != std::string::npos);
  CHECK(eval_errors("[for x in str : x]", vars) ==
        "Error: test.fed.hcl:1:11: Iteration over non-iterable value\n"
        "  1 | [for x in str : x]\n"
        "    |           ^^^\n"
        "  A string cannot be iterated; a 'for' needs a list, set, tuple, map or object.\n");
  CHECK(
      eval_errors("{for x in l : \"k\" => x}", vars).find("Two elements produced the key \"k\"") !=
      std::string::npos);
  CHECK(eval_errors("{ a = 1, a = 2 }", vars) ==
        "Error: test.fed.hcl:1:10: Duplicate object key\n"
        "  1 | { a = 1, a = 2 }\n"
        "    |          ^\n"
        "  The key \"a\" is set more than once in this object.\n");
  CHECK(eval_errors("{ (l) = 1 }", vars).find("An object key must be a string, got list") !=
        std::string::npos);
  CHECK(eval_errors("\"a${l}\"", vars) ==
        "Error: test.fed.hcl:1:5: Invalid template interpolation value\n"
        "  1 | \"a${l}\"\n"
        "    |     ^\n"
        "  Cannot include a list of number in a string template; convert it with jsonencode(), "
        "join() or format() first.\n");
  CHECK(eval_errors("\"a${n}\"", vars).find("a string template cannot include a null") !=
        std::string::npos);
}

TEST_CASE("golden: unknown names and functions, bad arguments") {
  ValueMap vars = sample_vars();
  CHECK(eval_errors("objx.name", vars) ==
        "Error: test.fed.hcl:1:1: Unknown variable\n"
        "  1 | objx.name\n"
        "    | ^^^^\n"
        "  There is no variable named \"objx\". Did you mean \"obj\"?\n");
  CHECK(eval_errors("lenght(l)", vars) ==
        "Error: test.fed.hcl:1:1: Call to unknown function\n"
        "  1 | lenght(l)\n"
        "    | ^^^^^^\n"
        "  There is no function named \"lenght\". Did you mean \"length\"?\n");
  CHECK(eval_errors("length(1)", vars).find("Error: test.fed.hcl:1:8: Invalid function argument") ==
        0);
  CHECK(eval_errors("join(\",\")", vars).find("1:1: Error in function call") != std::string::npos);
  CHECK(eval_errors("concat(l, str...)", vars) ==
        "Error: test.fed.hcl:1:11: Invalid expanding argument value\n"
        "  1 | concat(l, str...)\n"
        "    |           ^^^\n"
        "  The argument expanded with ... must be a list, set or tuple, got string.\n");
}

TEST_CASE("an error inside a larger expression is reported once") {
  ValueMap vars = sample_vars();
  Diagnostics diags;
  ExprPtr e = parse_expression("[obj.nope.x.y, \"${obj.nope}\", obj.nope + 1]", "t", diags);
  EvalContext ctx;
  ctx.variables = vars;
  Value v = evaluate(*e, ctx, diags);
  CHECK(diags.size() == 3);  // one per reference to obj.nope, none for what follows it
  CHECK_FALSE(v.wholly_known());
}

TEST_CASE("runaway nested loops stop with one error instead of hanging") {
  Diagnostics diags;
  ExprPtr e = parse_expression(
      "[for a in range(100) : [for b in range(100) : \"%{ for c in range(100) }x%{ endfor }\"]]",
      "t", diags);
  EvalContext ctx;
  ctx.max_iterations = 5000;
  Value v = evaluate(*e, ctx, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items[0].summary == "Too many iterations");
  CHECK_FALSE(v.wholly_known());
  ctx.max_iterations = 1'100'000;
  Diagnostics ok;
  CHECK(evaluate(*e, ctx, ok).size() == 100);
  CHECK(ok.empty());
}

TEST_CASE("a long flat chain of operators is not nesting") {
  std::string sum = "1";
  for (int i = 0; i < 200000; ++i) sum += " + 1";
  std::string errors;
  CHECK(eval_src(sum, {}, &errors) == Value::number(200001));
  CHECK(errors.empty());
  // Mixed precedence: each `2 * x - 1` group is one operand of the chain of `-`.
  std::string mixed = "0";
  for (int i = 0; i < 100000; ++i) mixed += " + 2 * x - 1";
  CHECK(eval_src(mixed, {{"x", Value::number(3)}}, &errors) == Value::number(500000));
  CHECK(errors.empty());
}

TEST_CASE("a long chain of || stops at the first true operand") {
  std::string any = "false";
  for (int i = 0; i < 100000; ++i) any += " || false";
  any += " || true";
  for (int i = 0; i < 100000; ++i) any += " || 1";  // not evaluated: 1 is no bool
  std::string errors;
  CHECK(eval_src(any, {}, &errors) == Value::boolean(true));
  CHECK(errors.empty());
}

TEST_CASE("an error deep in a long chain points at its operand") {
  std::string src = "1";
  for (int i = 0; i < 50000; ++i) src += " + 1";
  src += " + \"x\"";
  std::string errors;
  CHECK_FALSE(eval_src(src, {}, &errors).known());
  CHECK(errors.find("Invalid operand") != std::string::npos);
  CHECK(errors.find("Error: test.fed.hcl:1:200005") != std::string::npos);
}
