// Tests of choosing the backend: the fedplan block, FEDPLAN_BACKEND_* variables and
// -backend-config in that order, errors that name the setting, and encrypted local states.
#include "cli/open_backend.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "base/base64.h"
#include "base/files.h"
#include "base/testing/temp_dir.h"
#include "cli/testing/cli_run.h"

namespace fedplan {
namespace {

using testing::cli_run;
using testing::cli_run_env;
using testing::CliEnv;
namespace fs = std::filesystem;

const char* kResources = R"(
resource "null_resource" "a" {}
output "x" { value = "1" }
)";

TEST_CASE("the backend block's path is where apply keeps the state") {
  testing::TempDir dir;
  dir.write("main.fed.hcl", kResources);
  dir.write("backend.fed.hcl",
            "fedplan {\n  backend \"local\" {\n    path = \"st/team.json\"\n  }\n}\n");
  fs::create_directories(dir / "st");
  auto r = cli_run({"apply", "-auto-approve", "-no-color", dir.path()});
  CHECK_MESSAGE(r.code == 0, r.err);
  CHECK(fs::exists(dir / "st/team.json"));
  CHECK_FALSE(fs::exists(dir / "fedplan.state.json"));
  // -backend-config wins over the block, FEDPLAN_BACKEND_* sits between them.
  CliEnv env = {{"FEDPLAN_BACKEND_PATH", dir / "env.json"}};
  CHECK(cli_run_env(env, {"apply", "-auto-approve", dir.path()}).code == 0);
  CHECK(fs::exists(dir / "env.json"));
  auto flag = cli_run_env(env, {"apply", "-auto-approve", "-backend-config",
                                "path=" + (dir / "flag.json"), dir.path()});
  CHECK_MESSAGE(flag.code == 0, flag.err);
  CHECK(fs::exists(dir / "flag.json"));
}

TEST_CASE("a misspelt setting, an unknown type and a variable in the block are clear errors") {
  testing::TempDir dir;
  dir.write("main.fed.hcl", kResources);
  dir.write("b.fed.hcl", "fedplan {\n  backend \"local\" {\n    pth = \"x.json\"\n  }\n}\n");
  auto r = cli_run({"plan", "-no-color", dir.path()});
  CHECK(r.code == 1);
  CHECK_MESSAGE(r.err.find("Unsupported backend setting") != std::string::npos, r.err);
  CHECK(r.err.find("Did you mean \"path\"?") != std::string::npos);
  CHECK(r.err.find("b.fed.hcl:3:11") != std::string::npos);

  dir.write("b.fed.hcl", "fedplan {\n  backend \"etdc\" {}\n}\n");
  r = cli_run({"plan", "-no-color", dir.path()});
  CHECK(r.code == 1);
  CHECK_MESSAGE(r.err.find("Unknown backend type") != std::string::npos, r.err);

  dir.write("b.fed.hcl", "fedplan {\n  backend \"local\" {\n    path = var.p\n  }\n}\n");
  r = cli_run({"plan", "-no-color", dir.path()});
  CHECK(r.code == 1);
  CHECK_MESSAGE(r.err.find("Variables not allowed") != std::string::npos, r.err);
  CHECK_FALSE(fs::exists(dir / "fedplan.state.json"));
}

TEST_CASE("-backend-config reads a file of settings and refuses blocks in it") {
  testing::TempDir dir;
  dir.write("main.fed.hcl", kResources);
  std::string conf = dir.write("local.hcl", "path = \"" + (dir / "f.json") + "\"\n");
  auto r = cli_run({"apply", "-auto-approve", "-backend-config", conf, dir.path()});
  CHECK_MESSAGE(r.code == 0, r.err);
  CHECK(fs::exists(dir / "f.json"));
  std::string bad = dir.write("bad.hcl", "nested {\n}\n");
  r = cli_run({"plan", "-no-color", "-backend-config", bad, dir.path()});
  CHECK(r.code == 1);
  CHECK(r.err.find("holds only settings") != std::string::npos);
}

TEST_CASE("with FEDPLAN_STATE_KEY the state and saved plans are sealed and need the key") {
  testing::TempDir dir;
  dir.write("main.fed.hcl", R"(
resource "null_resource" "a" {}
output "token" {
  value     = "peer-secret-token"
  sensitive = true
}
)");
  CliEnv env = {{"FEDPLAN_STATE_KEY", base64_encode(std::string(32, 'k'))}};
  auto r = cli_run_env(env, {"apply", "-auto-approve", dir.path()});
  CHECK_MESSAGE(r.code == 0, r.err);
  std::string text, err;
  REQUIRE(read_file(dir / "fedplan.state.json", &text, &err));
  CHECK(text.find("peer-secret-token") == std::string::npos);
  CHECK(text.find("fedplan_sealed") != std::string::npos);
  // Without the key: a clear error, nothing overwritten.
  auto plain = cli_run({"plan", "-no-color", dir.path()});
  CHECK(plain.code == 1);
  CHECK_MESSAGE(plain.err.find("is encrypted") != std::string::npos, plain.err);
  std::string after;
  REQUIRE(read_file(dir / "fedplan.state.json", &after, &err));
  CHECK(after == text);
  // A saved plan is sealed too.
  auto plan = cli_run_env(env, {"plan", "-destroy", "-out", dir / "d.plan", dir.path()});
  CHECK_MESSAGE(plan.code == 0, plan.err);
  REQUIRE(read_file(dir / "d.plan", &text, &err));
  CHECK(text.find("fedplan_sealed") != std::string::npos);
  CHECK(cli_run({"show", dir / "d.plan"}).code == 1);
  auto applied = cli_run_env(env, {"apply", dir / "d.plan"});
  CHECK_MESSAGE(applied.code == 0, applied.err);
}

}  // namespace
}  // namespace fedplan
