// Golden diagnostics for syntax errors: the rendered text (summary, caret line, detail) of each
// class of error, and recovery that reports several errors in one run.
#include <doctest/doctest.h>

#include <string>

#include "lang/parser.h"
#include "lang/testing/syntax_test_util.h"

using fedplan::testing::file_errors;

TEST_CASE("unclosed string is reported at its opening quote, and parsing continues") {
  CHECK(file_errors("a = \"unclosed\nb = 1\n") ==
        "Error: test.fed.hcl:1:5: Unclosed string\n"
        "  1 | a = \"unclosed\n"
        "    |     ^^^^^^^^^\n"
        "  A string that starts with \" must end with \" on the same line; use a heredoc "
        "(<<EOT) for text over several lines.\n");
}

TEST_CASE("missing operand names what was found instead") {
  CHECK(file_errors("a = 1 +\nb = 2\n") ==
        "Error: test.fed.hcl:1:8: Invalid expression\n"
        "  1 | a = 1 +\n"
        "    |        ^\n"
        "  Expected the start of an expression, but found newline.\n");
}

TEST_CASE("missing closing brace names the block and where it was opened") {
  CHECK(file_errors("resource \"x\" \"y\" {\n  a = 1\n") ==
        "Error: test.fed.hcl:3:1: Missing closing brace for block \"resource\" opened at line 1\n"
        "  3 | \n"
        "    | ^\n"
        "  Add \"}\" to close the block; the file ended inside it.\n");
}

TEST_CASE("a stray closing brace is reported") {
  CHECK(file_errors("x {\n  y = 1\n}}\n") ==
        "Error: test.fed.hcl:3:2: Unexpected \"}\"\n"
        "  3 | }}\n"
        "    |  ^\n"
        "  There is no open block for this brace to close.\n");
}

TEST_CASE("separators: list items, object items, function arguments, attributes") {
  CHECK(file_errors("a = [1 2]\n") ==
        "Error: test.fed.hcl:1:8: Missing item separator\n"
        "  1 | a = [1 2]\n"
        "    |        ^\n"
        "  List items are separated by commas and end with \"]\"; found number 2.\n");
  CHECK(file_errors("a = { x = 1 y = 2 }\n") ==
        "Error: test.fed.hcl:1:13: Missing attribute separator\n"
        "  1 | a = { x = 1 y = 2 }\n"
        "    |             ^\n"
        "  Object items are separated by commas or newlines; found identifier \"y\".\n");
  CHECK(file_errors("a = f(1 2)\n") ==
        "Error: test.fed.hcl:1:9: Missing argument separator\n"
        "  1 | a = f(1 2)\n"
        "    |         ^\n"
        "  Function arguments are separated by commas and end with \")\"; found number 2.\n");
  CHECK(file_errors("a = 1 b = 2\n") ==
        "Error: test.fed.hcl:1:7: Missing newline after argument\n"
        "  1 | a = 1 b = 2\n"
        "    |       ^\n"
        "  An argument must end with a newline; put the next argument or block on its own "
        "line (found identifier \"b\").\n");
}

TEST_CASE("invalid escapes and characters point at the exact characters") {
  CHECK(file_errors("a = \"bad \\q escape\"\n") ==
        "Error: test.fed.hcl:1:10: Invalid escape sequence\n"
        "  1 | a = \"bad \\q escape\"\n"
        "    |          ^^\n"
        "  The escapes in strings are \\n \\t \\r \\\" \\\\ \\uNNNN and \\UNNNNNNNN; write \\\\ "
        "for a backslash.\n");
  CHECK(file_errors("a = 'single'\n") ==
        "Error: test.fed.hcl:1:5: Invalid character\n"
        "  1 | a = 'single'\n"
        "    |     ^^^^^^^^\n"
        "  Strings are written in double quotes: \"like this\".\n");
  CHECK(file_errors("a = 1 & 2\n") ==
        "Error: test.fed.hcl:1:7: Invalid character\n"
        "  1 | a = 1 & 2\n"
        "    |       ^\n"
        "  Use \"&&\" and \"||\" for logical and/or; single \"&\" and \"|\" are not operators.\n");
}

TEST_CASE("duplicate arguments in one body") {
  CHECK(file_errors("a = 1\na = 2\n") ==
        "Error: test.fed.hcl:2:1: Duplicate argument \"a\"\n"
        "  2 | a = 2\n"
        "    | ^\n"
        "  The argument \"a\" was already set at line 1.\n");
}

TEST_CASE("heredoc, comment and template directive errors") {
  CHECK(file_errors("x = <<EOT\nhello\n") ==
        "Error: test.fed.hcl:1:5: Unclosed heredoc\n"
        "  1 | x = <<EOT\n"
        "    |     ^\n"
        "  The heredoc must end with a line containing only EOT.\n");
  CHECK(file_errors("a = 1 /* open\n").find("1:7: Unclosed comment\n") != std::string::npos);
  CHECK(file_errors("a = \"%{ if x }no end\"\n") ==
        "Error: test.fed.hcl:1:6: Unterminated template %{ if }\n"
        "  1 | a = \"%{ if x }no end\"\n"
        "    |      ^^^^^^^^^\n"
        "  This %{ if } needs a matching %{ endif }.\n");
  CHECK(file_errors("a = \"%{ endfor }\"\n").find("Unexpected %{ endfor }") != std::string::npos);
  CHECK(file_errors("a = \"%{ while x }\"\n").find("Invalid template directive") !=
        std::string::npos);
}

TEST_CASE("block syntax errors: labels, missing brace, attribute with colon") {
  CHECK(file_errors("block \"${x}\" {}\n") ==
        "Error: test.fed.hcl:1:7: Invalid block label\n"
        "  1 | block \"${x}\" {}\n"
        "    |       ^^^^^^\n"
        "  Block labels are literal strings; they cannot contain ${ } or %{ } sequences.\n");
  CHECK(file_errors("a : 1\n") ==
        "Error: test.fed.hcl:1:3: Missing \"=\" after argument name\n"
        "  1 | a : 1\n"
        "    |   ^\n"
        "  Arguments are set with an equals sign: a = value.\n");
  CHECK(file_errors("resource \"a\" \"b\" = {}\n").find("1:18: Invalid block definition") !=
        std::string::npos);
}

TEST_CASE("for expression and index errors") {
  CHECK(file_errors("a = [for x in l x]\n") ==
        "Error: test.fed.hcl:1:17: Invalid 'for' expression\n"
        "  1 | a = [for x in l x]\n"
        "    |                 ^\n"
        "  Expected \":\" after the collection, but found identifier \"x\".\n");
  CHECK(file_errors("a = {for k, v in m : k v}\n").find("needs \"=>\" between key and value") !=
        std::string::npos);
  CHECK(file_errors("a = [for x in l : x...]\n").find("Grouping with \"...\"") !=
        std::string::npos);
  CHECK(file_errors("a = x.\n").find("1:7: Invalid attribute name") != std::string::npos);
  CHECK(file_errors("a = x[1\n").find("Missing close bracket on index") != std::string::npos);
  CHECK(file_errors("a = (1 + 2\n").find("Unbalanced parentheses") != std::string::npos);
  CHECK(file_errors("a = c ? 1\n").find("Missing false expression in conditional") !=
        std::string::npos);
}

TEST_CASE("recovery reports several errors in one run and keeps the good parts") {
  std::string src =
      "a = 1 +\n"
      "b = 2\n"
      "c = [1 2]\n"
      "block {\n"
      "  d = \"x\n"
      "  e = 3\n"
      "  f = )\n"
      "}\n"
      "g = 4\n";
  fedplan::Diagnostics diags;
  fedplan::File f = fedplan::parse_file(src, "test.fed.hcl", diags);
  REQUIRE(diags.size() == 4);
  CHECK(short_diagnostic(diags.items[0]) == "test.fed.hcl:1:8: Invalid expression");
  CHECK(short_diagnostic(diags.items[1]) == "test.fed.hcl:3:8: Missing item separator");
  CHECK(short_diagnostic(diags.items[2]) == "test.fed.hcl:5:7: Unclosed string");
  CHECK(short_diagnostic(diags.items[3]) == "test.fed.hcl:7:7: Invalid expression");
  // Every name survives: the recovered attributes and the block are still in the file.
  CHECK(f.body.find_attribute("b"));
  CHECK(f.body.find_attribute("g"));
  REQUIRE(f.body.blocks.size() == 1);
  CHECK(f.body.blocks[0].body.find_attribute("e"));
}

TEST_CASE("too many errors are capped with a note") {
  std::string src;
  for (int i = 0; i < 80; ++i) src += "a" + std::to_string(i) + " = )\n";
  fedplan::Diagnostics diags;
  fedplan::parse_file(src, "test.fed.hcl", diags);
  REQUIRE(diags.size() == 51);
  CHECK(diags.items.back().summary == "Too many syntax errors");
}

TEST_CASE("nesting beyond the limit is an error, not a stack overflow") {
  std::string deep(100000, '[');
  fedplan::Diagnostics diags;
  fedplan::parse_file("a = " + deep + "\n", "test.fed.hcl", diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary == "Nesting too deep");
  std::string parens = "a = " + std::string(100000, '(') + "1";
  fedplan::Diagnostics d2;
  fedplan::parse_file(parens + "\n", "test.fed.hcl", d2);
  CHECK(d2.items.at(0).summary == "Nesting too deep");
  CHECK(d2.items.at(0).detail == "Expressions and blocks may nest at most 200 levels deep.");
  std::string blocks;
  for (int i = 0; i < 50000; ++i) blocks += "b {\n";
  fedplan::Diagnostics d3;
  fedplan::parse_file(blocks, "test.fed.hcl", d3);
  CHECK(d3.items.at(0).summary == "Nesting too deep");
  std::string directives;
  for (int i = 0; i < 50000; ++i) directives += "%{ if x }";
  fedplan::Diagnostics d4;
  fedplan::parse_file("a = \"" + directives + "\"\n", "test.fed.hcl", d4);
  CHECK(d4.items.at(0).summary == "Nesting too deep");
}

TEST_CASE("duplicate arguments are found in large bodies too") {
  std::string src = "locals {\n";
  for (int i = 0; i < 5000; ++i)
    src += "  a" + std::to_string(i) + " = " + std::to_string(i) + "\n";
  src += "  a17 = 1\n  a4999 = 2\n}\n";
  fedplan::Diagnostics diags;
  fedplan::File f = fedplan::parse_file(src, "test.fed.hcl", diags);
  REQUIRE(diags.size() == 2);
  CHECK(diags.items[0].summary == "Duplicate argument \"a17\"");
  CHECK(diags.items[0].detail == "The argument \"a17\" was already set at line 19.");
  CHECK(diags.items[1].summary == "Duplicate argument \"a4999\"");
  CHECK(f.body.blocks[0].body.attributes.size() == 5002);
}

TEST_CASE("ill-formed UTF-8 in a source file is an error at its line and column") {
  fedplan::Diagnostics diags;
  fedplan::parse_file("a = 1\nb = \"caf\xE9\"\nc = \"\xC0\xAF\" # \xFF\n", "test.fed.hcl", diags);
  REQUIRE(diags.items.size() == 2);  // one report per line
  for (const auto& d : diags.items) CHECK(d.summary == "Invalid character encoding");
  REQUIRE(diags.items[0].range);
  CHECK(diags.items[0].range->file == "test.fed.hcl");
  CHECK(diags.items[0].range->start.line == 2);
  CHECK(diags.items[0].range->start.column == 9);
  CHECK(diags.items[0].range->start.byte == 14);
  CHECK(diags.items[1].range->start.line == 3);
  CHECK(diags.items[1].range->start.column == 6);
}

TEST_CASE("a NUL byte anywhere in a source file is an error, in strings and comments too") {
  using namespace std::string_literals;
  for (std::string src : {"a = \"x\0y\"\n"s, "# c\0\na = 1\n"s, "a = 1\n\0\n"s}) {
    fedplan::Diagnostics diags;
    fedplan::parse_file(src, "test.fed.hcl", diags);
    REQUIRE(diags.has_errors());
    CHECK(diags.items[0].summary == "Invalid character");
    CHECK(diags.items[0].range->start.byte == static_cast<int64_t>(src.find('\0')));
  }
  fedplan::Diagnostics ok;
  fedplan::parse_file("a = \"caf\xC3\xA9 \xF0\x9F\x98\x80\"\n", "test.fed.hcl", ok);
  CHECK(!ok.has_errors());
}

TEST_CASE("a template file with ill-formed UTF-8 is refused") {
  fedplan::Diagnostics diags;
  fedplan::parse_template("hello ${name}\n\xFE\n", "greeting.tftpl", diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.items[0].summary == "Invalid character encoding");
  CHECK(diags.items[0].range->start.line == 2);
  CHECK(diags.items[0].range->start.column == 1);
}
