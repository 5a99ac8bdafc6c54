// `fedplan plan -generate-config-out`, import blocks with for_each, the import counts of the
// apply summary, and `destroy -refresh-only`, in-process over the offline null and local
// providers.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "base/testing/files.h"
#include "base/testing/temp_dir.h"
#include "cli/testing/cli_run.h"

using fedplan::testing::cli_run;
using fedplan::testing::CliRun;
using fedplan::testing::TempDir;

namespace {

bool import_blocks_has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("plan -generate-config-out writes resource blocks for import targets without one") {
  TempDir dir;
  std::string existing = dir.write("existing.txt", "made by hand\nsecond line\n");
  dir.write("main.fed.hcl", R"(
import {
  to = local_file.adopted
  id = ")" + existing + R"("
}
import {
  to = null_resource.n
  id = "n-1"
}
resource "null_resource" "configured" { input = "x" }
)");
  std::string out = dir / "generated.fed.hcl";
  CliRun plan = cli_run({"plan", "-no-color", "-generate-config-out=" + out, dir.path()});
  REQUIRE_MESSAGE(plan.code == 0, plan.out << plan.err);
  REQUIRE(std::filesystem::exists(out));
  std::string text = fedplan::testing::read_text(out);
  CHECK(text.rfind("# __generated__ by fedplan\n", 0) == 0);
  CHECK(import_blocks_has(text, "# __generated__ by fedplan from \"" + existing +
                                    "\"\n"
                                    "resource \"local_file\" \"adopted\" {\n"));
  CHECK(
      import_blocks_has(text, "  content              = <<EOT\nmade by hand\nsecond line\nEOT\n"));
  CHECK(import_blocks_has(text, "resource \"null_resource\" \"n\" {\n}\n"));
  CHECK_FALSE(import_blocks_has(text, "content_sha256"));  // computed only
  CHECK_FALSE(import_blocks_has(text, "configured"));      // it has its block
  // The plan went on with the generated blocks, as if written by hand.
  CHECK(import_blocks_has(plan.out, "# local_file.adopted will be imported"));
  CHECK(import_blocks_has(plan.out, "# null_resource.n will be imported"));
  CHECK(import_blocks_has(plan.out, "Plan: 2 to import, 1 to add, 0 to change, 0 to destroy."));
  CHECK(
      import_blocks_has(plan.out, "fedplan has generated configuration and written it to " + out));
  // The file is canonical: fmt leaves it as it is.
  CliRun fmt = cli_run({"fmt", "-check", dir.path()});
  CHECK_MESSAGE(fmt.code == 0, fmt.out << fmt.err);

  // The next plan reads the file; applied, the objects are recorded and nothing else changes.
  CliRun again = cli_run({"plan", "-no-color", "-detailed-exitcode", dir.path()});
  CHECK(again.code == 2);
  CHECK(import_blocks_has(again.out, "Plan: 2 to import, 1 to add, 0 to change, 0 to destroy."));
  CliRun apply = cli_run({"apply", "-auto-approve", "-no-color", dir.path()});
  REQUIRE_MESSAGE(apply.code == 0, apply.out << apply.err);
  CHECK(import_blocks_has(
      apply.out, "Apply complete! Resources: 2 imported, 1 added, 0 changed, 0 destroyed."));
  CHECK(fedplan::testing::read_text(existing) == "made by hand\nsecond line\n");
  CliRun settled = cli_run({"plan", "-no-color", "-detailed-exitcode", dir.path()});
  CHECK_MESSAGE(settled.code == 0, settled.out << settled.err);

  // The file exists now: generating again into it is refused, and it is left alone.
  CliRun twice = cli_run({"plan", "-generate-config-out=" + out, dir.path()});
  CHECK(twice.code == 1);
  CHECK(import_blocks_has(twice.err, "Target generated file already exists"));
  CHECK(fedplan::testing::read_text(out) == text);
}

TEST_CASE("a generated block keeps the import's provider instance of a provider with for_each") {
  TempDir dir;
  std::string existing = dir.write("east.txt", "east\n");
  dir.write("main.fed.hcl", R"(
provider "local" "site" {
  for_each = toset(["east", "west"])
}
import {
  to       = local_file.east
  id       = ")" + existing + R"("
  provider = local.site["east"]
}
)");
  std::string out = dir / "generated.fed.hcl";
  CliRun plan = cli_run({"plan", "-no-color", "-generate-config-out=" + out, dir.path()});
  REQUIRE_MESSAGE(plan.code == 0, plan.out << plan.err);
  std::string text = fedplan::testing::read_text(out);
  CHECK_MESSAGE(import_blocks_has(text, "  provider             = local.site[\"east\"]\n"), text);
  CHECK(import_blocks_has(plan.out, "# local_file.east will be imported"));
  CliRun apply = cli_run({"apply", "-auto-approve", "-no-color", dir.path()});
  REQUIRE_MESSAGE(apply.code == 0, apply.out << apply.err);
  CliRun settled = cli_run({"plan", "-no-color", "-detailed-exitcode", dir.path()});
  CHECK_MESSAGE(settled.code == 0, settled.out << settled.err);

  // An instance the provider block does not have is named as missing.
  dir.write("main.fed.hcl", R"(
provider "local" "site" {
  for_each = toset(["east", "west"])
}
import {
  to       = local_file.north
  id       = ")" + existing + R"("
  provider = local.site["north"]
}
)");
  CliRun missing =
      cli_run({"plan", "-no-color", "-generate-config-out=" + (dir / "g2.fed.hcl"), dir.path()});
  CHECK(missing.code == 1);
  CHECK_MESSAGE(import_blocks_has(missing.err, "Provider configuration not present"), missing.err);
}

TEST_CASE("-generate-config-out takes only a new *.fed.hcl file of the configuration directory") {
  TempDir dir, elsewhere;
  dir.write("main.fed.hcl", "import {\n  to = null_resource.n\n  id = \"n-1\"\n}\n");
  for (const std::string& bad : {elsewhere / "generated.fed.hcl", dir / "generated.tf"}) {
    CliRun r = cli_run({"plan", "-generate-config-out=" + bad, dir.path()});
    CHECK(r.code == 1);
    CHECK_MESSAGE(import_blocks_has(r.err, "must name a new *.fed.hcl file"), r.err);
    CHECK_FALSE(std::filesystem::exists(bad));
  }
  CliRun destroy =
      cli_run({"plan", "-destroy", "-generate-config-out=" + dir / "g.fed.hcl", dir.path()});
  CHECK(destroy.code == 1);
  CHECK(import_blocks_has(destroy.err, "-generate-config-out cannot be used with -destroy"));
  // Without the flag a target without configuration is still an error that names the flag.
  CliRun plain = cli_run({"plan", "-no-color", dir.path()});
  CHECK(plain.code == 1);
  CHECK(import_blocks_has(plain.err, "Configuration for import target does not exist"));
  CHECK(import_blocks_has(plain.err, "-generate-config-out"));
  // A keyed target cannot be generated (as in Terraform): its block is written by hand.
  dir.write("main.fed.hcl", "import {\n  to = null_resource.n[\"a\"]\n  id = \"n-1\"\n}\n");
  CliRun keyed = cli_run({"plan", "-generate-config-out=" + dir / "g.fed.hcl", dir.path()});
  CHECK(keyed.code == 1);
  CHECK(import_blocks_has(keyed.err, "Cannot generate configuration for an instance with a key"));
  CHECK_FALSE(std::filesystem::exists(dir / "g.fed.hcl"));
}

TEST_CASE("an import block with for_each imports one object per element") {
  TempDir dir;
  dir.write("main.fed.hcl", R"(
variable "ids" {
  default = { a = "id-a", b = "id-b" }
}
resource "null_resource" "n" {
  for_each = var.ids
}
import {
  for_each = var.ids
  to       = null_resource.n[each.key]
  id       = each.value
}
)");
  CliRun plan = cli_run({"plan", "-no-color", dir.path()});
  REQUIRE_MESSAGE(plan.code == 0, plan.out << plan.err);
  CHECK(import_blocks_has(plan.out, "# null_resource.n[\"a\"] will be imported"));
  CHECK(import_blocks_has(plan.out, "# null_resource.n[\"b\"] will be imported"));
  CHECK(import_blocks_has(plan.out, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy."));
  CliRun apply = cli_run({"apply", "-auto-approve", "-json", dir.path()});
  REQUIRE_MESSAGE(apply.code == 0, apply.out << apply.err);
  CHECK(import_blocks_has(apply.out, "Apply complete! Resources: 2 imported, 0 added, 0 changed"));
  CHECK(import_blocks_has(apply.out, "\"import\":2"));
  nlohmann::json state =
      nlohmann::json::parse(fedplan::testing::read_text(dir / "fedplan.state.json"));
  std::string ids;
  for (const auto& r : state["resources"]) ids += r["attributes"]["id"].get<std::string>() + " ";
  CHECK(ids == "id-a id-b ");

  // A list: each.key is the index. A for_each not known at plan time is refused.
  dir.write("main.fed.hcl", R"(
resource "null_resource" "n" { count = 2 }
resource "null_resource" "later" {}
import {
  for_each = ["x", "y"]
  to       = null_resource.n[each.key]
  id       = each.value
}
import {
  for_each = toset([null_resource.later.id])
  to       = null_resource.n[each.key]
  id       = each.value
}
)");
  CliRun unknown = cli_run({"plan", "-no-color", dir.path()});
  CHECK(unknown.code == 1);
  CHECK(import_blocks_has(unknown.err, "Invalid for_each argument"));
  CHECK(import_blocks_has(unknown.err, "must be known at plan time"));
}

TEST_CASE("destroy -refresh-only is refused, as plan -destroy -refresh-only is") {
  TempDir dir;
  dir.write("main.fed.hcl", "resource \"null_resource\" \"n\" {}\n");
  REQUIRE(cli_run({"apply", "-auto-approve", dir.path()}).code == 0);
  CliRun r = cli_run({"destroy", "-refresh-only", "-auto-approve", dir.path()});
  CHECK(r.code == 1);
  CHECK(import_blocks_has(r.err, "-refresh-only cannot be used with destroy"));
  CliRun plan = cli_run({"plan", "-destroy", "-refresh-only", dir.path()});
  CHECK(plan.code == 1);
  CHECK(import_blocks_has(plan.err, "-refresh-only cannot be used with -destroy"));
  // Nothing was destroyed.
  CHECK(import_blocks_has(fedplan::testing::read_text(dir / "fedplan.state.json"),
                          "null_resource.n"));
}
