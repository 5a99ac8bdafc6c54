// Tests for conditions: decoding (where they may appear, what they need) and evaluation
// (passed, failed with the author's message, pending on unknown values, not a bool), with
// `self` in postconditions, output preconditions and check blocks' assertions as warnings.
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
  ConditionsResult post(const std::string& addr, const Value& self) {
    ConfigEvaluator e(config, inputs, nullptr, {});
    e.use_instances(&instances);
    return check_postconditions(e, instance(addr), self, diags);
  }
  std::string summaries() const {
    std::string all;
    for (const Diagnostic& d : diags.items) all += d.summary + "|";
    return all;
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
  CHECK(f.summaries() == "Unsupported lifecycle argument|Incomplete precondition block|");
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

TEST_CASE("a postcondition reads self and fails with its message naming the instance") {
  ConditionsFixture f;
  REQUIRE(f.load(R"(
resource "null_resource" "svc" {
  count = 1
  lifecycle {
    postcondition {
      condition     = self.triggers.port > 1024
      error_message = "Port ${self.triggers.port} of ${count.index} is privileged."
    }
  }
}
)"));
  Value low = Value::object({{"triggers", Value::object({{"port", Value::number(80)}})}});
  Value high = Value::object({{"triggers", Value::object({{"port", Value::number(8080)}})}});
  CHECK(f.post("null_resource.svc[0]", high) == ConditionsResult::Passed);
  CHECK(f.post("null_resource.svc[0]", Value::unknown(ValueKind::Object)) ==
        ConditionsResult::Pending);
  CHECK(f.diags.empty());
  CHECK(f.post("null_resource.svc[0]", low) == ConditionsResult::Failed);
  REQUIRE(f.diags.items.size() == 1);
  const Diagnostic& d = f.diags.items[0];
  CHECK(d.severity == Severity::Error);
  CHECK(d.summary == "Resource postcondition failed");
  CHECK(d.detail == "Port 80 of 0 is privileged.");
  CHECK(d.address == "null_resource.svc[0]");
  REQUIRE(d.range);
  CHECK(d.range->start.line == 6);
  CHECK(d.range->start.column == 23);
}

TEST_CASE("self is refused outside postconditions") {
  ConditionsFixture f;
  CHECK_FALSE(f.load(R"(
resource "null_resource" "x" {
  triggers = { a = self.id }
  lifecycle {
    precondition {
      condition     = self.id != ""
      error_message = "m"
    }
  }
}
)"));
  CHECK(f.summaries() == "Invalid \"self\" reference|Invalid \"self\" reference|");
}

TEST_CASE("an output precondition that fails stops the output with its message") {
  ConditionsFixture f;
  REQUIRE(f.load(R"(
variable "replicas" { default = 0 }
output "replicas" {
  value = var.replicas
  precondition {
    condition     = var.replicas > 0
    error_message = "At least one replica."
  }
}
)"));
  ConfigEvaluator e(f.config, f.inputs, nullptr, {});
  e.use_instances(&f.instances);
  Value v = e.output(*f.instances.root(), "replicas", f.diags);
  CHECK_FALSE(v.known());
  REQUIRE(f.diags.items.size() == 1);
  CHECK(f.diags.items[0].summary == "Module output value precondition failed");
  CHECK(f.diags.items[0].detail == "At least one replica.");
  CHECK(f.diags.items[0].address == "output.replicas");
}

TEST_CASE("check blocks are decoded with their assertions and checked as warnings") {
  ConditionsFixture f;
  REQUIRE(f.load(R"(
variable "peers" { default = 1 }
check "peered" {
  assert {
    condition     = var.peers >= 2
    error_message = "A federation needs two peers, it has ${var.peers}."
  }
  assert {
    condition     = true
    error_message = "never"
  }
}
)"));
  const CheckBlock& c = f.config.root->checks.at("peered");
  REQUIRE(c.asserts.size() == 2);
  ConfigEvaluator e(f.config, f.inputs, nullptr, {});
  e.use_instances(&f.instances);
  ConditionReport how{"Check block assertion failed", "check assertion", "check.peered",
                      Severity::Warning};
  CHECK(check_conditions(e, *f.instances.root(), Binding{}, c.asserts, {}, how, f.diags) ==
        ConditionsResult::Failed);
  REQUIRE(f.diags.items.size() == 1);
  CHECK(f.diags.items[0].severity == Severity::Warning);
  CHECK(f.diags.items[0].detail == "A federation needs two peers, it has 1.");
  CHECK_FALSE(f.diags.has_errors());
}

TEST_CASE("a check block needs an assertion, and a misspelt block gets a did-you-mean") {
  ConditionsFixture f;
  CHECK_FALSE(f.load(R"(
check "empty" {}
check "typo" {
  asert {
    condition     = true
    error_message = "m"
  }
}
check "scoped" {
  data "kube_object" "x" {}
  assert {
    condition     = true
    error_message = "m"
  }
}
)"));
  CHECK(f.summaries() ==
        "Missing assert block|Unsupported block type|Missing assert block|"
        "Scoped data sources are not supported|");
  CHECK(f.diags.items[1].detail.find("Did you mean \"assert\"?") != std::string::npos);
}
