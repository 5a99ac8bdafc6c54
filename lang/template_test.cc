// templatefile() rendering: render_template() directly and through the function table with an
// in-memory file reader.
#include "lang/template.h"

#include <doctest/doctest.h>

#include <map>

#include "lang/parser.h"

using namespace fedplan;

namespace {

// A FunctionContext whose files live in a map.
FunctionContext memory_files(std::map<std::string, std::string> files) {
  FunctionContext fc;
  fc.base_dir = "mod";
  fc.read_file = [files](const std::string& path, std::string* contents, std::string* error) {
    auto it = files.find(path);
    if (it == files.end()) {
      *error = "no file " + path;
      return false;
    }
    *contents = it->second;
    return true;
  };
  return fc;
}

}  // namespace

TEST_CASE("render_template substitutes variables and runs directives") {
  Diagnostics diags;
  ValueMap vars{{"name", Value::string("mesh1")},
                {"peers", Value::tuple({Value::string("a"), Value::string("b")})}};
  Value v = render_template(
      "cluster: ${name}\npeers:\n%{ for p in peers ~}\n  - ${upper(p)}\n%{ endfor ~}\n"
      "literal: $${not} %%{ not }\n",
      "t.tpl", vars, FunctionContext{}, diags);
  CHECK(diags.empty());
  // `~}` strips all whitespace after it, the next line's indentation included.
  CHECK(v.as_string() == "cluster: mesh1\npeers:\n- A\n- B\nliteral: ${not} %{ not }\n");
}

TEST_CASE("a template with only one interpolation still renders a string") {
  Diagnostics diags;
  Value v = render_template("${n}", "t.tpl", {{"n", Value::number(3)}}, FunctionContext{}, diags);
  CHECK(v == Value::string("3"));
}

TEST_CASE("template errors point into the template file") {
  Diagnostics diags;
  render_template("line one\n${nope}\n", "t.tpl", {}, FunctionContext{}, diags);
  REQUIRE(diags.size() == 1);
  CHECK(short_diagnostic(diags.items[0]) == "t.tpl:2:3: Unknown variable");
  Diagnostics syntax;
  render_template("ok\n%{ if }\n", "t.tpl", {}, FunctionContext{}, syntax);
  REQUIRE(syntax.has_errors());
  CHECK(syntax.items[0].range->file == "t.tpl");
  CHECK(syntax.items[0].range->start.line == 2);
}

TEST_CASE("templatefile() through the evaluator, with marks and nested templates") {
  FunctionContext fc = memory_files({
      {"mod/outer.tpl", "[${templatefile(\"inner.tpl\", { v = x })}]"},
      {"mod/inner.tpl", "<${v}>"},
      {"mod/self.tpl", "${templatefile(\"self.tpl\", {})}"},
      {"mod/bad.tpl", "${nope}"},
  });
  auto run = [&](const std::string& src, Diagnostics& diags) {
    ExprPtr e = parse_expression(src, "main.fed.hcl", diags);
    EvalContext ctx;
    ctx.functions = fc;
    ctx.variables["secret"] = Value::string("s").mark_sensitive();
    return evaluate(*e, ctx, diags);
  };
  Diagnostics d1;
  CHECK(run("templatefile(\"outer.tpl\", { x = 1 })", d1) == Value::string("[<1>]"));
  CHECK(d1.empty());
  Diagnostics d2;
  CHECK(run("templatefile(\"inner.tpl\", { v = secret })", d2).sensitive());
  Diagnostics d3;
  run("templatefile(\"self.tpl\", {})", d3);
  REQUIRE(d3.has_errors());
  CHECK(d3.items[0].detail.find("Templates nested too deeply") != std::string::npos);
  Diagnostics d4;
  run("templatefile(\"bad.tpl\", {})", d4);
  REQUIRE(d4.has_errors());
  CHECK(d4.items[0].summary == "Error in function call");
  CHECK(d4.items[0].detail.find("mod/bad.tpl:1:3: Unknown variable") != std::string::npos);
}
