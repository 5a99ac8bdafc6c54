// Tests of the machine-readable UI's messages and of `validate -json`'s document: every line
// parses, carries the common keys, and the messages follow Terraform's shapes.
#include <doctest/doctest.h>

#include <sstream>

#include "base/testing/fake_clock.h"
#include "engine/render/render_ui_json.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using json = nlohmann::json;
using testing::Addr;
using testing::Change;
using testing::Obj;
using testing::PlanOf;
using testing::S;
using testing::Secret;

// A UI writing to a string, on a clock that stands still.
struct Stream {
  FakeClock clock;
  std::ostringstream out;
  JsonUi ui{out, clock};
};

// Every line of `text` parsed; each must hold the keys every message has.
std::vector<json> messages(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line);
    for (const char* key : {"@level", "@message", "@module", "@timestamp", "type"})
      CHECK_MESSAGE(j.contains(key), line);
    CHECK(j["@module"] == "fedplan.ui");
    out.push_back(std::move(j));
  }
  return out;
}

TEST_CASE("validate JSON counts errors and warnings and gives ranges with a snippet") {
  SourceFiles sources;
  sources.add("main.fed.hcl", std::make_shared<const std::string>("a = 1\nb = nosuch.x\n"));
  Diagnostics diags;
  diags.error("Reference to undeclared resource", "No nosuch.x.",
              SourceRange{"main.fed.hcl", {2, 5, 10}, {2, 13, 18}});
  diags.warning("Deprecated", "Use y.");
  json doc = json::parse(render_validate_json(diags, &sources));
  CHECK(doc["format_version"] == "1.0");
  CHECK(doc["valid"] == false);
  CHECK(doc["error_count"] == 1);
  CHECK(doc["warning_count"] == 1);
  const json& e = doc["diagnostics"][0];
  CHECK(e["severity"] == "error");
  CHECK(e["range"] == json{{"filename", "main.fed.hcl"},
                           {"start", {{"line", 2}, {"column", 5}, {"byte", 10}}},
                           {"end", {{"line", 2}, {"column", 13}, {"byte", 18}}}});
  CHECK(e["snippet"]["code"] == "b = nosuch.x");
  CHECK(e["snippet"]["highlight_start_offset"] == 4);
  CHECK(e["snippet"]["highlight_end_offset"] == 12);
  CHECK(doc["diagnostics"][1]["severity"] == "warning");
  CHECK(!doc["diagnostics"][1].contains("range"));
}

TEST_CASE("a valid configuration gives valid true and no diagnostics") {
  json doc = json::parse(render_validate_json(Diagnostics{}, nullptr));
  CHECK(doc["valid"] == true);
  CHECK(doc["diagnostics"] == json::array());
}

TEST_CASE("a plan streams drift, planned changes, the summary and changed outputs") {
  Plan plan =
      PlanOf({Change("null_resource.a", Action::Create, Value(), Obj({{"x", S("1")}})),
              Change("null_resource.b[\"k\"]", Action::DeleteThenCreate, Obj({{"x", S("1")}}),
                     Obj({{"x", S("2")}}), ActionReason::ReplaceBecauseCannotUpdate),
              Change("module.m.null_resource.c[0]", Action::NoOp, Value(), Value())});
  plan.drift.push_back(Drift{Addr("null_resource.d"), {}, Obj({}), Value(), false});
  plan.outputs.push_back(OutputChange{"token", Action::Create, Value(), Secret("t0ken"), true});
  plan.outputs.push_back(OutputChange{"same", Action::NoOp, S("x"), S("x"), false});
  Stream stream;
  JsonUi& ui = stream.ui;
  std::ostringstream& out = stream.out;
  ui.version();
  ui.plan(plan);
  CHECK(out.str().find("t0ken") == std::string::npos);
  auto m = messages(out.str());
  REQUIRE(m.size() == 6);
  CHECK(m[0]["type"] == "version");
  CHECK(m[0]["ui"] == "1.2");
  CHECK(m[1]["type"] == "resource_drift");
  CHECK(m[1]["change"]["action"] == "delete");
  CHECK(m[2]["type"] == "planned_change");
  CHECK(m[2]["@message"] == "null_resource.a: Plan to create");
  CHECK(m[2]["change"]["resource"] == json{{"addr", "null_resource.a"},
                                           {"module", ""},
                                           {"resource", "null_resource.a"},
                                           {"implied_provider", "null"},
                                           {"resource_type", "null_resource"},
                                           {"resource_name", "a"},
                                           {"resource_key", nullptr}});
  CHECK(m[3]["change"]["action"] == "replace");
  CHECK(m[3]["change"]["reason"] == "cannot_update");
  CHECK(m[3]["change"]["resource"]["resource_key"] == "k");
  CHECK(m[4]["type"] == "change_summary");
  CHECK(m[4]["@message"] == "Plan: 2 to add, 0 to change, 1 to destroy.");
  CHECK(m[4]["changes"] ==
        json{{"add", 2}, {"change", 0}, {"import", 0}, {"remove", 1}, {"operation", "plan"}});
  CHECK(m[5]["type"] == "outputs");
  CHECK(m[5]["@message"] == "Outputs: 2");
  CHECK(m[5]["outputs"]["token"] == json{{"sensitive", true}, {"action", "create"}});
  CHECK(m[5]["outputs"]["same"] == json{{"sensitive", false}, {"action", "noop"}});
}

TEST_CASE("refresh lines become refresh_start then refresh_complete, planning lines nothing") {
  Stream stream;
  JsonUi& ui = stream.ui;
  std::ostringstream& out = stream.out;
  State prior;
  InstanceState a;
  a.addr = Addr("module.m.null_resource.a[1]");
  a.attributes = {{"id", "7"}};
  prior.set(a);
  InstanceState secret;
  secret.addr = Addr("null_resource.s");
  secret.attributes = {{"id", "hidden"}};
  secret.sensitive_paths = json::array({json::array({"id"})});
  prior.set(secret);
  ui.use_prior(&prior);
  ui.plan_progress("null_resource.s: Refreshing state...");
  ui.plan_progress("module.m.null_resource.a[1]: Refreshing state...");
  ui.plan_progress("null_resource.b: Planning...");
  ui.plan_progress("null_resource.c: Reading what a killed run created...");
  ui.refresh_done();
  CHECK(out.str().find("hidden") == std::string::npos);
  auto m = messages(out.str());
  REQUIRE(m.size() == 5);
  CHECK(!m[0]["hook"].contains("id_value"));
  m.erase(m.begin());
  CHECK(m[0]["@message"] == "module.m.null_resource.a[1]: Refreshing state... [id=7]");
  CHECK(m[0]["hook"]["id_value"] == "7");
  CHECK(m[0]["type"] == "refresh_start");
  CHECK(m[0]["hook"]["resource"]["module"] == "module.m");
  CHECK(m[0]["hook"]["resource"]["resource_key"] == 1);
  CHECK(m[1]["type"] == "log");
  CHECK(m[2]["type"] == "refresh_complete");
  CHECK(m[2]["@message"] == "null_resource.s: Refresh complete");
  CHECK(m[3]["@message"] == "module.m.null_resource.a[1]: Refresh complete [id=7]");
}

TEST_CASE("apply hooks carry the action and the elapsed seconds") {
  Stream stream;
  JsonUi& ui = stream.ui;
  std::ostringstream& out = stream.out;
  ResourceChange ch = Change("null_resource.a", Action::Create, Value(), Obj({}));
  ui.apply_hook(ch, UiHook::Start, 0, "null_resource.a: Creating...", "");
  ui.apply_hook(ch, UiHook::Progress, 10, "null_resource.a: Still creating... [10s elapsed]", "");
  ui.apply_hook(ch, UiHook::Complete, 12, "null_resource.a: Creation complete after 12s", "42");
  ui.apply_hook(ch, UiHook::Errored, 3, "null_resource.a: Creation errored after 3s", "");
  ui.change_summary(UiCounts{1, 0, 0, "apply"}, false);
  auto m = messages(out.str());
  REQUIRE(m.size() == 5);
  CHECK(m[0]["type"] == "apply_start");
  CHECK(m[0]["@message"] == "null_resource.a: Creating...");
  CHECK(m[0]["hook"]["action"] == "create");
  CHECK(!m[0]["hook"].contains("elapsed_seconds"));
  CHECK(m[1]["type"] == "apply_progress");
  CHECK(m[1]["hook"]["elapsed_seconds"] == 10);
  CHECK(m[2]["type"] == "apply_complete");
  CHECK(m[2]["@message"] == "null_resource.a: Creation complete after 12s [id=42]");
  CHECK(m[2]["hook"]["id_key"] == "id");
  CHECK(m[2]["hook"]["id_value"] == "42");
  CHECK(!m[1]["hook"].contains("id_key"));
  CHECK(m[3]["type"] == "apply_errored");
  CHECK(m[3]["@level"] == "error");
  CHECK(m[4]["@message"] == "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.");
}

TEST_CASE("change summaries count imports as Terraform's do, planned and applied") {
  Stream stream;
  stream.ui.change_summary(UiCounts{1, 0, 0, "plan", 2}, true);
  stream.ui.change_summary(UiCounts{0, 1, 0, "apply", 2}, false);
  stream.ui.change_summary(UiCounts{0, 0, 3, "destroy"}, false);
  auto m = messages(stream.out.str());
  REQUIRE(m.size() == 3);
  CHECK(m[0]["@message"] == "Plan: 2 to import, 1 to add, 0 to change, 0 to destroy.");
  CHECK(m[0]["changes"]["import"] == 2);
  CHECK(m[1]["@message"] ==
        "Apply complete! Resources: 2 imported, 0 added, 1 changed, 0 destroyed.");
  CHECK(m[1]["changes"]["import"] == 2);
  CHECK(m[2]["@message"] == "Destroy complete! Resources: 3 destroyed.");
  CHECK(m[2]["changes"]["import"] == 0);
}

TEST_CASE("a diagnostic message says Error or Warning and holds the diagnostic") {
  Stream stream;
  JsonUi& ui = stream.ui;
  std::ostringstream& out = stream.out;
  Diagnostics diags;
  diags.error("Boom", "It broke.");
  diags.warning("Careful");
  ui.diagnostics(diags, nullptr);
  auto m = messages(out.str());
  REQUIRE(m.size() == 2);
  CHECK(m[0]["@level"] == "error");
  CHECK(m[0]["@message"] == "Error: Boom");
  CHECK(m[0]["diagnostic"]["detail"] == "It broke.");
  CHECK(m[1]["@level"] == "warn");
}

}  // namespace
}  // namespace fedplan
