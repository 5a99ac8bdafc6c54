// Tests of workspaces, `fedplan locks` and `state migrate` through the CLI, on the local
// backend: separate states per workspace, the recorded selection, and copies that never fork.
#include <doctest/doctest.h>

#include <filesystem>

#include "base/testing/temp_dir.h"
#include "cli/testing/cli_run.h"
#include "state/local_backend.h"

namespace fedplan {
namespace {

using testing::cli_run;
using testing::cli_run_env;
namespace fs = std::filesystem;

const char* kConfig = R"(
resource "null_resource" "a" {}
)";

TEST_CASE("each workspace has its own state and the selection is remembered") {
  testing::TempDir dir;
  dir.write("main.fed.hcl", kConfig);
  std::string d = dir.path();
  REQUIRE(cli_run({"apply", "-auto-approve", d}).code == 0);
  auto made = cli_run({"workspace", "new", "staging", "-dir", d});
  CHECK_MESSAGE(made.code == 0, made.err);
  CHECK(cli_run({"workspace", "show", "-dir", d}).out == "staging\n");
  CHECK(cli_run({"workspace", "list", "-dir", d}).out == "  default\n* staging\n");
  // The new workspace starts empty: the plan creates the resource again.
  auto plan = cli_run({"plan", "-detailed-exitcode", d});
  CHECK_MESSAGE(plan.code == 2, plan.out << plan.err);
  REQUIRE(cli_run({"apply", "-auto-approve", d}).code == 0);
  CHECK(fs::exists(dir / "fedplan.state.d/staging/fedplan.state.json"));
  CHECK(cli_run({"workspace", "new", "staging", "-dir", d}).code == 1);
  CHECK(cli_run({"workspace", "select", "nope", "-dir", d}).err.find("does not exist") !=
        std::string::npos);
  // FEDPLAN_WORKSPACE overrides the selection, and a missing one is refused.
  testing::CliEnv env = {{"FEDPLAN_WORKSPACE", "prod"}};
  auto missing = cli_run_env(env, {"plan", d});
  CHECK(missing.code == 1);
  CHECK_MESSAGE(missing.err.find("Workspace \"prod\" does not exist") != std::string::npos,
                missing.err);
  // Deleting: not the current one, not a non-empty one without -force.
  CHECK(cli_run({"workspace", "delete", "staging", "-dir", d}).code == 1);
  REQUIRE(cli_run({"workspace", "select", "default", "-dir", d}).code == 0);
  auto full = cli_run({"workspace", "delete", "staging", "-dir", d});
  CHECK(full.code == 1);
  CHECK_MESSAGE(full.err.find("is not empty") != std::string::npos, full.err);
  CHECK(cli_run({"workspace", "delete", "staging", "-force", "-dir", d}).code == 0);
  CHECK_FALSE(fs::exists(dir / "fedplan.state.d/staging"));
  CHECK(cli_run({"workspace", "list", "-dir", d}).out == "* default\n");
}

TEST_CASE("locks lists a held lock with its holder and a stale record as stale") {
  testing::TempDir dir;
  dir.write("main.fed.hcl", kConfig);
  CHECK(cli_run({"locks", dir.path()}).out.find("No locks held") != std::string::npos);
  LocalBackend holder(dir / "fedplan.state.json");
  Diagnostics diags;
  SystemClock clock;
  LockInfo info = new_lock_info("apply", clock);
  REQUIRE(holder.lock(info, std::chrono::milliseconds(0), diags).acquired);
  auto held = cli_run({"locks", dir.path()});
  CHECK_MESSAGE(held.out.find("default: ") == 0, held.out);
  CHECK(held.out.find(info.id) != std::string::npos);
  CHECK(held.out.find("(apply)") != std::string::npos);
  CHECK(held.out.find("holder gone") == std::string::npos);
  CHECK(cli_run({"locks", "-json", dir.path()}).out.find("\"stale\": false") != std::string::npos);
  // A record whose flock is gone (a killed holder) is listed as stale.
  dir.write(".fedplan.state.json.lock", info.to_json().dump());
  REQUIRE(holder.unlock(info.id, diags));
  dir.write(".fedplan.state.json.lock", info.to_json().dump());
  CHECK(cli_run({"locks", dir.path()}).out.find("holder gone") != std::string::npos);
}

TEST_CASE("state migrate copies every workspace and refuses to fork or go back") {
  testing::TempDir dir;
  dir.write("main.fed.hcl", kConfig);
  std::string d = dir.path();
  REQUIRE(cli_run({"apply", "-auto-approve", "-state", dir / "old.json", d}).code == 0);
  // The configuration now names the new place; the old one is given as the source.
  dir.write("backend.fed.hcl",
            "fedplan {\n  backend \"local\" {\n    path = \"new/state.json\"\n  }\n}\n");
  fs::create_directories(dir / "new");
  std::vector<std::string> migrate = {"state",
                                      "migrate",
                                      "-dir",
                                      d,
                                      "-from-backend",
                                      "local",
                                      "-from-backend-config",
                                      "path=" + (dir / "old.json")};
  auto r = cli_run(migrate);
  CHECK_MESSAGE(r.code == 0, r.out << r.err);
  CHECK(r.out.find("default: copied") != std::string::npos);
  auto plan = cli_run({"plan", "-detailed-exitcode", d});
  CHECK_MESSAGE(plan.code == 0, plan.out << plan.err);
  // Again: nothing to do.
  auto again = cli_run(migrate);
  CHECK_MESSAGE(again.out.find("already there") != std::string::npos, again.out << again.err);
  // The destination moved on: copying the older source back over it is refused.
  dir.write("more.fed.hcl", "resource \"null_resource\" \"b\" {}\n");
  REQUIRE(cli_run({"apply", "-auto-approve", d}).code == 0);
  fs::remove(dir / "more.fed.hcl");
  auto stale = cli_run(migrate);
  CHECK(stale.code == 1);
  CHECK_MESSAGE(stale.err.find("the destination is newer") != std::string::npos, stale.err);
  // Another lineage at the source: refused, the destination untouched.
  std::vector<std::string> fork = migrate;
  fork.back() = "path=" + (dir / "fresh.json");
  fs::remove(dir / "backend.fed.hcl");
  REQUIRE(cli_run({"apply", "-auto-approve", "-state", dir / "fresh.json", d}).code == 0);
  dir.write("backend.fed.hcl",
            "fedplan {\n  backend \"local\" {\n    path = \"new/state.json\"\n  }\n}\n");
  auto forked = cli_run(fork);
  CHECK(forked.code == 1);
  CHECK_MESSAGE(forked.err.find("holds another state") != std::string::npos, forked.err);
}

}  // namespace
}  // namespace fedplan
