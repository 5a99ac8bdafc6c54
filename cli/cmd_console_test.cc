// `fedplan console`: the root module's variables and locals printed as `terraform console`
// prints the same declarations (when terraform is installed), resources and outputs from the
// state, one result per piped line, and the first error ending a script.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "cli/testing/cli_run.h"
#include "lang/testing/terraform_console.h"

using fedplan::testing::cli_run;
using fedplan::testing::CliRun;
using fedplan::testing::TempDir;

namespace {

// Valid as *.fed.hcl and as *.tf alike.
const char kDeclarations[] = R"(
variable "meshes" {
  type = map(object({ peer = string, port = number }))
  default = {
    mesh1 = { peer = "mesh2", port = 15443 }
    mesh2 = { peer = "mesh1", port = 15444 }
  }
}
variable "name" {
  type    = string
  default = "fed"
}
variable "secret" {
  default   = "hunter2"
  sensitive = true
}
locals {
  peers    = [for k, m in var.meshes : "${k}->${m.peer}"]
  ports    = toset([for m in var.meshes : m.port])
  by_peer  = tomap({ for k, m in var.meshes : m.peer => k })
  banner   = "federation ${var.name}\nmeshes: ${length(var.meshes)}"
  nothing  = {}
  nested   = { a = [1, { b = true }], c = null }
}
)";

}  // namespace

TEST_CASE("console prints variables and locals as terraform console does") {
  TempDir fed, tf;
  fed.write("main.fed.hcl", kDeclarations);
  tf.write("main.tf", kDeclarations);
  const std::vector<std::string> exprs = {
      "var.meshes",      "var.name",
      "local.peers",     "local.ports",
      "local.by_peer",   "local.banner",
      "local.nothing",   "local.nested",
      "var.secret",      "{ banner = local.banner, n = 2 }",
      "upper(var.name)",
  };
  for (const std::string& e : exprs) {
    CliRun r = cli_run({"console", "-var", "name=east", fed.path()}, e + "\n");
    REQUIRE_MESSAGE(r.code == 0, e << ": " << r.err);
    std::string why;
    std::optional<std::string> want =
        fedplan::testing::terraform_console_print(e, &why, tf.path(), {"-var", "name=east"});
    if (!want) {
      REQUIRE_MESSAGE(why.rfind(fedplan::testing::kTerraformAbsent, 0) == 0, why);
      MESSAGE("the comparison with terraform is skipped: " << why);
      return;
    }
    CHECK_MESSAGE(r.out == *want, "expression: " << e);
  }
}

TEST_CASE("console reads resources and outputs from the state, one result per line") {
  TempDir dir;
  dir.write("main.fed.hcl", R"(
resource "null_resource" "a" { input = "hello" }
output "greeting" { value = "${null_resource.a.output}, world" }
)");
  REQUIRE(cli_run({"apply", "-auto-approve", dir.path()}).code == 0);
  dir.write("more.fed.hcl", R"(resource "null_resource" "later" {})");
  CliRun r = cli_run({"console", dir.path()},
                     "null_resource.a.input\n\noutput.greeting\nnull_resource.later.id\n"
                     "length(null_resource.a.id) > 0\n");
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out == "\"hello\"\n\"hello, world\"\n(known after apply)\ntrue\n");
}

TEST_CASE("console stops a script at its first error, naming the line") {
  TempDir dir;
  dir.write("main.fed.hcl", "variable \"x\" { default = 1 }\n");
  CliRun r = cli_run({"console", dir.path()}, "var.x\nvar.y\nvar.x + 1\n");
  CHECK(r.code == 1);
  CHECK(r.out == "1\n");
  CHECK(r.err.find("Error: <console-input>:2:1: Reference to undeclared input variable") == 0);
}

TEST_CASE("console prints typed nulls as terraform console does") {
  const char* decls = R"(
variable "s" {
  type    = string
  default = null
}
variable "l" {
  type    = list(string)
  default = null
}
variable "o" {
  type    = object({ a = string })
  default = null
}
variable "untyped" { default = null }
)";
  TempDir fed, tf;
  fed.write("main.fed.hcl", decls);
  tf.write("main.tf", decls);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"tostring(null)", "tostring(null)\n"},
      {"tonumber(null)", "tonumber(null)\n"},
      {"tobool(null)", "tobool(null)\n"},
      {"tolist(null)", "tolist(null) /* of dynamic */\n"},
      {"null", "null\n"},
      {"var.s", "tostring(null)\n"},
      {"var.l", "tolist(null) /* of string */\n"},
      {"var.o", "null /* object */\n"},
      {"var.untyped", "null\n"},
      {"[tostring(null)]", "[\n  tostring(null),\n]\n"},
      {"{ a = var.l }", "{\n  \"a\" = tolist(null) /* of string */\n}\n"},
      {"var.s == null ? null : \"x\"", "tostring(null)\n"},
  };
  for (const auto& [e, printed] : cases) {
    CliRun r = cli_run({"console", fed.path()}, e + "\n");
    REQUIRE_MESSAGE(r.code == 0, e << ": " << r.err);
    CHECK_MESSAGE(r.out == printed, "expression: " << e);
    std::string why;
    std::optional<std::string> want = fedplan::testing::terraform_console_print(e, &why, tf.path());
    if (!want) {
      REQUIRE_MESSAGE(why.rfind(fedplan::testing::kTerraformAbsent, 0) == 0, why);
      continue;
    }
    CHECK_MESSAGE(r.out == *want, "terraform disagrees on: " << e);
  }
}

TEST_CASE("console reads an expression over several lines while brackets or a heredoc are open") {
  TempDir dir;
  dir.write("main.fed.hcl", "variable \"x\" { default = 1 }\n");
  CliRun r = cli_run({"console", dir.path()},
                     "{\n  a = var.x\n  b = [\n    2,\n  ]\n}\n"
                     "<<EOT\nline one\n  {not a bracket\nEOT\n"
                     "\"(a string\"\nvar.x + (\n1)\n");
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        "{\n  \"a\" = 1\n  \"b\" = [\n    2,\n  ]\n}\n"
        "<<EOT\nline one\n  {not a bracket\n\nEOT\n"
        "\"(a string\"\n2\n");
  // An error on a continued expression names the line it is on.
  CliRun bad = cli_run({"console", dir.path()}, "var.x\n[\n  var.y,\n]\n");
  CHECK(bad.code == 1);
  CHECK(bad.err.find("<console-input>:3:") != std::string::npos);
}
