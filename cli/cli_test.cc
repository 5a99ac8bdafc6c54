// Tests for the command table: help, version, unknown commands and flags, one-dash flags.
// Commands run in-process over string streams.
#include "cli/cli.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "base/testing/temp_dir.h"
#include "cli/testing/cli_run.h"

using namespace fedplan;

namespace {

using Run = testing::CliRun;
using testing::cli_run;

}  // namespace

TEST_CASE("version prints the project version with one dash or two or as a command") {
  for (auto args :
       std::vector<std::vector<std::string>>{{"--version"}, {"-version"}, {"version"}}) {
    Run r = cli_run(args);
    CHECK(r.code == 0);
    CHECK(r.out.rfind("fedplan v", 0) == 0);
  }
  CHECK(cli_run({"version", "-json"}).out.find("\"fedplan_version\"") != std::string::npos);
}

TEST_CASE("help lists the commands and a command's -h shows its flags") {
  Run r = cli_run({"help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("version") != std::string::npos);
  Run h = cli_run({"version", "-h"});
  CHECK(h.code == 0);
  CHECK(h.out.find("--json") != std::string::npos);
  CHECK(cli_run({"help", "version"}).out.find("--json") != std::string::npos);
}

TEST_CASE("an unknown command or flag is an error that says what was wrong") {
  Run r = cli_run({"frobnicate"});
  CHECK(r.code == 1);
  CHECK(r.err.find("unknown command \"frobnicate\"") != std::string::npos);
  Run f = cli_run({"version", "-nope"});
  CHECK(f.code == 1);
  CHECK(f.err.find("nope") != std::string::npos);
  CHECK(cli_run({}).code == 1);
}

TEST_CASE("a misspelt command or flag gets a did-you-mean") {
  Run r = cli_run({"aply"});
  CHECK(r.code == 1);
  CHECK(r.err.find("Error: fedplan: unknown command \"aply\". Did you mean \"apply\"?") == 0);
  CHECK(cli_run({"zzzzzz"}).err.find("Did you mean") == std::string::npos);
  Run f = cli_run({"plan", "-destory"});
  CHECK(f.code == 1);
  CHECK(f.err.find("Did you mean -destroy?") != std::string::npos);
}

TEST_CASE("help shows flags, never the slots positional arguments are parsed into") {
  for (const char* cmd : {"state", "workspace", "fmt", "import", "show", "force-unlock"}) {
    Run r = cli_run({cmd, "-h"});
    CHECK(r.code == 0);
    for (const char* slot : {"--words ", "--addr ", "--id ", "--planfile ", "--target "})
      CHECK_MESSAGE(r.out.find(slot) == std::string::npos, cmd << " shows " << slot);
  }
  // Every command's help works and shows no slot.
  for (const Command& c : commands()) {
    Run r = cli_run({c.name, "-h"});
    CHECK_MESSAGE(r.code == 0, std::string(c.name) << " -h: " << r.err);
    CHECK_MESSAGE(r.out.find("sage: fedplan ") != std::string::npos, std::string(c.name));
    for (const char* slot : {"--words ", "--addr ", "--id ", "--planfile ", "--args "})
      CHECK_MESSAGE(r.out.find(slot) == std::string::npos, std::string(c.name)
                                                               << " shows " << slot);
  }
  // A slot its usage names as a flag stays: import's -dir DIR.
  CHECK(cli_run({"import", "-h"}).out.find("--dir ") != std::string::npos);
  CHECK(cli_run({"plan", "-h"}).out.find("--target ") != std::string::npos);
}

TEST_CASE("-chdir switches directory before the command reads anything") {
  namespace fs = std::filesystem;
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", "output \"where\" {\n  value = \"here\"\n}\n");
  fs::path before = fs::current_path();
  Run r = cli_run({"-chdir=" + dir.path(), "validate"});
  fs::path during = fs::current_path();
  fs::current_path(before);
  CHECK(r.code == 0);
  CHECK(fs::equivalent(during, fs::path(dir.path())));
  Run sep = cli_run({"-chdir", dir.path(), "plan", "-no-color"});
  fs::current_path(before);
  CHECK(sep.code == 0);
  CHECK(sep.out.find("where = \"here\"") != std::string::npos);
  Run bad = cli_run({"-chdir=" + dir.path() + "/missing", "plan"});
  CHECK(bad.code == 1);
  CHECK(bad.err.find("-chdir: cannot change to the directory") != std::string::npos);
  CHECK(bad.err.find("No such file or directory") != std::string::npos);
  CHECK(fs::current_path() == before);
  CHECK(cli_run({"-chdir"}).code == 1);
}

TEST_CASE("a missing required argument is reported once by validate and by plan") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", "resource \"local_file\" \"f\" {\n  content = \"x\"\n}\n");
  for (const char* cmd : {"validate", "plan"}) {
    Run r = cli_run({cmd, "-no-color", dir.path()});
    CHECK(r.code == 1);
    size_t first = r.err.find("Missing required argument");
    REQUIRE(first != std::string::npos);
    CHECK_MESSAGE(r.err.find("Missing required argument", first + 1) == std::string::npos,
                  cmd << ": " << r.err);
  }
}

TEST_CASE("one-dash long flags become two-dash, short flags and negative numbers stay") {
  auto out = normalize_flags({"-var", "x=-1", "-h", "--out=f", "-5", "plan"});
  CHECK(out == std::vector<std::string>{"--var", "x=-1", "-h", "--out=f", "-5", "plan"});
}

TEST_CASE("apply, a no-op plan, an output-only change and destroy, with their summary lines") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", R"(
variable "label" {
  default = "one"
}
resource "null_resource" "a" {}
resource "null_resource" "b" { input = null_resource.a.id }
output "label" { value = var.label }
)");
  std::string d = dir.path();
  Run apply = cli_run({"apply", "-auto-approve", "-no-color", d});
  CHECK_MESSAGE(apply.code == 0, apply.err);
  CHECK(apply.out.find("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.") !=
        std::string::npos);
  Run again = cli_run({"plan", "-detailed-exitcode", "-no-color", d});
  CHECK_MESSAGE(again.code == 0, again.out << again.err);
  // Only an output changes: still a change to apply (exit 2), as Terraform says.
  Run outputs = cli_run({"plan", "-detailed-exitcode", "-no-color", "-var", "label=two", d});
  CHECK_MESSAGE(outputs.code == 2, outputs.out << outputs.err);
  CHECK(outputs.out.find("Changes to Outputs:") != std::string::npos);
  CHECK(cli_run({"plan", "-parallelism", "0", d}).err.find("-parallelism must be at least 1") !=
        std::string::npos);
  Run destroy = cli_run({"destroy", "-auto-approve", "-no-color", d});
  CHECK_MESSAGE(destroy.code == 0, destroy.err);
  CHECK_MESSAGE(destroy.out.find("Destroy complete! Resources: 2 destroyed.") != std::string::npos,
                destroy.out);
}

TEST_CASE("apply -replace deletes the object and creates a new one") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl",
            "resource \"null_resource\" \"a\" {}\noutput \"id\" { value = null_resource.a.id }\n");
  std::string d = dir.path();
  REQUIRE(cli_run({"apply", "-auto-approve", d}).code == 0);
  std::string before = cli_run({"output", "-raw", "-dir", d, "id"}).out;
  Run replaced = cli_run({"apply", "-auto-approve", "-no-color", "-replace", "null_resource.a", d});
  CHECK_MESSAGE(replaced.code == 0, replaced.out << replaced.err);
  CHECK(replaced.out.find("Resources: 1 added, 0 changed, 1 destroyed.") != std::string::npos);
  std::string after = cli_run({"output", "-raw", "-dir", d, "id"}).out;
  CHECK(!after.empty());
  CHECK(after != before);
}

TEST_CASE("output lists, prints one by name, -raw prints it bare, -no-color is accepted") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {}
output "address" { value = "10.0.0.1" }
output "ports" { value = [15443, 8188] }
)");
  std::string d = dir.path();
  REQUIRE(cli_run({"apply", "-auto-approve", d}).code == 0);
  std::string state = dir / "fedplan.state.json";
  Run all = cli_run({"output", "-no-color", "-state", state});
  CHECK_MESSAGE(all.code == 0, all.err);
  CHECK(all.out == "address = \"10.0.0.1\"\nports = [15443, 8188]\n");
  CHECK(cli_run({"output", "-state", state, "address"}).out == "\"10.0.0.1\"\n");
  CHECK(cli_run({"output", "-raw", "-state", state, "address"}).out == "10.0.0.1");
  Run list = cli_run({"output", "-raw", "-state", state, "ports"});
  CHECK(list.code == 1);
  CHECK(list.err.find("-json") != std::string::npos);
  CHECK(cli_run({"output", "-raw", "-state", state}).code == 1);
  CHECK(cli_run({"output", "-json", "-state", state, "ports"}).out == "[15443,8188]\n");
}

TEST_CASE("validate refuses a firewalld provider block that plan refuses, naming the block") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", R"(provider "firewalld" {
  transport = "ssh"
  host      = "-oProxyCommand=touch pwned"
}
resource "firewalld_port" "p" {
  zone     = "libvirt"
  port     = "31000"
  protocol = "tcp"
}
)");
  const std::string why = "Invalid value for \"host\"";
  Run v = cli_run({"validate", "-no-color", dir.path()});
  CHECK(v.code == 1);
  CHECK_MESSAGE(v.err.find(why) != std::string::npos, v.err);
  CHECK_MESSAGE(v.err.find("main.fed.hcl:1:1") != std::string::npos, v.err);
  Run p = cli_run({"plan", "-no-color", dir.path()});
  CHECK(p.code == 1);
  CHECK_MESSAGE(p.err.find(why) != std::string::npos, p.err);
  CHECK_FALSE(std::filesystem::exists(dir / "pwned"));
}

TEST_CASE("force-unlock without a terminal advises the -force it takes, not -auto-approve") {
  fedplan::testing::TempDir dir;
  Run r = cli_run({"force-unlock", "some-id", dir.path()});
  CHECK(r.code == 1);
  CHECK_MESSAGE(r.err.find("standard input is not a terminal") != std::string::npos, r.err);
  CHECK_MESSAGE(r.err.find("Run with -force") != std::string::npos, r.err);
  CHECK_MESSAGE(r.err.find("auto-approve") == std::string::npos, r.err);
  Run f = cli_run({"force-unlock", "some-id", dir.path(), "-auto-approve"});
  CHECK(f.code == 1);
}
