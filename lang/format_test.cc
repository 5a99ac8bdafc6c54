// Tests for the formatter: one golden case per rule, syntax errors refused, and idempotence
// over built-in samples and every *.fed.hcl file in the repository.
#include "lang/format.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "base/files.h"
#include "lang/format_check.h"
#include "lang/format_rewrite.h"
#include "lang/lexer.h"

using namespace fedplan;

namespace {

// Formats text that must parse, and checks that formatting the result changes nothing.
std::string fmt(std::string_view text) {
  Diagnostics diags;
  std::optional<std::string> out = format_source(text, "test.fed.hcl", diags);
  INFO(render_diagnostics(diags, nullptr));
  REQUIRE(out.has_value());
  CHECK(diags.empty());
  Diagnostics again_diags;
  std::optional<std::string> again = format_source(*out, "test.fed.hcl", again_diags);
  REQUIRE(again.has_value());
  CHECK_MESSAGE(*again == *out, "not idempotent; second pass gave:\n" << *again);
  CHECK(same_content(rewrite_like_terraform(text), *out));
  return *out;
}

}  // namespace

TEST_CASE("blocks and objects are indented two spaces per level") {
  CHECK(fmt("resource \"kube_object\" \"a\" {\n"
            "manifest = {\n"
            "\t    metadata = {\n"
            "name = \"x\"\n"
            "}\n"
            "    }\n"
            "        lifecycle {\n"
            "prevent_destroy = true\n"
            "}\n"
            "}\n") ==
        "resource \"kube_object\" \"a\" {\n"
        "  manifest = {\n"
        "    metadata = {\n"
        "      name = \"x\"\n"
        "    }\n"
        "  }\n"
        "  lifecycle {\n"
        "    prevent_destroy = true\n"
        "  }\n"
        "}\n");
}

TEST_CASE(
    "= aligns within runs of single-line attributes, blank, comment and block lines end a run") {
  CHECK(fmt("variable \"x\" {\n"
            "  type = string\n"
            "  default = \"a\"\n"
            "\n"
            "  description = \"d\"\n"
            "  # about a\n"
            "  a = 1\n"
            "  bbbbbb = 2\n"
            "  nested {\n"
            "    c = 1\n"
            "    dd = 2\n"
            "  }\n"
            "  eee = 3\n"
            "  f = 4\n"
            "}\n") == R"(variable "x" {
  type    = string
  default = "a"

  description = "d"
  # about a
  a      = 1
  bbbbbb = 2
  nested {
    c  = 1
    dd = 2
  }
  eee = 3
  f   = 4
}
)");
}

TEST_CASE("an attribute whose value spans lines ends the run, a heredoc joins it as terraform's") {
  CHECK(fmt("locals {\n"
            "  a = 1\n"
            "  long_name = {\n"
            "    x = 1\n"
            "    yy = 2\n"
            "  }\n"
            "  b = 2\n"
            "  cc = <<EOT\n"
            "text\n"
            "EOT\n"
            "  ddd = 3\n"
            "}\n") == R"(locals {
  a = 1
  long_name = {
    x  = 1
    yy = 2
  }
  b   = 2
  cc  = <<EOT
text
EOT
  ddd = 3
}
)");
}

TEST_CASE("blank lines are kept as written, as terraform fmt keeps them, without their blanks") {
  CHECK(fmt("\n\n\nvariable \"a\" {}\n \n\t\n\nvariable \"b\" {\n\n\n  default = 1\n}\n\n\n") ==
        "\n\n\nvariable \"a\" {}\n\n\n\nvariable \"b\" {\n\n\n  default = 1\n}\n\n\n");
}

TEST_CASE("trailing blanks go, line ends and comments stay as written, as terraform fmt has it") {
  CHECK(fmt("a = 1   \t\nb = 2") == "a = 1\nb = 2");
  CHECK(fmt("a = 1\r\nbb = 2\r\n") == "a  = 1\r\nbb = 2\r\n");
  CHECK(fmt("x = <<EOT\r\nline\r\nEOT\r\n") == "x = <<EOT\r\nline\r\nEOT\r\n");
  CHECK(fmt("# note   \n/* one  \n   two */   \n") == "# note   \n/* one  \n   two */\n");
  CHECK(fmt("") == "");
  // Blanks before the end of the file stay, each as one space, as terraform fmt leaves them.
  CHECK(fmt("a = 1\n \t") == "a = 1\n  ");
  CHECK(fmt("b = 2  ") == "b = 2  ");
  CHECK(fmt("\n \n\t\n") == "\n\n\n");
}

TEST_CASE("single spaces around binary operators and =, none after unary operators") {
  CHECK(fmt("a=1+2*3\n") == "a = 1 + 2 * 3\n");
  CHECK(fmt("b = x   -   1\n") == "b = x - 1\n");
  CHECK(fmt("c=-1\n") == "c = -1\n");
  CHECK(fmt("d = a*-b\n") == "d = a * -b\n");
  CHECK(fmt("e = !a&&b||c==d\n") == "e = !a && b || c == d\n");
  CHECK(fmt("f = x>=1 ? -1 : y%2\n") == "f = x >= 1 ? -1 : y % 2\n");
  CHECK(fmt("g = (a<b)!=(c<=d)\n") == "g = (a < b) != (c <= d)\n");
  CHECK(fmt("h = 1 - -2\n") == "h = 1 - -2\n");
}

TEST_CASE("calls, lists, indexes and splats have no inner padding, commas take one space") {
  CHECK(fmt("f = join( \",\" , [ \"a\",\"b\" ] )\n") == "f = join(\",\", [\"a\", \"b\"])\n");
  CHECK(fmt("g = concat( local.a , local.b ... )\n") == "g = concat(local.a, local.b...)\n");
  CHECK(fmt("h = local.x [ 0 ] [\"k\"]\n") == "h = local.x[0][\"k\"]\n");
  CHECK(fmt("i = var.list[ * ].name\n") == "i = var.list[*].name\n");
  CHECK(fmt("j = var.list . * . name\n") == "j = var.list.*.name\n");
  CHECK(fmt("k = f()\nl = []\nm = {}\n") == "k = f()\nl = []\nm = {}\n");
  CHECK(fmt("n = lookup(var.m,\"k\",\"d\")[0]\n") == "n = lookup(var.m, \"k\", \"d\")[0]\n");
}

TEST_CASE("for expressions are spaced like terraform fmt") {
  CHECK(fmt("a = [for v in var.list: upper(v) if v!=\"\"]\n") ==
        "a = [for v in var.list : upper(v) if v != \"\"]\n");
  CHECK(fmt("b = {for k,v in local.m: k=>v...}\n") == "b = { for k, v in local.m : k => v... }\n");
  CHECK(fmt("c = [for x in [1, 2]: x]\n") == "c = [for x in [1, 2] : x]\n");
  // terraform fmt treats `if` and `in` before a bracket as names: `if(x)`, `in(xs)`, `if[x]`.
  CHECK(fmt("d = [for x in local.l: x if (x > 1)]\n") == "d = [for x in local.l : x if(x > 1)]\n");
  CHECK(fmt("e = [for x in (xs) : x if [x][0] == 1]\n") ==
        "e = [for x in(xs) : x if[x][0] == 1]\n");
}

TEST_CASE("one-line blocks and objects keep their line with spaces inside the braces") {
  CHECK(fmt("provider \"kube\" \"mesh1\" {kubeconfig=var.mesh1_kubeconfig}\n") ==
        "provider \"kube\" \"mesh1\" { kubeconfig = var.mesh1_kubeconfig }\n");
  CHECK(fmt("locals {\n  meshes = {mesh1={peer=\"mesh2\"},mesh2={peer=\"mesh1\"}}\n}\n") ==
        "locals {\n  meshes = { mesh1 = { peer = \"mesh2\" }, mesh2 = { peer = \"mesh1\" } }\n}\n");
  CHECK(fmt("output \"o\" {   }\n") == "output \"o\" {}\n");
}

TEST_CASE("nested objects and lists spanning lines indent by the brackets they open") {
  CHECK(fmt("locals {\n"
            "x = merge(local.a, {\n"
            "k = 1\n"
            "long_key = 2\n"
            "}, local.b)\n"
            "y = [{\n"
            "a = 1\n"
            "}, {\n"
            "b = 2\n"
            "}]\n"
            "z = [\n"
            "[1, 2],\n"
            "[\n"
            "3,\n"
            "],\n"
            "]\n"
            "}\n") ==
        "locals {\n"
        "  x = merge(local.a, {\n"
        "    k        = 1\n"
        "    long_key = 2\n"
        "  }, local.b)\n"
        "  y = [{\n"
        "    a = 1\n"
        "    }, {\n"
        "    b = 2\n"
        "  }]\n"
        "  z = [\n"
        "    [1, 2],\n"
        "    [\n"
        "      3,\n"
        "    ],\n"
        "  ]\n"
        "}\n");
}

TEST_CASE("comments of every kind stay where they are: line end, own line, in objects and lists") {
  CHECK(fmt("# file comment\n"
            "// another\n"
            "/* block */\n"
            "module \"m\" {   # after the brace\n"
            "      # own line\n"
            "  source = \"./m\" # end of line\n"
            "  x = { # object\n"
            "    # inside object\n"
            "    a = 1 // a\n"
            "    bb = 2 /* bb */\n"
            "  }\n"
            "  l = [\n"
            "    1,   # one\n"
            "    22, /* two */\n"
            "    // before three\n"
            "    3\n"
            "  ]\n"
            "  f = f(/* arg */ 1, 2 /* after */)\n"
            "  y = /* before */ 1\n"
            "}\n"
            "# last") == R"(# file comment
// another
/* block */
module "m" { # after the brace
  # own line
  source = "./m" # end of line
  x = {          # object
    # inside object
    a  = 1 // a
    bb = 2 /* bb */
  }
  l = [
    1, # one
    22, /* two */
    // before three
    3
  ]
  f = f(/* arg */ 1, 2 /* after */)
  y = /* before */ 1
}
# last)");
}

TEST_CASE("a comment before a closing brace does not keep the brace indented") {
  CHECK(fmt("x {\n  a = 1\n  /* done */ }\n") == "x {\n  a = 1\n/* done */ }\n");
}

TEST_CASE("a multi-line block comment keeps its inner lines and stays in the alignment run") {
  CHECK(fmt("locals {\n"
            "  a = 1 /* one\n"
            "     two */\n"
            "  bbb = 2\n"
            "}\n") ==
        "locals {\n"
        "  a   = 1 /* one\n"
        "     two */\n"
        "  bbb = 2\n"
        "}\n");
}

TEST_CASE("heredoc and string text is copied exactly, interpolations are spaced as expressions") {
  std::string heredoc =
      "locals {\n"
      "  h = <<-EOT\n"
      "     keep   \n"
      "\n"
      "\n"
      "\n"
      "  this ${ var.x   +1 }  %{ if true }y%{ endif }\n"
      "    EOT\n"
      "  plain = <<EOT\n"
      "a  =  b\t\n"
      "EOT\n"
      "}\n";
  CHECK(fmt(heredoc) ==
        "locals {\n"
        "  h     = <<-EOT\n"
        "     keep   \n"
        "\n"
        "\n"
        "\n"
        "  this ${var.x + 1}  %{if true}y%{endif}\n"
        "    EOT\n"
        "  plain = <<EOT\n"
        "a  =  b\t\n"
        "EOT\n"
        "}\n");
  CHECK(fmt("i = \"${ var.a }  x  \\\"${\"in  ner\"}\"\n") ==
        "i = \"${var.a}  x  \\\"${\"in  ner\"}\"\n");
  CHECK(fmt("j = f(<<EOT\nx\nEOT\n)\n") == "j = f(<<EOT\nx\nEOT\n)\n");
  // Blanks after the opening marker go (terraform refuses them), after the closing one stay.
  CHECK(fmt("k = <<EOT   \nx \nEOT   \n") == "k = <<EOT\nx \nEOT   \n");
}

TEST_CASE("a byte order mark is dropped, as terraform fmt drops it") {
  CHECK(fmt("\xEF\xBB\xBF"
            "a=1\n") == "a = 1\n");
}

TEST_CASE("an argument that is one interpolation becomes its expression, as terraform fmt has it") {
  CHECK(fmt("a = \"${var.x}\"\nb { c = \"${ 1 + 2 }\" }\n") == "a = var.x\nb { c = 1 + 2 }\n");
  CHECK(fmt("d = \"${\n  x ? 1 : 2\n}\"\n") == "d = x ? 1 : 2\n");  // newlines at the ends go
  CHECK(fmt("e = \"${\n  x ?\n  1 : 2\n}\"\n") == "e = (x ?\n1 : 2)\n");
  CHECK(fmt("f = \"${~x~}\"\n") == "f = x\n");
  // Not one interpolation, or not an argument: kept.
  for (const char* kept :
       {"g = \"${a}${b}\"\n", "h = \"x${a}\"\n", "i = [\"${a}\"]\n", "j = { k = \"${a}\" }\n"})
    CHECK(fmt(kept) == kept);
  CHECK(fmt("l = \"${a}\" # c\n") == "l = a # c\n");
}

TEST_CASE("block labels written as names are quoted, as terraform fmt has it") {
  CHECK(fmt("resource null_resource x {}\nmodule m { source = \"./m\" }\n") ==
        "resource \"null_resource\" \"x\" {}\nmodule \"m\" { source = \"./m\" }\n");
  // terraform fmt drops a comment between labels; fedplan never drops a comment.
  CHECK(fmt("resource a /* b */ \"c\" {}\n") == "resource \"a\" /* b */ \"c\" {}\n");
}

TEST_CASE("legacy variable types become current ones, as terraform fmt has it") {
  CHECK(fmt("variable \"a\" {\n  type = list\n}\n") == "variable \"a\" {\n  type = list(any)\n}\n");
  CHECK(fmt("variable \"b\" { type = \"string\" }\n") == "variable \"b\" { type = string }\n");
  CHECK(fmt("variable \"c\" { type = \"map\" }\n") == "variable \"c\" { type = map(string) }\n");
  CHECK(fmt("variable \"d\" { type = \"${string}\" }\n") ==
        "variable \"d\" { type = \"${string}\" }\n");
  CHECK(fmt("locals { type = list }\n") == "locals { type = list }\n");
}

TEST_CASE("text that does not parse is refused with positioned diagnostics") {
  for (const char* bad : {"a = {\n  b = 1\n", "a = (1]\n", "a = \"abc\nb = 2\n", "a = 1 $ 2\n",
                          "}\n", "x {\n  a = \n}\n"}) {
    Diagnostics diags;
    CHECK_FALSE(format_source(bad, "bad.fed.hcl", diags).has_value());
    REQUIRE(diags.has_errors());
    REQUIRE(diags.items[0].range.has_value());
    CHECK(diags.items[0].range->file == "bad.fed.hcl");
    CHECK(short_diagnostic(diags.items[0]).rfind("bad.fed.hcl:", 0) == 0);
  }
}

namespace {

// Samples covering the language, formatted twice in the idempotence test below.
const char* const kSamples[] = {
    "variable \"mesh1_kubeconfig\" {\ntype = string\n  default = env(\"MESH1_KUBECONFIG\")\n}\n",
    "provider \"firewalld\" \"hypervisor\" { transport = \"local\" }   # or ssh\n",
    "module \"federation\" {\n  source    = \"../../modules/libvirt-federation\"\n"
    "  providers = { kube.a = kube.mesh1, kube.b = kube.mesh2, firewalld = firewalld.hypervisor }\n"
    "  export    = [{ namespace = \"mesh1-bookinfo\", name = \"ratings\" }]\n}\n",
    "resource \"kube_object\" \"peer_ca\" {\n  provider = kube.mesh2\n  for_each = local.meshes\n"
    "  wait {                                   # optional\n    condition = \"Ready\"\n"
    "    timeout   = \"300s\"\n  }\n  lifecycle {\n    prevent_destroy = true\n"
    "    ignore_changes  = [manifest.metadata.annotations]\n  }\n"
    "  depends_on = [module.federation]\n}\n",
    "locals {\n  a = [\n    for k, v in var.m :\n    k\n    if v\n  ]\n"
    "  b = (var.x ?\n  1 :\n  2)\n  c = (\n    1 +\n    2\n  )\n}\n",
    "output \"x\" {\n  value = yamlencode({\n    a = [1, 2, { b = \"c\" }]\n  })\n"
    "  sensitive = true\n}\n",
    "locals { x = <<-EOT\n    ${join(\",\", [for s in var.l : \"${s}:${s}\"])}\n  EOT\n}\n",
};

// Every *.fed.hcl file under the repository's examples/, modules/ and tests/.
std::vector<std::filesystem::path> repository_files(bool* searched) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  *searched = false;
  fs::path root = FEDPLAN_SOURCE_DIR;
  for (const char* dir : {"examples", "modules", "tests"}) {
    if (!fs::is_directory(root / dir)) continue;
    *searched = true;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(root / dir)) {
      std::string name = e.path().filename().string();
      if (e.is_regular_file() && name.size() > 8 && name.ends_with(".fed.hcl"))
        files.push_back(e.path());
    }
  }
  return files;
}

}  // namespace

TEST_CASE("formatting is idempotent over the samples and every *.fed.hcl in the repository") {
  for (const char* sample : kSamples) {
    INFO(sample);
    fmt(sample);
  }
  bool searched = false;
  std::vector<std::filesystem::path> files = repository_files(&searched);
  CHECK(searched);  // the glob ran: the source tree was found
  MESSAGE("checked " << files.size() << " *.fed.hcl files from the repository");
  for (const std::filesystem::path& path : files) {
    INFO(path.string());
    std::string text;
    REQUIRE(read_file(path.string(), &text, nullptr));
    Diagnostics diags;
    std::optional<std::string> once = format_source(text, path.string(), diags);
    if (!once) continue;  // files of syntax-error tests are meant not to parse
    std::optional<std::string> twice = format_source(*once, path.string(), diags);
    REQUIRE(twice.has_value());
    CHECK(*twice == *once);
  }
}

TEST_CASE("the safety check tells layout changes from content changes") {
  CHECK(same_content("a=1\n\n\nb=2", "a = 1\n\nb = 2\n"));
  CHECK(same_content("k = <<EOT  \nx\nEOT\n", "k = <<EOT\nx\nEOT\n"));
  CHECK_FALSE(same_content("a = 1\n", "a = 2\n"));
  CHECK_FALSE(same_content("a = 1 # note\n", "a = 1\n"));
  CHECK_FALSE(same_content("a = b - c\n", "a = b-c\n"));  // b-c is one identifier
  CHECK_FALSE(same_content("a = \"x y\"\n", "a = \"x  y\"\n"));
  CHECK_FALSE(same_content("a = 1\nb = 2\n", "a = 1 b = 2\n"));
}

TEST_CASE("a number after a numeric index keeps apart from it") {
  CHECK(fmt("x = a . 0 . 1\ny = a . 0 . b\n") == "x = a.0. 1\ny = a.0.b\n");
}

namespace {

// Rewrites the spaces and tabs between tokens outside templates at random: more, fewer or
// none where there were none. Never touches newlines, comments or template text.
std::string shuffle_blanks(std::string_view text, std::mt19937& rng) {
  static const char* const kBlanks[] = {"", " ", "  ", "\t", " \t ", "    "};
  std::string out;
  Lexer lexer(text);
  int64_t prev = 0;
  int depth = 0;  // open templates
  bool after_heredoc = false;
  for (;;) {
    Token t = lexer.next();
    std::string_view gap = text.substr(size_t(prev), size_t(t.start.byte - prev));
    bool blank = gap.find_first_not_of(" \t") == std::string_view::npos;
    // Blanks at the end of the file and after a heredoc's closing marker stay as written.
    if (depth == 0 && blank && t.type != TokenType::EndOfFile && !after_heredoc) {
      out += kBlanks[gap.empty() ? rng() % 2 : 1 + rng() % 5];
    } else {
      out += gap;
    }
    if (t.type == TokenType::EndOfFile) break;
    out += t.text(text);
    if (t.type == TokenType::OQuote || t.type == TokenType::OHeredoc) ++depth;
    if (t.type == TokenType::CQuote || t.type == TokenType::CHeredoc) --depth;
    after_heredoc = t.type == TokenType::CHeredoc;
    prev = t.end.byte;
  }
  return out;
}

}  // namespace

TEST_CASE("the result does not depend on the blanks between tokens") {
  std::mt19937 rng(2024);
  for (const char* sample : kSamples) {
    std::string canonical = fmt(sample);
    for (int round = 0; round < 20; ++round) {
      std::string shuffled = shuffle_blanks(sample, rng);
      INFO(shuffled);
      CHECK(fmt(shuffled) == canonical);
    }
  }
}

namespace {

// Breaks lines after openers and commas, and adds comments and blank lines, at random;
// outside templates only. Many results do not parse, and those are skipped by the caller.
std::string shuffle_lines(std::string_view text, std::mt19937& rng) {
  std::string out;
  Lexer lexer(text);
  int64_t prev = 0;
  int depth = 0;
  for (;;) {
    Token t = lexer.next();
    out += text.substr(size_t(prev), size_t(t.start.byte - prev));
    if (t.type == TokenType::EndOfFile) break;
    if (depth == 0 && t.type == TokenType::Newline && rng() % 4 == 0)
      out += rng() % 2 ? " # note" : " /* note */";
    out += t.text(text);
    if (depth == 0 && t.type == TokenType::Newline && rng() % 4 == 0) out += "\n\n";
    if (t.type == TokenType::OQuote || t.type == TokenType::OHeredoc) ++depth;
    if (t.type == TokenType::CQuote || t.type == TokenType::CHeredoc) --depth;
    bool breakable = t.type == TokenType::OBrace || t.type == TokenType::OBrack ||
                     t.type == TokenType::OParen || t.type == TokenType::Comma;
    if (depth == 0 && breakable && rng() % 3 == 0) out += rng() % 2 ? "\n" : " // why\n";
    prev = t.end.byte;
  }
  return out;
}

}  // namespace

TEST_CASE("idempotent and content-preserving over randomly broken lines and added comments") {
  std::mt19937 rng(7);
  int parsed = 0;
  for (int round = 0; round < 60; ++round) {
    for (const char* sample : kSamples) {
      std::string text = shuffle_lines(sample, rng);
      Diagnostics diags;
      std::optional<std::string> once = format_source(text, "r.fed.hcl", diags);
      if (!once) continue;
      ++parsed;
      INFO(text);
      CHECK(fmt(text) == *once);  // fmt() checks the second pass and the content
    }
  }
  CHECK(parsed > 100);  // enough mutations parse for the test to mean something
}
