// Tests of `fedplan import ADDR ID` with local_file, in-process: adoption and the plan after
// it, addresses that are wrong in every way, objects that do not exist, -var, the lock.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "cli/cli.h"
#include "cli/testing/cli_run.h"
#include "state/local_backend.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

using Run = testing::CliRun;
using testing::cli_run;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kConfig = R"(
variable "n" {
  type    = number
  default = 2
}
resource "local_file" "f" {
  filename = "${path.module}/out.txt"
  content  = "wanted\n"
}
resource "local_file" "counted" {
  count    = var.n
  filename = "${path.module}/c${count.index}.txt"
  content  = "c"
}
resource "local_file" "each" {
  for_each = toset(["alpha", "beta"])
  filename = "${path.module}/${each.key}.txt"
  content  = each.key
}
)";

// A configuration directory with kConfig, and commands run against it.
struct Dir {
  TempDir dir;
  Dir() { dir.write("main.fed.hcl", kConfig); }
  Run cmd(std::vector<std::string> args) {
    args.push_back("-dir=" + dir.path());
    args.push_back("-no-color");
    return cli_run(args);
  }
  nlohmann::json state() {
    return nlohmann::json::parse(fedplan::testing::read_text(dir / "fedplan.state.json"), nullptr,
                                 false);
  }
};

}  // namespace

TEST_CASE("import adopts an existing file as is, and the next plan shows how it differs") {
  Dir d;
  std::string path = d.dir / "out.txt";
  d.dir.write("out.txt", "made by hand\n");
  Run r = d.cmd({"import", "local_file.f", path});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(contains(r.out, "local_file.f: Importing from ID \"" + path + "\"..."));
  CHECK(contains(r.out, "local_file.f: Import prepared!"));
  CHECK(contains(r.out, "local_file.f: Refreshing state... [id=" + path + "]"));
  CHECK(contains(r.out, "Import successful!"));
  CHECK(fedplan::testing::read_text(path) ==
        "made by hand\n");  // import changes nothing outside the state
  nlohmann::json st = d.state();
  REQUIRE(st["resources"].size() == 1);
  CHECK(st["resources"][0]["address"] == "local_file.f");
  CHECK(st["resources"][0]["provider"] == "local");
  CHECK(st["resources"][0]["attributes"]["content"] == "made by hand\n");
  CHECK(st["resources"][0]["attributes"]["file_permission"] == "0644");

  Run plan = d.cmd({"plan", "-detailed-exitcode", "-target=local_file.f"});
  CHECK(plan.code == 2);
  CHECK_MESSAGE(contains(plan.out, "# local_file.f must be replaced"), plan.out);
  CHECK(contains(plan.out, "- made by hand"));
  CHECK(contains(plan.out, "+ wanted"));
  REQUIRE(d.cmd({"apply", "-auto-approve", "-target=local_file.f"}).code == 0);
  CHECK(fedplan::testing::read_text(path) == "wanted\n");
  CHECK(d.cmd({"plan", "-detailed-exitcode", "-target=local_file.f"}).code == 0);
}

TEST_CASE("a file imported with the configured content and mode plans no change") {
  Dir d;
  d.dir.write("alpha.txt", "alpha");
  std::filesystem::permissions(d.dir / "alpha.txt", std::filesystem::perms(0644));
  Run r = d.cmd({"import", "local_file.each[\"alpha\"]", d.dir / "alpha.txt"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  Run plan = d.cmd({"plan", "-detailed-exitcode", "-target=local_file.each[\"alpha\"]"});
  CHECK_MESSAGE(plan.code == 0, plan.out);
}

TEST_CASE("import refuses an address the state already records, and keeps the state") {
  Dir d;
  d.dir.write("out.txt", "one");
  REQUIRE(d.cmd({"import", "local_file.f", d.dir / "out.txt"}).code == 0);
  std::string before = fedplan::testing::read_text(d.dir / "fedplan.state.json");
  Run again = d.cmd({"import", "local_file.f", d.dir / "out.txt"});
  CHECK(again.code == 1);
  CHECK(contains(again.err, "Resource already managed by fedplan"));
  CHECK(contains(again.err, "fedplan state rm local_file.f"));
  CHECK(fedplan::testing::read_text(d.dir / "fedplan.state.json") == before);
}

TEST_CASE("import names what is wrong with the address, with the closest valid one") {
  Dir d;
  d.dir.write("x.txt", "x");
  std::string id = d.dir / "x.txt";
  struct Case {
    std::string addr, expect;
  };
  for (const Case& c : std::vector<Case>{
           {"local_file.g", "Did you mean local_file.f?"},
           {"local_file.g", "no resource block for local_file.g"},
           {"null_resource.f", "Configuration for import target does not exist"},
           {"module.m.local_file.f", "in module.m first"},
           {"local_file.each[\"alpa\"]", "Did you mean local_file.each[\"alpha\"]?"},
           {"local_file.each", "Name one of them, e.g. local_file.each[\"alpha\"]"},
           {"local_file.each[0]", "string keys: [\"alpha\"], [\"beta\"]"},
           {"local_file.counted[5]", "count = 2, so there is no instance [5]"},
           {"local_file.counted", "local_file.counted[0] to local_file.counted[1]"},
           {"local_file.f[0]", "import to local_file.f."},
           {"data.local_file.f", "Cannot import to a data source"},
           {"local_file.f[", "invalid import address"},
       }) {
    Run r = d.cmd({"import", c.addr, id});
    CHECK_MESSAGE(r.code == 1, c.addr);
    CHECK_MESSAGE(contains(r.err, c.expect), c.addr << ":\n" << r.err);
  }
  CHECK_FALSE(std::filesystem::exists(d.dir / "fedplan.state.json"));
  Run usage = d.cmd({"import", "local_file.f"});
  CHECK(usage.code == 1);
  CHECK(contains(usage.err, "Usage: fedplan import ADDR ID"));
}

TEST_CASE("importing an object that does not exist fails and records nothing") {
  Dir d;
  Run r = d.cmd({"import", "local_file.f", d.dir / "missing.txt"});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Cannot import local_file"));
  CHECK(contains(r.err, "No file at that path"));
  CHECK_FALSE(std::filesystem::exists(d.dir / "fedplan.state.json"));
}

TEST_CASE("import evaluates count with -var like plan does") {
  Dir d;
  d.dir.write("c3.txt", "c");
  Run without = d.cmd({"import", "local_file.counted[3]", d.dir / "c3.txt"});
  CHECK(without.code == 1);
  CHECK(contains(without.err, "count = 2"));
  Run with = d.cmd({"import", "-var", "n=4", "local_file.counted[3]", d.dir / "c3.txt"});
  CHECK_MESSAGE(with.code == 0, with.err);
  CHECK(d.state()["resources"][0]["address"] == "local_file.counted[3]");
}

TEST_CASE("import waits for nobody: a held state lock stops it, naming the holder") {
  Dir d;
  d.dir.write("out.txt", "x");
  LocalBackend other(d.dir / "fedplan.state.json");
  SystemClock clock;
  Diagnostics diags;
  LockInfo info = new_lock_info("apply", clock);
  REQUIRE(other.lock(info, std::chrono::milliseconds(0), diags).acquired);
  Run r = d.cmd({"import", "local_file.f", d.dir / "out.txt"});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error acquiring the state lock"));
  CHECK(contains(r.err, "lock ID " + info.id));
  REQUIRE(other.unlock(info.id, diags));
  CHECK(d.cmd({"import", "local_file.f", d.dir / "out.txt"}).code == 0);
}
