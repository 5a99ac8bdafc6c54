// Tests of where root variable values come from: the environment, the files fedplan reads by
// itself from the configuration directory, -var-file and -var, in Terraform's order.
#include <doctest/doctest.h>

#include <string>

#include "base/testing/temp_dir.h"
#include "cli/testing/cli_run.h"

using fedplan::testing::cli_run;
using fedplan::testing::CliEnv;
using fedplan::testing::TempDir;

namespace {

// A root module with one output per variable, so a plan prints the value each one got.
void write_config(TempDir& dir) {
  std::string cfg;
  for (const char* v : {"a", "b", "c", "d", "e", "f", "g"})
    cfg += std::string("variable \"") + v + "\" {\n  default = \"default\"\n}\noutput \"" + v +
           "\" {\n  value = var." + v + "\n}\n";
  dir.write("main.fed.hcl", cfg);
}

}  // namespace

TEST_CASE("fedplan.fedvars and *.auto.fedvars are read from the configuration directory") {
  TempDir dir;
  write_config(dir);
  dir.write("fedplan.fedvars",
            "a = \"fedvars\"\nb = \"fedvars\"\nc = \"fedvars\"\n"
            "d = \"fedvars\"\ne = \"fedvars\"\nf = \"fedvars\"\n");
  dir.write("fedplan.fedvars.json", R"({"b": "fedvars.json", "c": "fedvars.json",
    "d": "fedvars.json", "e": "fedvars.json", "f": "fedvars.json"})");
  dir.write("x.auto.fedvars", "c = \"x.auto\"\nd = \"x.auto\"\ne = \"x.auto\"\nf = \"x.auto\"\n");
  dir.write("y.auto.fedvars.json",
            R"({"d": "y.auto.json", "e": "y.auto.json", "f": "y.auto.json"})");
  dir.write("given.fedvars", "e = \"var-file\"\nf = \"var-file\"\n");
  // Not read: only the two names and the .auto. ones are.
  dir.write("other.fedvars", "g = \"other\"\n");
  dir.write(".hidden.auto.fedvars", "g = \"hidden\"\n");
  CliEnv env = {{"FEDPLAN_VAR_a", "env"}, {"FEDPLAN_VAR_g", "env"}};
  auto r = cli_run({"plan", "-no-color", "-var-file", dir.path() + "/given.fedvars", "-var",
                    "f=flag", dir.path()},
                   "", &env);
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("a = \"fedvars\"") != std::string::npos);
  CHECK(r.out.find("b = \"fedvars.json\"") != std::string::npos);
  CHECK(r.out.find("c = \"x.auto\"") != std::string::npos);
  CHECK(r.out.find("d = \"y.auto.json\"") != std::string::npos);
  CHECK(r.out.find("e = \"var-file\"") != std::string::npos);
  CHECK(r.out.find("f = \"flag\"") != std::string::npos);
  CHECK(r.out.find("g = \"env\"") != std::string::npos);
}

TEST_CASE("an error in an auto-loaded variables file names the file, line and column") {
  TempDir dir;
  write_config(dir);
  dir.write("prod.auto.fedvars", "a = \"ok\"\nb = [\n");
  auto r = cli_run({"validate", dir.path()});
  CHECK(r.code == 1);
  CHECK(r.err.find("prod.auto.fedvars:3:1: Invalid expression") != std::string::npos);
}
