// Tests for preconditions: decoding (where they may appear, what they need) and evaluation
// (passed, failed with the author's message, pending on unknown values, not a bool).
#include "engine/config/conditions.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "engine/config/loader.h"

using namespace fedplan;
using fedplan::testing::TempDir;

namespace {

// A configuration loaded from one file and expanded, ready to check its instances.
struct ConditionsFixture {
  TempDir dir;
  Config config;
  InputValues inputs;
  Instances instances;
  Diagnostics diags;

  bool load(const std::string& text) {
    dir.write("main.fed.hcl", text);
    config = load_config(dir.path(), LoadOptions{{"kube", "null"}}, diags);
    if (diags.has_errors()) return false;
    ConfigEvaluator e(config, inputs, nullptr, {});
    return e.expand(&instances, diags);
  }
  const ResourceInstance& instance(const std::string& addr) const {
    for (const ResourceInstance& ri : instances.resources)
      if (ri.addr.to_string() == addr) return ri;
    FAIL("no instance " << addr);
    return instances.resources.front();
  }
  ConditionsResult check(const std::string& addr) {
    ConfigEvaluator e(config, inputs, nullptr, {});
    e.use_instances(&instances);
    return check_preconditions(e, instance(addr), diags);
  }
};

}  // namespace

TEST_CASE("a false precondition fails with its error message at the condition") {
  ConditionsFixture f;
  REQUIRE(f.load(R"(
variable "domains" { default = ["mesh1.local", "mesh1.local"] }
resource "null_resource" "peer" {
  for_each = toset(["a"])
  lifecycle {
    precondition {
      condition     = var.domains[0] != var.domains[1]
      error_message = "Trust domains must differ, both are ${var.domains[0]} (${each.key})."
    }
  }
}
)"));
  CHECK(f.check("null_resource.peer[\"a\"]") == ConditionsResult::Failed);
  REQUIRE(f.diags.items.size() == 1);
  const Diagnostic& d = f.diags.items[0];
  CHECK(d.summary == "Resource precondition failed");
  CHECK(d.detail == "Trust domains must differ, both are mesh1.local (a).");
  CHECK(d.address == "null_resource.peer[\"a\"]");
  REQUIRE(d.range);
  CHECK(d.range->start.line == 7);
}

TEST_CASE("a true precondition passes and an unknown one is pending") {
  ConditionsFixture f;
  REQUIRE(f.load(R"(
resource "null_resource" "a" {}
resource "null_resource" "ok" {
  lifecycle {
    precondition {
      condition     = 1 + 1 == 2
      error_message = "arithmetic"
    }
  }
}
resource "null_resource" "later" {
  lifecycle {
    precondition {
      condition     = null_resource.a.id != ""
      error_message = "no id"
    }
  }
}
)"));
  CHECK(f.check("null_resource.ok") == ConditionsResult::Passed);
  CHECK(f.check("null_resource.later") == ConditionsResult::Pending);
  CHECK(f.diags.empty());
}

TEST_CASE("a precondition that is not a bool is an error") {
  ConditionsFixture f;
  REQUIRE(f.load(R"(
resource "null_resource" "x" {
  lifecycle {
    precondition {
      condition     = "yes"
      error_message = "m"
    }
  }
}
)"));
  CHECK(f.check("null_resource.x") == ConditionsResult::Failed);
  REQUIRE(f.diags.items.size() == 1);
  CHECK(f.diags.items[0].summary == "Invalid precondition result");
}

TEST_CASE("data sources take preconditions but no other lifecycle argument") {
  ConditionsFixture f;
  CHECK_FALSE(f.load(R"(
data "kube_object" "ca" {
  kind = "ConfigMap"
  name = "x"
  lifecycle {
    prevent_destroy = true
    precondition {
      condition = true
    }
  }
}
)"));
  std::string all;
  for (const Diagnostic& d : f.diags.items) all += d.summary + "|";
  CHECK(all == "Unsupported lifecycle argument|Incomplete precondition block|");
}

TEST_CASE("preconditions may only refer to declared things") {
  ConditionsFixture f;
  CHECK_FALSE(f.load(R"(
resource "null_resource" "x" {
  lifecycle {
    precondition {
      condition     = var.missing
      error_message = "m"
    }
  }
}
)"));
  REQUIRE_FALSE(f.diags.items.empty());
  CHECK(f.diags.items[0].summary.find("Reference to undeclared") != std::string::npos);
}
