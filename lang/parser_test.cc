// Parser tests for files: blocks, labels, attributes, one-line blocks, comments, spans.
#include "lang/parser.h"

#include <doctest/doctest.h>

#include "lang/references.h"
#include "lang/testing/syntax_test_util.h"

using namespace fedplan;
using fedplan::testing::dump;

namespace {

File parse_ok(std::string_view src) {
  Diagnostics diags;
  File f = parse_file(src, "main.fed.hcl", diags);
  INFO(fedplan::testing::render(diags, src));
  CHECK(diags.empty());
  return f;
}

}  // namespace

TEST_CASE("a file holds attributes and blocks in source order") {
  File f = parse_ok(R"(# leading comment
a = 1
variable "x" {
  type    = string
  default = "d"
}
b = "two"
output "y" { value = var.x }
)");
  REQUIRE(f.body.attributes.size() == 2);
  CHECK(f.body.attributes[0].name == "a");
  CHECK(f.body.attributes[1].name == "b");
  REQUIRE(f.body.blocks.size() == 2);
  CHECK(f.body.blocks[0].type == "variable");
  REQUIRE(f.body.blocks[0].labels.size() == 1);
  CHECK(f.body.blocks[0].labels[0].value == "x");
  CHECK(f.body.blocks[0].body.attributes.size() == 2);
  CHECK(dump(*f.body.blocks[0].body.find_attribute("type")->expr) == "string");
  CHECK(f.body.blocks[1].type == "output");
  CHECK(dump(*f.body.blocks[1].body.attributes[0].expr) == "var.x");
  CHECK(f.path == "main.fed.hcl");
}

TEST_CASE("blocks take zero to many labels, quoted or bare, and nest") {
  File f = parse_ok(R"(
locals {
  x = 1
}
provider "kube" "mesh1" { kubeconfig = var.k }
thing bare "quoted" another {
  inner {
    deeper "l" {}
  }
  inner {}
}
)");
  REQUIRE(f.body.blocks.size() == 3);
  CHECK(f.body.blocks[0].labels.empty());
  CHECK(f.body.blocks[1].labels.size() == 2);
  CHECK(f.body.blocks[1].labels[1].value == "mesh1");
  const Block& thing = f.body.blocks[2];
  REQUIRE(thing.labels.size() == 3);
  CHECK(thing.labels[0].value == "bare");
  CHECK(thing.labels[1].value == "quoted");
  CHECK(thing.labels[2].value == "another");
  REQUIRE(thing.body.blocks.size() == 2);
  REQUIRE(thing.body.blocks[0].body.blocks.size() == 1);
  CHECK(thing.body.blocks[0].body.blocks[0].type == "deeper");
}

TEST_CASE("one-line blocks and nested one-line blocks") {
  File f = parse_ok("a { b = 1 }\nc \"x\" { d { e = [1, 2] } }\nempty {}\n");
  REQUIRE(f.body.blocks.size() == 3);
  CHECK(dump(*f.body.blocks[0].body.attributes[0].expr) == "1");
  CHECK(dump(*f.body.blocks[1].body.blocks[0].body.attributes[0].expr) == "[1 2]");
  CHECK(f.body.blocks[2].body.attributes.empty());
}

TEST_CASE("comments of every kind, anywhere a newline or space may go") {
  File f = parse_ok(R"(/* block
comment */ a = 1 # trailing
// line comment
b /* between */ = /* tokens */ 2
c {
  # in body
  d = [ # in list
    1, // after item
  ]
  /* before a block */ e { }
}
)");
  CHECK(f.body.attributes.size() == 2);
  CHECK(dump(*f.body.attributes[1].expr) == "2");
  CHECK(f.body.blocks[0].body.attributes[0].name == "d");
  CHECK(f.body.blocks[0].body.blocks[0].type == "e");
}

TEST_CASE("a file without a final newline and with CRLF line ends parses") {
  File f = parse_ok("a = 1\r\nb {\r\n  c = \"x\"\r\n}");
  CHECK(f.body.attributes.size() == 1);
  CHECK(dump(*f.body.blocks[0].body.attributes[0].expr) == "\"x\"");
}

TEST_CASE("spans record file, line, column and byte of names, labels, braces and expressions") {
  std::string src = "resource \"kube_object\" \"x\" {\n  manifest = { a = 1 }\n}\n";
  File f = parse_ok(src);
  const Block& b = f.body.blocks[0];
  CHECK(*b.type_span.file == "main.fed.hcl");
  CHECK(b.type_span.start.line == 1);
  CHECK(b.type_span.start.column == 1);
  CHECK(b.type_span.end.column == 9);
  CHECK(b.labels[0].span.start.column == 10);
  CHECK(b.labels[0].span.end.column == 23);
  CHECK(b.labels[1].span.start.column == 24);
  CHECK(b.open_brace.start.column == 28);
  CHECK(b.close_brace.start.line == 3);
  CHECK(b.close_brace.start.byte == static_cast<int64_t>(src.rfind('}')));
  const Attribute& a = b.body.attributes[0];
  CHECK(a.name_span.start.line == 2);
  CHECK(a.name_span.start.column == 3);
  CHECK(a.expr->span.start.column == 14);
  CHECK(a.expr->span.end.column == 23);
  CHECK(a.span.start.column == 3);
  SourceRange r = a.expr->span;  // implicit conversion for diagnostics
  CHECK(r.file == "main.fed.hcl");
  CHECK(r.start.byte == static_cast<int64_t>(src.find("{ a")));
  CHECK(b.span().end.line == 3);
  CHECK(b.header_span().end.column == 27);
}

TEST_CASE("parse_expression honours an origin inside a larger file") {
  Diagnostics diags;
  SourcePos origin;
  origin.line = 7;
  origin.column = 5;
  origin.byte = 100;
  ExprPtr e = parse_expression("a +\n  b", "f.fed.hcl", diags, origin);
  CHECK(diags.empty());
  const auto* bin = e->as<BinaryExpr>();
  REQUIRE(bin);
  CHECK(bin->lhs->span.start.line == 7);
  CHECK(bin->lhs->span.start.column == 5);
  CHECK(bin->lhs->span.start.byte == 100);
  CHECK(bin->rhs->span.start.line == 8);
  CHECK(bin->rhs->span.start.column == 3);
  CHECK(bin->rhs->span.start.byte == 106);
}

TEST_CASE("static readers see plain traversals, keywords, tuples and object keys") {
  File f = parse_ok(R"(
provider       = kube.mesh1
depends_on     = [module.x, kube_object.y]
ignore_changes = [manifest.metadata]
all_of_it      = all
type           = list(object({ a = string, b = optional(number, 1) }))
providers      = { kube.a = kube.mesh1, firewalld = firewalld.hv, "q" = 1, (k) = 2 }
computed       = var.a + 1
wrapped        = "${var.a}"
)");
  const Body& b = f.body;
  auto t = as_traversal(*b.find_attribute("provider")->expr);
  REQUIRE(t);
  CHECK(t->root == "kube");
  CHECK(t->to_string() == "kube.mesh1");
  const auto* deps = as_tuple_items(*b.find_attribute("depends_on")->expr);
  REQUIRE(deps);
  REQUIRE(deps->size() == 2);
  CHECK(as_traversal(*(*deps)[1])->to_string() == "kube_object.y");
  CHECK(as_traversal(*(*as_tuple_items(*b.find_attribute("ignore_changes")->expr))[0])
            ->steps[0]
            .name == "metadata");
  CHECK(as_keyword(*b.find_attribute("all_of_it")->expr) == "all");
  CHECK_FALSE(as_keyword(*b.find_attribute("provider")->expr));
  const auto* call = b.find_attribute("type")->expr->as<FunctionCallExpr>();
  REQUIRE(call);
  CHECK(call->name == "list");
  const auto* obj_call = call->args[0]->as<FunctionCallExpr>();
  REQUIRE(obj_call);
  const auto* obj = obj_call->args[0]->as<ObjectExpr>();
  REQUIRE(obj);
  CHECK(object_key_name(obj->items[0]) == "a");
  CHECK(as_keyword(*obj->items[0].value) == "string");
  CHECK(obj->items[1].value->as<FunctionCallExpr>()->args.size() == 2);
  const auto* providers = b.find_attribute("providers")->expr->as<ObjectExpr>();
  REQUIRE(providers);
  CHECK_FALSE(object_key_name(providers->items[0]));
  CHECK(as_traversal(*providers->items[0].key)->to_string() == "kube.a");
  CHECK(object_key_name(providers->items[1]) == "firewalld");
  CHECK(object_key_name(providers->items[2]) == "q");
  CHECK_FALSE(object_key_name(providers->items[3]));
  CHECK_FALSE(as_traversal(*b.find_attribute("computed")->expr));
  CHECK(as_traversal(*b.find_attribute("wrapped")->expr)->to_string() == "var.a");
  CHECK(as_literal_string(*providers->items[2].key) == "q");
}
