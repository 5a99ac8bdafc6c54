// Parser tests for expressions: one case per grammar form, checked through the AST dump.
#include <doctest/doctest.h>

#include "lang/testing/syntax_test_util.h"

using fedplan::testing::parse_dump;

TEST_CASE("literals: numbers, bools, null and plain strings") {
  CHECK(parse_dump("42") == "42");
  CHECK(parse_dump("1.5") == "1.5");
  CHECK(parse_dump("1e3") == "1000");
  CHECK(parse_dump("2.5E-1") == "0.25");
  CHECK(parse_dump("-7") == "-7");
  CHECK(parse_dump("true") == "true");
  CHECK(parse_dump("false") == "false");
  CHECK(parse_dump("null") == "null");
  CHECK(parse_dump("\"hello\"") == "\"hello\"");
  CHECK(parse_dump("\"\"") == "\"\"");
}

TEST_CASE("string escapes are decoded") {
  CHECK(parse_dump(R"("a\nb\tc\r\"q\" \\")") == R"("a\nb\tc\r\"q\" \\")");
  CHECK(parse_dump(R"("\u00e9\U0001F600")") == "\"\u00e9\U0001F600\"");
  CHECK(parse_dump(R"("$${x} %%{y}")") == R"("${x} %{y}")");
  CHECK(parse_dump(R"("cost: $5 and 50%")") == R"("cost: $5 and 50%")");
}

TEST_CASE("interpolation builds a template, a lone interpolation wraps its value") {
  CHECK(parse_dump(R"("a ${var.b} c")") == R"((tmpl "a " var.b " c"))");
  CHECK(parse_dump(R"("${var.b}")") == "(wrap var.b)");
  CHECK(parse_dump(R"("${ "in${x}ner" }")") == R"((wrap (tmpl "in" x "ner")))");
  CHECK(parse_dump(R"("${ {a = 1}.a }")") == "(wrap (rel {a=1} .a))");
}

TEST_CASE("template directives with strip markers") {
  CHECK(parse_dump(R"("%{ if x }yes%{ else }no%{ endif }")") ==
        R"((tmpl (if x (tmpl "yes") (tmpl "no"))))");
  CHECK(parse_dump(R"("%{ for k, v in m }${k}=${v},%{ endfor }")") ==
        R"((tmpl (for k v m (tmpl k "=" v ","))))");
  CHECK(parse_dump(R"("a  ${~ x ~}  b")") == R"((tmpl "a" x "b"))");
  CHECK(parse_dump(R"("[ %{~ if c ~} x %{~ endif ~} ]")") == R"((tmpl "[" (if c (tmpl "x")) "]"))");
}

TEST_CASE("heredocs keep text verbatim, the indented form removes common indentation") {
  CHECK(parse_dump("<<EOT\nhello\n  world\nEOT\n") == R"("hello\n  world\n")");
  CHECK(parse_dump("<<EOT\nno \\n escapes, ${x}!\nEOT") == R"((tmpl "no \\n escapes, " x "!\n"))");
  CHECK(parse_dump("<<-EOT\n    a\n      b\n\n    c\n    EOT") == R"("a\n  b\n\nc\n")");
  CHECK(parse_dump("<<-EOT\n  ${x}\n  y\n  EOT") == R"((tmpl x "\ny\n"))");
  CHECK(parse_dump("<<EOT\n%{ for x in l ~}\n- ${x}\n%{ endfor ~}\nEOT") ==
        R"((tmpl (for x l (tmpl "- " x "\n"))))");
  CHECK(parse_dump("<<EOT\nEOT") == R"("")");
  CHECK(parse_dump("<<EOT\nnot the end: EOTX\nEOT") == R"("not the end: EOTX\n")");
}

TEST_CASE("references with attributes, literal indices, and legacy .0 index") {
  CHECK(parse_dump("var.x") == "var.x");
  CHECK(parse_dump("kube_object.peer[\"mesh1\"].object.spec") ==
        "kube_object.peer[\"mesh1\"].object.spec");
  CHECK(parse_dump("local.list[0]") == "local.list[0]");
  CHECK(parse_dump("local.list.0.name") == "local.list[0].name");
  CHECK(parse_dump("local.m.0.1") == "local.m[0][1]");
  CHECK(parse_dump("my-name.x") == "my-name.x");
}

TEST_CASE("computed indices become index expressions and later steps are relative") {
  CHECK(parse_dump("kube_object.peer[each.key].object") ==
        "(rel (index kube_object.peer each.key) .object)");
  CHECK(parse_dump("a[b][c]") == "(index (index a b) c)");
  CHECK(parse_dump("f(x).y[0]") == "(rel (call f x) .y[0])");
  CHECK(parse_dump("(a).b") == "(rel (paren a) .b)");
  CHECK(parse_dump("[1, 2][0]") == "(rel [1 2] [0])");
}

TEST_CASE("splats: full and attribute-only") {
  CHECK(parse_dump("a[*].b") == "(splat a (rel _ .b))");
  CHECK(parse_dump("a[*].b[0].c") == "(splat a (rel _ .b[0].c))");
  CHECK(parse_dump("a[*]") == "(splat a _)");
  CHECK(parse_dump("a.*.b") == "(attrsplat a (rel _ .b))");
  CHECK(parse_dump("a.*.b[0]") == "(rel (attrsplat a (rel _ .b)) [0])");
  CHECK(parse_dump("a[*].b[*].c") == "(splat a (splat (rel _ .b) (rel _ .c)))");
  CHECK(parse_dump("var.l[*][0]") == "(splat var.l (rel _ [0]))");
}

TEST_CASE("unary and binary operators follow HCL precedence") {
  CHECK(parse_dump("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(parse_dump("(1 + 2) * 3") == "(* (paren (+ 1 2)) 3)");
  CHECK(parse_dump("a - b - c") == "(- (- a b) c)");
  CHECK(parse_dump("a / b % c") == "(% (/ a b) c)");
  CHECK(parse_dump("a + b > c * d") == "(> (+ a b) (* c d))");
  CHECK(parse_dump("a < b == c >= d") == "(== (< a b) (>= c d))");
  CHECK(parse_dump("a == b && c != d") == "(&& (== a b) (!= c d))");
  CHECK(parse_dump("a || b && c") == "(|| a (&& b c))");
  CHECK(parse_dump("a && b || c && d") == "(|| (&& a b) (&& c d))");
  CHECK(parse_dump("!a && -b < 2") == "(&& (not a) (< (neg b) 2))");
  CHECK(parse_dump("- -1") == "1");
  CHECK(parse_dump("-a.b") == "(neg a.b)");
  CHECK(parse_dump("a <= b") == "(<= a b)");
}

TEST_CASE("conditional expressions nest to the right and bind loosest") {
  CHECK(parse_dump("a ? b : c") == "(? a b c)");
  CHECK(parse_dump("a || b ? 1 + 2 : 3") == "(? (|| a b) (+ 1 2) 3)");
  CHECK(parse_dump("a ? b : c ? d : e") == "(? a b (? c d e))");
  CHECK(parse_dump("a ? b ? 1 : 2 : 3") == "(? a (? b 1 2) 3)");
}

TEST_CASE("lists allow newlines, trailing commas and nesting") {
  CHECK(parse_dump("[]") == "[]");
  CHECK(parse_dump("[1, \"two\", [3]]") == "[1 \"two\" [3]]");
  CHECK(parse_dump("[\n  1,\n  2,\n]") == "[1 2]");
}

TEST_CASE("objects: bare, quoted and parenthesised keys, = or :, commas or newlines") {
  CHECK(parse_dump("{}") == "{}");
  CHECK(parse_dump("{ a = 1, b: 2 }") == "{a=1 b=2}");
  CHECK(parse_dump("{\n  a = 1\n  \"b c\" = 2\n\n  (var.k) = 3,\n}") ==
        "{a=1 ~\"b c\"=2 ~(paren var.k)=3}");
  CHECK(parse_dump("{ kube.a = kube.mesh1 }") == "{kube.a=kube.mesh1}");
  CHECK(parse_dump("{ for = 1, in = 2 }") == "{for=1 in=2}");
  CHECK(parse_dump("{ a = { b = [1, { c = 2 }] } }") == "{a={b=[1 {c=2}]}}");
}

TEST_CASE("for expressions in list and object form, with conditions and grouping") {
  CHECK(parse_dump("[for x in l : x * 2]") == "(forlist x l (* x 2))");
  CHECK(parse_dump("[for i, x in l : x if i > 0]") == "(forlist i x l x if (> i 0))");
  CHECK(parse_dump("{for k, v in m : v => k}") == "(forobj k v m v => k)");
  CHECK(parse_dump("{for k, v in m : v.g => k... if v.on}") ==
        "(forobj k v m v.g => k... if v.on)");
  CHECK(parse_dump("[\n  for x in l :\n  x\n]") == "(forlist x l x)");
  CHECK(parse_dump("[for a in x : [for b in a : b]]") == "(forlist a x (forlist b a b))");
  CHECK(parse_dump("{for k, v in m : k => {for k2, v2 in v : k2 => v2}}") ==
        "(forobj k v m k => (forobj k2 v2 v k2 => v2))");
}

TEST_CASE("function calls with expansion of the last argument") {
  CHECK(parse_dump("f()") == "(call f)");
  CHECK(parse_dump("join(\",\", var.l)") == "(call join \",\" var.l)");
  CHECK(parse_dump("concat(a, b...)") == "(call concat a b ...)");
  CHECK(parse_dump("f(\n  1,\n  2,\n)") == "(call f 1 2)");
  CHECK(parse_dump("list(object({ a = string }))") == "(call list (call object {a=string}))");
}

TEST_CASE("comments may appear between any tokens") {
  CHECK(parse_dump("1 /* one */ + # rest\n 2") == "(+ 1 2)");
  CHECK(parse_dump("[1, // one\n 2 /* two */, # three\n 3]") == "[1 2 3]");
  CHECK(parse_dump("f(/* no args */)") == "(call f)");
  CHECK(parse_dump("{ # c\n a = 1 // c\n /* c */ b = 2 }") == "{a=1 b=2}");
}
