// references(): the root traversals an expression depends on, for graph edges and checks.
#include "lang/references.h"

#include <doctest/doctest.h>

#include "lang/parser.h"

using namespace fedplan;

namespace {

std::vector<std::string> refs(std::string_view src) {
  Diagnostics diags;
  ExprPtr e = parse_expression(src, "t", diags);
  REQUIRE(diags.empty());
  std::vector<std::string> out;
  for (const Traversal& t : references(*e)) out.push_back(t.to_string());
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("references lists root traversals with their literal steps") {
  CHECK(refs("var.x") == Names{"var.x"});
  CHECK(refs("kube_object.peer[\"mesh1\"].object.spec") ==
        Names{"kube_object.peer[\"mesh1\"].object.spec"});
  CHECK(refs("1 + 2") == Names{});
  CHECK(refs("\"${var.a}-${local.b[0]}\"") == Names{"var.a", "local.b[0]"});
}

TEST_CASE("a computed index ends the traversal and contributes its own references") {
  CHECK(refs("kube_object.peer[each.key].object") == Names{"kube_object.peer", "each.key"});
  CHECK(refs("module.m.out[count.index]") == Names{"module.m.out", "count.index"});
}

TEST_CASE("references look inside every kind of expression") {
  CHECK(refs("f(var.a, [local.b], { k = data.x.y.z })") == Names{"var.a", "local.b", "data.x.y.z"});
  CHECK(refs("var.c ? var.t : var.f") == Names{"var.c", "var.t", "var.f"});
  CHECK(refs("!var.a || -var.b > 1") == Names{"var.a", "var.b"});
  CHECK(refs("var.l[*].name") == Names{"var.l"});
  CHECK(refs("(var.p).q") == Names{"var.p"});
  CHECK(refs("{ (var.key) = 1 }") == Names{"var.key"});
  CHECK(refs("\"%{ if var.c }${var.d}%{ endif }\"") == Names{"var.c", "var.d"});
}

TEST_CASE("names bound by for expressions and template for directives are skipped") {
  CHECK(refs("[for k, v in var.m : \"${k}=${v.x}\" if v.on && local.flag]") ==
        Names{"var.m", "local.flag"});
  CHECK(refs("{for x in var.l : x.name => [for y in x.items : y + var.z]}") ==
        Names{"var.l", "var.z"});
  CHECK(refs("\"%{ for s in var.list }${s}${local.sep}%{ endfor }\"") ==
        Names{"var.list", "local.sep"});
  // Outside the for, the same name is a reference again.
  CHECK(refs("[[for v in var.a : v], v]") == Names{"var.a", "v"});
  // The collection is evaluated outside the loop's scope.
  CHECK(refs("[for v in v : v]") == Names{"v"});
}

TEST_CASE("bare object keys are names, not references") {
  CHECK(refs("{ name = var.n, kube.a = kube.mesh1 }") == Names{"var.n", "kube.a", "kube.mesh1"});
  CHECK(refs("{ var = 1 }") == Names{});
}

TEST_CASE("reference spans cover the root and each step") {
  Diagnostics diags;
  ExprPtr e = parse_expression("x + kube_object.peer[\"a\"]", "t", diags);
  std::vector<Traversal> r = references(*e);
  REQUIRE(r.size() == 2);
  const Traversal& t = r[1];
  CHECK(t.root_span.start.column == 5);
  CHECK(t.root_span.end.column == 16);
  REQUIRE(t.steps.size() == 2);
  CHECK(t.steps[0].span.start.column == 16);
  CHECK(t.steps[1].key == Value::string("a"));
  CHECK(t.steps[1].span.start.column == 21);
  CHECK(t.steps[1].span.end.column == 26);
  CHECK(t.span().start.column == 5);
  CHECK(t.span().end.column == 26);
}

TEST_CASE("the references of a long chain are found in source order") {
  std::string src = "var.a0";
  for (int i = 1; i < 100000; ++i) src += " + var.a" + std::to_string(i);
  std::vector<std::string> found = refs(src);
  REQUIRE(found.size() == 100000);
  CHECK(found[0] == "var.a0");
  CHECK(found[1] == "var.a1");
  CHECK(found.back() == "var.a99999");
}
