// Tests for diagnostics rendering: the location prefix, the quoted line and the caret.
// These are the golden shapes every command prints.
#include "base/diagnostics.h"

#include <doctest/doctest.h>

#include <memory>

using namespace fedplan;

TEST_CASE("an error with a range quotes the line and puts a caret under the column") {
  SourceFiles files;
  files.add("main.fed.hcl", std::make_shared<std::string>("a = 1\nb = var.mesh\n"));
  Diagnostic d;
  d.summary = "Reference to undeclared input variable";
  d.detail = "Did you mean `var.mesh1`?";
  d.range = SourceRange{"main.fed.hcl", {2, 5, 10}, {2, 13, 18}};
  CHECK(render_diagnostic(d, &files) ==
        "Error: main.fed.hcl:2:5: Reference to undeclared input variable\n"
        "  2 | b = var.mesh\n"
        "    |     ^^^^^^^^\n"
        "  Did you mean `var.mesh1`?\n");
}

TEST_CASE("a diagnostic about an object names its address") {
  Diagnostic d;
  d.summary = "prevent_destroy is set";
  d.address = "kube_object.peer[\"mesh1\"]";
  CHECK(short_diagnostic(d) == "kube_object.peer[\"mesh1\"]: prevent_destroy is set");
}

TEST_CASE("a located diagnostic about an object names the object under the location") {
  SourceFiles files;
  files.add("m.fed.hcl", std::make_shared<std::string>("condition = false\n"));
  Diagnostic d;
  d.summary = "Resource precondition failed";
  d.detail = "Trust domains must differ.";
  d.address = "module.peer.kube_object.ca";
  d.range = SourceRange{"m.fed.hcl", {1, 13, 12}, {1, 18, 17}};
  CHECK(render_diagnostic(d, &files) ==
        "Error: m.fed.hcl:1:13: Resource precondition failed\n"
        "  with module.peer.kube_object.ca,\n"
        "  1 | condition = false\n"
        "    |             ^^^^^\n"
        "  Trust domains must differ.\n");
}

TEST_CASE("a warning is marked as such and does not count as an error") {
  Diagnostics ds;
  ds.warning("deprecated", "", SourceRange{"x.fed.hcl", {1, 1, 0}, {1, 2, 1}});
  CHECK_FALSE(ds.has_errors());
  CHECK(short_diagnostic(ds.items[0]) == "x.fed.hcl:1:1: warning: deprecated");
  ds.error("boom");
  CHECK(ds.has_errors());
  CHECK(render_diagnostic(ds.items[1], nullptr) == "Error: boom\n");
  ds.warning("no file");
  CHECK(render_diagnostic(ds.items[2], nullptr) == "Warning: no file\n");
}

TEST_CASE("a caret past the end of a short line is clamped to one column") {
  SourceFiles files;
  files.add("f", std::make_shared<std::string>("ab"));
  Diagnostic d;
  d.summary = "s";
  d.range = SourceRange{"f", {1, 3, 2}, {1, 9, 8}};
  CHECK(render_diagnostic(d, &files) == "Error: f:1:3: s\n  1 | ab\n    |   ^\n");
}

TEST_CASE("a long source line is quoted as a window around the column") {
  SourceFiles files;
  std::string line = std::string(100000, 'a');
  line.replace(50000, 3, "BAD");
  files.add("big.fed.hcl", std::make_shared<std::string>("x = 1\n" + line + "\ny = 2\n"));
  Diagnostic d;
  d.summary = "s";
  d.range = SourceRange{"big.fed.hcl", {2, 50001, 50006}, {2, 50004, 50009}};
  std::string out = render_diagnostic(d, &files);
  CHECK(out.size() < 600);
  // 60 bytes before the column, then up to 200 bytes in all, with … where the line goes on.
  std::string shown =
      "\xE2\x80\xA6" + std::string(60, 'a') + "BAD" + std::string(137, 'a') + "\xE2\x80\xA6";
  CHECK(out == "Error: big.fed.hcl:2:50001: s\n  2 | " + shown + "\n    | " + std::string(61, ' ') +
                   "^^^\n");
}

TEST_CASE("a long line is cut only on the side that goes on") {
  SourceFiles files;
  std::string line = "BAD" + std::string(1000, 'a');
  files.add("f", std::make_shared<std::string>(line));
  Diagnostic d;
  d.summary = "s";
  d.range = SourceRange{"f", {1, 1, 0}, {1, 4, 3}};
  CHECK(render_diagnostic(d, &files) ==
        "Error: f:1:1: s\n  1 | BAD" + std::string(197, 'a') + "\xE2\x80\xA6\n    | ^^^\n");
  d.range = SourceRange{"f", {1, 1001, 1000}, {1, 1001, 1000}};
  CHECK(render_diagnostic(d, &files) == "Error: f:1:1001: s\n  1 | \xE2\x80\xA6" +
                                            std::string(200, 'a') + "\n    | " +
                                            std::string(198, ' ') + "^\n");
}

TEST_CASE("a window does not cut a multi-byte character in two") {
  SourceFiles files;
  // Each é is two bytes: a cut at an odd byte would split one.
  std::string line;
  for (int i = 0; i < 500; ++i) line += "\xC3\xA9";
  files.add("f", std::make_shared<std::string>(line));
  Diagnostic d;
  d.summary = "s";
  d.range = SourceRange{"f", {1, 502, 501}, {1, 503, 502}};
  std::string out = render_diagnostic(d, &files);
  size_t quote = out.find("| ") + 2;
  std::string shown = out.substr(quote, out.find('\n', quote) - quote);
  CHECK(shown.substr(0, 3) == "\xE2\x80\xA6");
  CHECK(shown.substr(3, 2) == "\xC3\xA9");
  CHECK(shown.substr(shown.size() - 5, 2) == "\xC3\xA9");
}

TEST_CASE("quoting a line far into a file finds it through the line index") {
  SourceFiles files;
  std::string text;
  for (int i = 1; i <= 1000; ++i) text += "line" + std::to_string(i) + "\r\n";
  files.add("f", std::make_shared<std::string>(text));
  Diagnostic d;
  d.summary = "s";
  d.range = SourceRange{"f", {777, 1, 0}, {777, 5, 0}};
  CHECK(render_diagnostic(d, &files) == "Error: f:777:1: s\n  777 | line777\n      | ^^^^\n");
  d.range = SourceRange{"f", {1001, 1, 0}, {1001, 1, 0}};
  CHECK(render_diagnostic(d, &files) == "Error: f:1001:1: s\n  1001 | \n       | ^\n");
  d.range = SourceRange{"f", {1002, 1, 0}, {1002, 1, 0}};
  CHECK(render_diagnostic(d, &files) == "Error: f:1002:1: s\n");
}

TEST_CASE("append_new drops a finding already reported at the same place, whatever its address") {
  fedplan::Diagnostics d;
  fedplan::SourceRange at{"main.fed.hcl", {1, 1, 0}, {1, 9, 8}};
  d.error("Earlier", "before the mark", at);
  size_t mark = d.size();
  d.error("Missing required argument", "The argument \"filename\" is required.", at);
  fedplan::Diagnostics from_provider;
  from_provider.error("Missing required argument", "The argument \"filename\" is required.", at)
      .address = "local_file.f";
  from_provider.error("Missing required argument", "The argument \"content\" is required.", at);
  from_provider.warning("Missing required argument", "The argument \"filename\" is required.", at);
  from_provider.error("Earlier", "before the mark", at);  // before `mark`: not compared
  d.append_new(std::move(from_provider), mark);
  REQUIRE(d.size() == 5);
  CHECK(d.items[2].detail == "The argument \"content\" is required.");
  CHECK(d.items[3].severity == fedplan::Severity::Warning);
  CHECK(d.items[4].summary == "Earlier");
}
