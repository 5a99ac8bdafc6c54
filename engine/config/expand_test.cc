// Tests for the limits on expansion: count, for_each, resource instances in all, module
// nesting and module instances are refused past ConfigLimits before anything is allocated.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "engine/config/evaluator.h"
#include "engine/config/loader.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

// Loads and expands the files written to `dir` under `limits`; the diagnostics rendered.
struct Expanded {
  bool loaded = false;
  bool expanded = false;
  size_t resources = 0;
  size_t modules = 0;
  Diagnostics diags;
  std::string text;
};

Expanded expand_dir(const TempDir& dir, const ConfigLimits& limits = {}) {
  Expanded out;
  LoadOptions options{{"null"}, limits};
  Config config = load_config(dir.path(), options, out.diags);
  out.loaded = !out.diags.has_errors();
  if (out.loaded) {
    InputValues inputs;
    ConfigEvaluator e(config, inputs, nullptr, {});
    Instances instances;
    out.expanded = e.expand(&instances, out.diags);
    out.resources = instances.resources.size();
    out.modules = instances.modules.size();
  }
  out.text = render_diagnostics(out.diags, &config.sources);
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Checks that the diagnostics hold every one of `parts` (a place, a summary, the limit's words).
void check_says(const Expanded& x, const std::vector<std::string>& parts) {
  for (const std::string& part : parts) {
    std::string where = part + " in " + x.text;
    CHECK_MESSAGE(has(x.text, part), where);
  }
}

// A module block calling `source`, with `extra` lines inside.
std::string module_call(const std::string& name, const std::string& source,
                        const std::string& extra = "") {
  return "module \"" + name + "\" {\n  source = \"" + source + "\"\n" + extra + "}\n";
}

}  // namespace

TEST_CASE("count over the per-block limit is refused naming the block and the limit") {
  TempDir dir;
  dir.write("main.fed.hcl", "resource \"null_resource\" \"many\" {\n  count = 20000000\n}\n");
  Expanded x = expand_dir(dir);
  CHECK_FALSE(x.expanded);
  CHECK(x.resources == 0);
  check_says(x, {"main.fed.hcl:2:11",
                 "count is 20000000, over the limit: one block makes at most 250000 instances"});
  CHECK_FALSE(has(x.text, "whole number"));
}

TEST_CASE("count up to the per-block limit expands, one more is refused") {
  TempDir dir;
  ConfigLimits limits;
  limits.instances_per_block = 4;
  dir.write("main.fed.hcl", "resource \"null_resource\" \"a\" {\n  count = 4\n}\n");
  CHECK(expand_dir(dir, limits).resources == 4);
  dir.write("main.fed.hcl", "resource \"null_resource\" \"a\" {\n  count = 5\n}\n");
  Expanded x = expand_dir(dir, limits);
  CHECK_FALSE(x.expanded);
  check_says(x, {"one block makes at most 4 instances"});
}

TEST_CASE("for_each over the per-block limit is refused before instances are made") {
  TempDir dir;
  ConfigLimits limits;
  limits.instances_per_block = 3;
  dir.write("main.fed.hcl", R"(resource "null_resource" "m" {
  for_each = { a = 1, b = 2, c = 3, d = 4 }
}
resource "null_resource" "s" {
  for_each = toset(["a", "b", "c", "d"])
}
)");
  Expanded x = expand_dir(dir, limits);
  CHECK_FALSE(x.expanded);
  CHECK(x.resources == 0);
  check_says(x, {"main.fed.hcl:2:14",
                 "for_each has 4 elements, over the limit: one block makes at most 3 instances"});
}

TEST_CASE("resource instances in all are limited across blocks") {
  TempDir dir;
  ConfigLimits limits;
  limits.instances = 5;
  dir.write("main.fed.hcl", R"(resource "null_resource" "a" {
  count = 3
}
resource "null_resource" "b" {
  count = 3
}
)");
  Expanded x = expand_dir(dir, limits);
  CHECK_FALSE(x.expanded);
  check_says(x, {"main.fed.hcl:5:11",
                 "a configuration has at most 5 resource instances, and 3 are expanded already"});
}

TEST_CASE("module instances in all are limited, counted modules included") {
  TempDir dir;
  ConfigLimits limits;
  limits.modules = 6;
  dir.write("main.fed.hcl", module_call("m", "./m", "  count = 3\n"));
  dir.write("m/main.fed.hcl", module_call("n", "./n"));
  dir.write("m/n/main.fed.hcl", "resource \"null_resource\" \"r\" {}\n");
  Expanded x = expand_dir(dir, limits);
  CHECK_FALSE(x.expanded);
  check_says(x, {"Too many instances", "m/main.fed.hcl:1:1",
                 "a configuration has at most 6 module instances, and 6 are expanded already"});
  limits.modules = 7;  // the root, three of m, three of n
  CHECK(expand_dir(dir, limits).modules == 7);
}

TEST_CASE("modules nested past the depth limit are refused at the call") {
  TempDir dir;
  ConfigLimits limits;
  limits.module_depth = 2;
  std::string at;  // a calls b calls c
  for (std::string name : {"a", "b", "c"}) {
    dir.write(at + "main.fed.hcl", module_call(name, "./" + name));
    at += name + "/";
  }
  dir.write(at + "main.fed.hcl", "resource \"null_resource\" \"r\" {}\n");
  Expanded x = expand_dir(dir, limits);
  CHECK_FALSE(x.loaded);
  check_says(x, {"Modules nest too deep", "a/b/main.fed.hcl:1:1",
                 "would be nested 3 module calls deep; the limit is 2"});
  limits.module_depth = 3;
  CHECK(expand_dir(dir, limits).loaded);
}

TEST_CASE("a module tree that multiplies past the module limit is refused while loading") {
  TempDir dir;
  ConfigLimits limits;
  limits.modules = 10;
  // Each level calls the next twice: 2 + 4 + 8 + 16 calls, each loaded on its own.
  dir.write("main.fed.hcl", module_call("x", "./l1") + module_call("y", "./l1"));
  for (int i = 1; i <= 3; ++i) {
    std::string next = "../l" + std::to_string(i + 1);
    dir.write("l" + std::to_string(i) + "/main.fed.hcl",
              module_call("x", next) + module_call("y", next));
  }
  dir.write("l4/main.fed.hcl", "resource \"null_resource\" \"r\" {}\n");
  Expanded x = expand_dir(dir, limits);
  CHECK_FALSE(x.loaded);
  check_says(x, {"Too many modules", "the limit of 10 module calls"});
  CHECK(x.diags.items.size() == 1);
}
