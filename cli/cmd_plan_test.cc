// Tests for `fedplan plan` and `show PLANFILE` output as a user gets it: a sensitive root variable
// is never printed in clear, a failed plan is still a JSON document, the plan time travels.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "base/testing/temp_dir.h"
#include "cli/testing/cli_run.h"

using namespace fedplan;

namespace {

using testing::cli_run;
using testing::cli_run_env;
using testing::CliEnv;
using testing::CliRun;

const char* kPlanConfig = R"(
variable "password" {
  type      = string
  sensitive = true
}
variable "creds" {
  type      = object({ user = string, token = string })
  sensitive = true
  default   = { user = "u", token = "t" }
}
resource "null_resource" "a" {}
)";

const std::string kSecret = "hunter2-Zq9";

// Plans in `dir` in every format, and shows the saved plan in every format, checking that no
// output holds the secret and that the JSON marks the variable sensitive.
void check_never_in_clear(const std::string& dir, const std::vector<std::string>& extra,
                          const CliEnv& env) {
  std::string planfile = dir + "/plan.bin";
  for (std::string format : {"text", "markdown", "json"}) {
    std::vector<std::string> args = {"plan", "-no-color", "-format", format, "-out", planfile};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(dir);
    CliRun plan = cli_run_env(env, args);
    CHECK_MESSAGE(plan.code == 0, plan.err);
    CHECK_MESSAGE(plan.out.find("Zq9") == std::string::npos, format << ": " << plan.out);
    CHECK(plan.err.find("Zq9") == std::string::npos);
    if (format == "json")
      CHECK_MESSAGE(
          plan.out.find(R"("password":{"sensitive":true,"value":null})") != std::string::npos,
          plan.out);
    CliRun show = cli_run_env(env, {"show", "-no-color", "-format", format, planfile});
    CHECK_MESSAGE(show.code == 0, show.err);
    CHECK_MESSAGE(show.out.find("Zq9") == std::string::npos, format << ": " << show.out);
  }
  // The mark does not stop the saved plan from being applied with the value it holds.
  CliRun apply = cli_run_env(env, {"apply", "-no-color", planfile});
  CHECK_MESSAGE(apply.code == 0, apply.err);
  CHECK(apply.out.find("Zq9") == std::string::npos);
}

}  // namespace

TEST_CASE("a sensitive root variable given with -var is in no plan output") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", kPlanConfig);
  check_never_in_clear(dir.path(),
                       {"-var", "password=" + kSecret, "-var",
                        "creds={ user = \"u\", token = \"" + kSecret + "\" }"},
                       {});
}

TEST_CASE("a sensitive root variable given in a -var-file is in no plan output") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", kPlanConfig);
  dir.write("secret.fedvars", "password = \"" + kSecret + "\"\n");
  check_never_in_clear(dir.path(), {"-var-file", dir.path() + "/secret.fedvars"}, {});
}

TEST_CASE("a sensitive root variable given in the environment is in no plan output") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", kPlanConfig);
  check_never_in_clear(dir.path(), {}, {{"FEDPLAN_VAR_password", kSecret}});
}

TEST_CASE("a failed plan prints JSON marked errored with what could be planned") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", R"(
variable "ok" {
  default = false
}
resource "null_resource" "a" {}
resource "null_resource" "b" {
  lifecycle {
    precondition {
      condition     = var.ok
      error_message = "Not ok."
    }
  }
}
)");
  CliRun plan = cli_run({"plan", "-format", "json", dir.path()});
  CHECK(plan.code == 1);
  CHECK(plan.err.find("Not ok.") != std::string::npos);
  auto doc = nlohmann::json::parse(plan.out);
  CHECK(doc["errored"] == true);
  bool has_a = false;
  for (const auto& rc : doc["resource_changes"])
    has_a = has_a || rc["address"] == "null_resource.a";
  CHECK(has_a);
  // Text keeps stdout empty: the diagnostics on stderr say it all.
  CHECK(cli_run({"plan", "-no-color", dir.path()}).out.find("Plan:") == std::string::npos);
  // A configuration that does not load is errored too, with nothing planned.
  dir.write("main.fed.hcl", "resource \"null_resource\" \"a\" { input = var.nope }\n");
  CliRun broken = cli_run({"plan", "-format", "json", dir.path()});
  CHECK(broken.code == 1);
  CHECK(nlohmann::json::parse(broken.out)["errored"] == true);
}

TEST_CASE("plan JSON carries the time it was made, and show of the saved plan the same") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", "resource \"null_resource\" \"a\" {}\n");
  std::string planfile = dir.path() + "/plan.bin";
  CliRun plan = cli_run({"plan", "-format", "json", "-out", planfile, dir.path()});
  REQUIRE_MESSAGE(plan.code == 0, plan.err);
  std::string stamp = nlohmann::json::parse(plan.out)["timestamp"].get<std::string>();
  CHECK(stamp.size() == 20);
  CHECK(stamp.back() == 'Z');
  CliRun show = cli_run({"show", "-format", "json", planfile});
  CHECK(nlohmann::json::parse(show.out)["timestamp"] == stamp);
}
