// Check blocks and postconditions through plan, render, save and apply with the null provider:
// a failed check warns and never stops a run; a failed postcondition stops it, at plan when
// its values are known, after the apply of the instance otherwise.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine/plan/plan_file.h"
#include "engine/render/render_markdown.h"
#include "providers/builtin/builtin.h"
#include "tests/engine/testing/engine_rig.h"

using namespace fedplan;

namespace {

struct Engine : fedplan::testing::EngineRig {
  Engine() { add_builtin_providers(registry); }

  std::string summaries() const {
    std::string all;
    for (const Diagnostic& d : diags.items)
      all += (d.severity == Severity::Error ? "E:" : "W:") + d.summary + "|";
    return all;
  }
};

}  // namespace

TEST_CASE("a failed check block is a warning shown in every plan format") {
  Engine e;
  e.write(R"(
variable "peers" { default = 1 }
resource "null_resource" "a" { input = "x" }
check "peered" {
  assert {
    condition     = var.peers >= 2
    error_message = "A federation needs two peers."
  }
}
check "created" {
  assert {
    condition     = null_resource.a.id != ""
    error_message = "no id"
  }
}
check "input" {
  assert {
    condition     = null_resource.a.output == "x"
    error_message = "output is not the input"
  }
}
)");
  Plan p = e.plan();
  CHECK_FALSE(e.diags.has_errors());
  CHECK(e.summaries() == "W:Check block assertion failed|");
  REQUIRE(p.checks.size() == 3);
  std::map<std::string, const CheckResult*> by;
  for (const CheckResult& c : p.checks) by[c.address()] = &c;
  CHECK(by.at("check.peered")->status == CheckStatus::Fail);
  CHECK(by.at("check.peered")->problems ==
        std::vector<std::string>{"A federation needs two peers."});
  CHECK(by.at("check.created")->status == CheckStatus::Unknown);
  CHECK(by.at("check.input")->status == CheckStatus::Pass);

  std::string text = render_text(p, {});
  CHECK(text.find("Checks: 1 failed, 1 known after apply, 1 passed.\n"
                  "  check.created known after apply\n"
                  "  check.peered failed\n"
                  "    A federation needs two peers.\n") != std::string::npos);
  std::string md = render_markdown(p, RenderOptions{});
  CHECK(md.find("> **Checks:** 1 failed, 1 known after apply, 1 passed.\n"
                "> - `check.peered` failed: A federation needs two peers.\n") != std::string::npos);

  nlohmann::json doc = nlohmann::json::parse(render_json(p, {}));
  REQUIRE(doc.contains("checks"));
  nlohmann::json peered;
  for (const auto& c : doc["checks"])
    if (c["address"]["to_display"] == "check.peered") peered = c;
  CHECK(peered["address"] ==
        nlohmann::json{{"kind", "check"}, {"name", "peered"}, {"to_display", "check.peered"}});
  CHECK(peered["status"] == "fail");
  CHECK(peered["instances"] ==
        nlohmann::json::parse(R"([{"address": {"to_display": "check.peered"}, "status": "fail",
          "problems": [{"message": "A federation needs two peers."}]}])"));

  // A saved plan keeps them.
  std::string err;
  std::optional<Plan> back = decode_plan(encode_plan(p), &err);
  REQUIRE_MESSAGE(back, err);
  REQUIRE(back->checks.size() == 3);
  CHECK(render_json(*back, {}) == render_json(p, {}));

  // Apply goes ahead, and checks again at the end: the id is known now.
  e.diags = {};
  ApplySummary s = e.apply();
  CHECK(s.ok());
  CHECK_FALSE(e.diags.has_errors());
  CHECK(e.summaries() == "W:Check block assertion failed|W:Check block assertion failed|");
}

TEST_CASE("a check block in a module instance is listed with its module") {
  Engine e;
  e.dir.write("child/main.fed.hcl", R"(
variable "n" {}
check "positive" {
  assert {
    condition     = var.n > 0
    error_message = "n is ${var.n}"
  }
}
)");
  e.write(R"(
module "c" {
  source   = "./child"
  for_each = { a = 1, b = -1 }
  n        = each.value
}
)");
  Plan p = e.plan();
  CHECK_FALSE(e.diags.has_errors());
  nlohmann::json doc = nlohmann::json::parse(render_json(p, {}));
  REQUIRE(doc["checks"].size() == 1);
  const auto& c = doc["checks"][0];
  CHECK(c["address"]["to_display"] == "module.c.check.positive");
  CHECK(c["address"]["module"] == "module.c");
  CHECK(c["status"] == "fail");
  REQUIRE(c["instances"].size() == 2);
  CHECK(c["instances"][1]["address"]["to_display"] == "module.c[\"b\"].check.positive");
  CHECK(c["instances"][1]["problems"][0]["message"] == "n is -1");
}

TEST_CASE("a postcondition known at plan fails the plan") {
  Engine e;
  e.write(R"(
resource "null_resource" "a" {
  input = "bad"
  lifecycle {
    postcondition {
      condition     = self.output != "bad"
      error_message = "The output of ${self.input} must not be bad."
    }
  }
}
)");
  e.plan();
  REQUIRE(e.diags.has_errors());
  CHECK(e.summaries() == "E:Resource postcondition failed|");
  CHECK(e.diags.items[0].address == "null_resource.a");
  CHECK(e.diags.items[0].detail == "The output of bad must not be bad.");
}

TEST_CASE("a postcondition unknown at plan is checked after the apply of its instance") {
  Engine e;
  e.write(R"(
resource "null_resource" "a" {
  lifecycle {
    postcondition {
      condition     = length(self.id) > 1000
      error_message = "The id ${self.id} is too short."
    }
  }
}
resource "null_resource" "b" { input = null_resource.a.id }
)");
  Plan p = e.plan();
  REQUIRE_FALSE(e.diags.has_errors());
  ApplySummary s = e.apply();
  CHECK_FALSE(s.ok());
  CHECK(s.failed == std::vector<std::string>{"null_resource.a"});
  CHECK(s.skipped == std::vector<std::string>{"null_resource.b"});
  REQUIRE(e.diags.has_errors());
  CHECK(e.summaries() == "E:Resource postcondition failed|");
  // The object exists: the state records it, so the next plan knows it.
  State st = e.state();
  CHECK(st.instances.size() == 1);
}
