// `plan -format markdown` and `show -format markdown` as a pull-request pipeline runs them: the
// title names where the plan comes from, -max-size is checked, a failed plan is still a report.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/testing/temp_dir.h"
#include "cli/testing/cli_run.h"
#include "state/local_backend.h"

using namespace fedplan;

namespace {

using testing::cli_run;
using testing::CliRun;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("the markdown title names the directory within its repository, workspace, backend") {
  fedplan::testing::TempDir repo;
  repo.write(".git/HEAD", "ref: refs/heads/main\n");
  std::string dir = repo.write("infra/prod/main.fed.hcl", "resource \"null_resource\" \"a\" {}\n");
  dir = dir.substr(0, dir.rfind('/'));
  std::string planfile = repo.path() + "/pr.plan";
  CliRun plan = cli_run({"plan", "-format", "markdown", "-out", planfile, dir});
  REQUIRE_MESSAGE(plan.code == 0, plan.err);
  CHECK_MESSAGE(plan.out.rfind("### fedplan plan \u00b7 `infra/prod` \u00b7 workspace `default` "
                               "\u00b7 backend `local state file ",
                               0) == 0,
                plan.out);
  CHECK(has(plan.out, "**Plan:** 1 to add, 0 to change, 0 to destroy\n"));
  CHECK(has(plan.out, "| `null_resource` | 1 | 0 | 0 | 0 |\n"));
  CliRun show = cli_run({"show", "-format", "markdown", planfile});
  REQUIRE_MESSAGE(show.code == 0, show.err);
  CHECK_MESSAGE(show.out.rfind("### fedplan show \u00b7 ", 0) == 0, show.out);
  CHECK(has(show.out, "**Plan:** 1 to add, 0 to change, 0 to destroy\n"));
}

TEST_CASE("-max-size cuts the markdown and names the saved plan, in plan and in show") {
  fedplan::testing::TempDir dir;
  std::string config;
  for (int i = 0; i < 40; ++i)
    config += "resource \"null_resource\" \"r" + std::to_string(i) +
              "\" {\n  triggers = { note = \"" + std::string(200, 'n') + "\" }\n}\n";
  dir.write("main.fed.hcl", config);
  std::string planfile = dir.path() + "/pr.plan";
  CliRun plan =
      cli_run({"plan", "-format", "markdown", "-max-size", "3000", "-out", planfile, dir.path()});
  REQUIRE_MESSAGE(plan.code == 0, plan.err);
  CHECK(plan.out.size() <= 3000);
  CHECK_MESSAGE(has(plan.out, "> **Note:** cut to fit 3000 characters: "), plan.out);
  CHECK(has(plan.out, "The full plan: `fedplan show " + planfile + "`."));
  CliRun full = cli_run({"show", "-format", "markdown", "-max-size", "1000000", planfile});
  CHECK(full.out.size() > 3000);
  CHECK_FALSE(has(full.out, "**Note:**"));
  CliRun cut = cli_run({"show", "-format", "markdown", "-max-size", "3000", planfile});
  CHECK(cut.out.size() <= 3000);
}

TEST_CASE("a bad -max-size is refused with a clear error") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", "resource \"null_resource\" \"a\" {}\n");
  for (std::string bad : {"10", "-5", "60k", "", "1e9"}) {
    CliRun r = cli_run({"plan", "-format", "markdown", "-max-size", bad, dir.path()});
    CHECK(r.code == 1);
    CHECK_MESSAGE(
        has(r.err, "-max-size takes a number of characters, at least 1000; got \"" + bad + "\""),
        r.err);
  }
  CliRun text = cli_run({"plan", "-max-size", "5000", dir.path()});
  CHECK(text.code == 1);
  CHECK(has(text.err, "-max-size applies to -format markdown only"));
}

TEST_CASE("a failed plan in markdown is a report with the diagnostics and what was planned") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", R"(resource "null_resource" "a" {}
resource "null_resource" "b" {
  triggers = { f = file("${path.module}/missing.txt") }
}
)");
  CliRun plan = cli_run({"plan", "-format", "markdown", dir.path()});
  CHECK(plan.code == 1);
  CHECK_MESSAGE(has(plan.out, "**Plan failed** with 1 error; nothing can be applied.\n"), plan.out);
  CHECK(has(plan.out, "main.fed.hcl:3:25: Invalid function argument\n"));
  CHECK(has(plan.out, "  3 |   triggers = { f = file("));
  CHECK(has(plan.out, "#### What could be planned before the error\n\n**Plan:** "));
  CHECK(has(plan.out, "# null_resource.a will be created"));
  // A configuration that does not load: the error with its place, nothing planned.
  dir.write("main.fed.hcl", "resource \"null_resource\" \"a\" { input = var.nope }\n");
  CliRun broken = cli_run({"plan", "-format", "markdown", dir.path()});
  CHECK(broken.code == 1);
  CHECK_MESSAGE(has(broken.out, "main.fed.hcl:1:"), broken.out);
  CHECK(has(broken.out, "Nothing could be planned.\n"));
}

TEST_CASE("a plan stopped by a held state lock is a failed plan: markdown report, errored JSON") {
  fedplan::testing::TempDir dir;
  dir.write("main.fed.hcl", "resource \"null_resource\" \"a\" {}\n");
  LocalBackend other(dir.path() + "/fedplan.state.json");
  SystemClock clock;
  Diagnostics diags;
  LockInfo info = new_lock_info("apply", clock);
  REQUIRE(other.lock(info, std::chrono::milliseconds(0), diags).acquired);
  CliRun md = cli_run({"plan", "-format", "markdown", dir.path()});
  CHECK(md.code == 1);
  CHECK_MESSAGE(has(md.out, "**Plan failed** with 1 error"), md.out);
  CHECK(has(md.out, "Error acquiring the state lock"));
  CHECK(has(md.out, "Nothing could be planned.\n"));
  CliRun json = cli_run({"plan", "-format", "json", dir.path()});
  CHECK(json.code == 1);
  CHECK(nlohmann::json::parse(json.out)["errored"] == true);
  REQUIRE(other.unlock(info.id, diags));
}

}  // namespace
