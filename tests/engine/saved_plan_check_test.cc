// Saved plans edited after they were made: every change must be one a fresh plan from the same
// configuration, state, refresh and options could contain, or apply refuses the whole plan.
// Plans come from the real planner over the offline providers, then are edited as a user might.
#include <doctest/doctest.h>

#include <fstream>

#include "engine/plan/saved_plan.h"
#include "providers/builtin/builtin.h"
#include "state/state_json.h"
#include "tests/engine/testing/engine_rig.h"

using namespace fedplan;

namespace {

// The rig with the offline providers; plans record the state's digest, as the CLI's do.
struct SavedPlanRig : fedplan::testing::EngineRig {
  SavedPlanRig() { add_builtin_providers(registry); }

  Plan saved_plan(PlanOptions options = {}) {
    LoadedConfig cfg;
    REQUIRE(load(cfg));
    ProviderSet providers(registry);
    State s = state();
    Plan p = make_plan(cfg, s, s.serial ? state_digest(s) : "", providers, options, {}, diags);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, &cfg.config.sources));
    return p;
  }

  // load_saved_plan's refusal, "" when it would apply `saved`.
  std::string refusal(const Plan& saved) {
    LoadedConfig cfg;
    Diagnostics d;
    if (load_saved_plan(saved, state(), registry, {}, cfg, d)) return "";
    REQUIRE(d.has_errors());
    return d.items[0].summary + ": " + d.items[0].detail;
  }
};

const char* kTwoKept = R"(
resource "null_resource" "a" { input = "a" }
resource "null_resource" "b" { input = "b" }
)";

// A state with a, b and c, and a configuration that keeps a and b: the plan deletes c.
struct OneRemoved : SavedPlanRig {
  OneRemoved() {
    write(std::string(kTwoKept) + "resource \"null_resource\" \"c\" { input = \"c\" }\n");
    REQUIRE(apply().ok());
    write(kTwoKept);
  }
};

size_t change_at(const Plan& p, const std::string& addr) {
  for (size_t i = 0; i < p.changes.size(); ++i)
    if (p.changes[i].addr.to_string() == addr) return i;
  FAIL("no change for " << addr);
  return 0;
}

}  // namespace

TEST_CASE("plans the planner made pass the check unchanged") {
  OneRemoved r;
  CHECK(r.refusal(r.saved_plan()) == "");
  PlanOptions destroy;
  destroy.destroy = true;
  CHECK(r.refusal(r.saved_plan(destroy)) == "");
  PlanOptions targeted;
  targeted.targets = {*parse_target("null_resource.a", nullptr)};
  targeted.replace = {*parse_instance("null_resource.a", nullptr)};
  CHECK(r.refusal(r.saved_plan(targeted)) == "");
}

TEST_CASE("a delete moved to an object the configuration still wants is refused") {
  OneRemoved r;
  Plan p = r.saved_plan();
  size_t del = change_at(p, "null_resource.c");
  REQUIRE(p.changes[del].action == Action::Delete);
  p.changes.erase(p.changes.begin() + static_cast<long>(change_at(p, "null_resource.b")));
  del = change_at(p, "null_resource.c");
  p.changes[del].addr = *parse_instance("null_resource.b", nullptr);
  std::string why = r.refusal(p);
  CHECK(why.find("Saved plan does not match its configuration and state") == 0);
  CHECK(why.find("(null_resource.b).action: delete, but null_resource.b is configured and "
                 "exists") != std::string::npos);
}

TEST_CASE("a no-op turned into a delete is refused naming the change and the field") {
  OneRemoved r;
  Plan p = r.saved_plan();
  size_t keep = change_at(p, "null_resource.a");
  REQUIRE(p.changes[keep].action == Action::NoOp);
  p.changes[keep].action = Action::Delete;
  p.changes[keep].after = Value();
  CHECK(r.refusal(p).find("changes[" + std::to_string(keep) +
                          "] (null_resource.a).action: delete") != std::string::npos);
}

TEST_CASE("a plan with changes removed is refused, not applied as nothing") {
  OneRemoved r;
  Plan p = r.saved_plan();
  p.changes.clear();
  CHECK(r.refusal(p).find("changes: no change for null_resource.a, which the configuration "
                          "declares") != std::string::npos);
  p = r.saved_plan();
  p.changes.erase(p.changes.begin() + static_cast<long>(change_at(p, "null_resource.c")));
  CHECK(r.refusal(p).find("no change for null_resource.c, which a plan deletes") !=
        std::string::npos);
}

TEST_CASE("drift rewritten to name another object, or another record, is refused") {
  SavedPlanRig r;
  r.write(R"(
variable "text" { default = "hello" }
resource "local_file" "f" {
  content  = var.text
  filename = "${path.module}/f.txt"
})");
  REQUIRE(r.apply().ok());
  std::ofstream(r.dir / "f.txt") << "changed by hand";
  Plan p = r.saved_plan();
  REQUIRE(p.drift.size() == 1);
  CHECK(r.refusal(p) == "");
  Plan moved = p;
  moved.drift[0].addr = *parse_instance("local_file.victim", nullptr);
  CHECK(r.refusal(moved).find("drift[0].address: local_file.victim is not a managed object in "
                              "the state") != std::string::npos);
  Plan rewritten = p;
  rewritten.drift[0].recorded = Value::object({{"filename", Value::string("/etc/victim")}});
  CHECK(r.refusal(rewritten).find("drift[0].recorded: differs from what the state records") !=
        std::string::npos);
  // A change that starts from another object than the refresh found.
  Plan before = p;
  before.changes[0].before = Value::object({{"filename", Value::string("/etc/victim")}});
  CHECK(r.refusal(before).find("changes[0] (local_file.f).before: differs") != std::string::npos);
}

TEST_CASE("changes outside the plan's targets, or for unknown objects, are refused") {
  OneRemoved r;
  PlanOptions targeted;
  targeted.targets = {*parse_target("null_resource.a", nullptr)};
  Plan p = r.saved_plan(targeted);
  ResourceChange extra = p.changes[0];
  extra.addr = *parse_instance("null_resource.b", nullptr);
  p.changes.push_back(extra);
  CHECK(r.refusal(p).find("(null_resource.b).address: null_resource.b is outside the plan's "
                          "targets") != std::string::npos);
  p = r.saved_plan();
  p.changes.push_back(p.changes[change_at(p, "null_resource.c")]);
  p.changes.back().addr = *parse_instance("null_resource.ghost", nullptr);
  CHECK(r.refusal(p).find("null_resource.ghost is neither in the configuration nor in the "
                          "state") != std::string::npos);
}
