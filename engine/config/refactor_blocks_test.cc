// Tests for decoding moved, removed and import blocks: addresses read from references, and
// each malformed block reported at its file:line:col.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "engine/config/loader.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

const LoadOptions kRefactorOptions{{"kube", "null", "local"}};

// Loads `text` as main.fed.hcl; the diagnostics as `line:col: summary` lines.
std::string load(const std::string& text, Config* out = nullptr) {
  TempDir dir;
  dir.write("main.fed.hcl", text);
  Diagnostics diags;
  Config c = load_config(dir.path(), kRefactorOptions, diags);
  std::string lines;
  for (const Diagnostic& d : diags.items) {
    std::string line = short_diagnostic(d);
    size_t at = line.find("main.fed.hcl:");
    lines += (at == std::string::npos ? line : line.substr(at + 13)) + "\n";
  }
  if (out) *out = std::move(c);
  return lines;
}

}  // namespace

TEST_CASE("moved, removed and import blocks decode into the module with their addresses") {
  Config c;
  CHECK(load(R"(
moved {
  from = null_resource.a
  to   = module.m.null_resource.b["k"]
}
moved {
  from = module.old
  to   = module.new[1]
}
moved {
  from = null_resource.single
  to   = null_resource.single[0]
}
removed {
  from = null_resource.gone
  lifecycle {
    destroy = false
  }
}
removed { from = module.m2 }
import {
  to       = kube_object.x["a"]
  id       = "abc"
  provider = kube.sb
}
)",
             &c) == "");
  const Module& m = *c.root;
  REQUIRE(m.moved.size() == 3);
  CHECK(m.moved[0].from.to_string() == "null_resource.a");
  CHECK(m.moved[0].to.to_string() == "module.m.null_resource.b[\"k\"]");
  CHECK(m.moved[1].from.to_string() == "module.old");
  CHECK(m.moved[1].to.to_string() == "module.new[1]");
  // a resource moving to an instance names its unkeyed instance
  REQUIRE(m.moved[2].from.key.has_value());
  CHECK(m.moved[2].from.key->empty());
  REQUIRE(m.removed.size() == 2);
  CHECK(m.removed[0].from.to_string() == "null_resource.gone");
  CHECK_FALSE(m.removed[0].destroy);
  CHECK(m.removed[1].destroy);
  CHECK(m.removed[1].from.to_string() == "module.m2");
  REQUIRE(m.imports.size() == 1);
  CHECK(m.imports[0].to.to_string() == "kube_object.x[\"a\"]");
  REQUIRE(m.imports[0].provider);
  CHECK(m.imports[0].provider->to_string() == "kube.sb");
}

TEST_CASE("malformed refactoring blocks are errors at their place") {
  CHECK(load("moved {\n  from = null_resource.a\n}\n") == "1:1: Missing required argument\n");
  CHECK(load("moved {\n  from = \"null_resource.a\"\n  to = null_resource.b\n}\n") ==
        "2:10: Invalid address\n");
  CHECK(load("moved {\n  from = null_resource.a\n  to = local_file.a\n}\n") ==
        "1:1: Resource type mismatch\n");
  CHECK(load("moved {\n  from = module.a\n  to = null_resource.a\n}\n") ==
        "1:1: Invalid moved block\n");
  CHECK(load("moved {\n  from = null_resource.a\n  to = null_resource.a\n}\n") ==
        "1:1: Redundant move statement\n");
  CHECK(load("moved {\n  from = data.null_resource.a\n  to = null_resource.a\n}\n") ==
        "2:10: Invalid address\n");
  CHECK(load("removed {\n  from = null_resource.a[0]\n}\n") == "2:10: Invalid removed block\n");
  CHECK(
      load("removed {\n  from = null_resource.a\n  lifecycle {\n    destroy = \"no\"\n  }\n}\n") ==
      "4:15: Invalid value for \"destroy\"\n");
  CHECK(load("removed {\n  from = null_resource.a\n  lifecycle { keep = true }\n}\n") ==
        "3:15: Unsupported argument\n");
  CHECK(load("import {\n  to = null_resource.a\n}\n") == "1:1: Missing required argument\n");
  CHECK(load("import {\n  to = module.m\n  id = \"x\"\n}\n") == "2:8: Invalid import address\n");
  CHECK(load("import {\n  to = null_resource.a[each.key]\n  id = \"x\"\n}\n") ==
        "2:8: Invalid address\n");  // a key expression needs for_each
  CHECK(load("import {\n  for_each = {}\n  to = module.m[each.key]\n  id = \"x\"\n}\n") ==
        "3:8: Invalid address\n");
  CHECK(load("import {\n  to = null_resource.a\n  id = \"x\"\n  fr_each = {}\n}\n") ==
        "4:3: Unsupported argument\n");
  CHECK(load("moved \"x\" {\n  from = null_resource.a\n  to = null_resource.b\n}\n") ==
        "1:1: Wrong number of labels on moved block\n");
  CHECK(load("movd {\n}\n") == "1:1: Unsupported block type\n");
}

TEST_CASE("an import block with for_each keeps the key expression of `to`") {
  Config c;
  CHECK(load(R"(
import {
  for_each = { a = "x", b = "y" }
  to       = null_resource.n[each.key]
  id       = each.value
}
)",
             &c) == "");
  REQUIRE(c.root);
  REQUIRE(c.root->imports.size() == 1);
  const ImportBlock& ib = c.root->imports[0];
  CHECK(ib.to.to_string() == "null_resource.n");
  CHECK(ib.to_key);
  CHECK(ib.for_each);
}
