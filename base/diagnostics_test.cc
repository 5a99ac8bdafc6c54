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
        "main.fed.hcl:2:5: Reference to undeclared input variable\n"
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
        "m.fed.hcl:1:13: Resource precondition failed\n"
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
  CHECK(render_diagnostic(d, &files) == "f:1:3: s\n  1 | ab\n    |   ^\n");
}
