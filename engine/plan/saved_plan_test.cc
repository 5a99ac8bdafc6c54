// load_saved_plan: a saved plan loads its configuration with its own variables, and is refused
// once the configuration files or the state it was made against have changed.
#include "engine/plan/saved_plan.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "state/state_json.h"

namespace fedplan {
namespace {

struct SavedPlanFixture {
  testing::TempDir dir;
  ProviderRegistry registry;
  State state;
  Plan saved;

  SavedPlanFixture() {
    dir.write("main.fed.hcl", "variable \"x\" {}\noutput \"o\" { value = var.x }\n");
    state.lineage = "6f1c0a52-4b7e-4d3a-9d2e-0c8f5a1b2c3d";
    state.serial = 3;
    Diagnostics d;
    LoadedConfig first;
    LoadedConfigOptions o;
    o.dir = dir.path();
    o.inputs.vars = {"x=planned"};
    REQUIRE(load_configuration(o, registry, first, d));
    saved.config_dir = dir.path();
    saved.config_digest = config_digest(first.config);
    saved.variables["x"] = Value::string("planned");
    saved.prior_lineage = state.lineage;
    saved.prior_serial = state.serial;
    saved.prior_digest = state_digest(state);
  }

  // The error's detail when the plan is refused, "" when it loads.
  std::string load(LoadedConfig& cfg) {
    Diagnostics d;
    if (load_saved_plan(saved, state, registry, {}, cfg, d)) return "";
    REQUIRE(!d.items.empty());
    return d.items[0].summary + ": " + d.items[0].detail;
  }
};

TEST_CASE("a saved plan loads its configuration with the variables it was planned with") {
  SavedPlanFixture f;
  LoadedConfig cfg;
  CHECK(f.load(cfg) == "");
  REQUIRE(cfg.inputs.count("x"));
  CHECK(cfg.inputs.at("x").value.as_string() == "planned");
  CHECK(cfg.instances.root() != nullptr);
}

TEST_CASE("a saved plan is stale once a configuration file changed") {
  SavedPlanFixture f;
  f.dir.write("main.fed.hcl", "variable \"x\" {}\noutput \"o\" { value = \"${var.x}!\" }\n");
  LoadedConfig cfg;
  CHECK(f.load(cfg) ==
        "Saved plan is stale: The plan cannot be applied because the configuration files changed "
        "since the plan was made. Run `fedplan plan` again.");
}

TEST_CASE("a saved plan is stale once the state was written again") {
  SavedPlanFixture f;
  f.state.serial = 4;
  LoadedConfig cfg;
  CHECK(f.load(cfg).find("the state changed since the plan was made (serial 3 then, 4 now)") !=
        std::string::npos);
}

TEST_CASE("a saved plan is stale when the state changed at the same serial") {
  SavedPlanFixture f;
  f.state.outputs["o"] = OutputState{nlohmann::json("edited by hand"), false, nullptr};
  LoadedConfig cfg;
  CHECK(f.load(cfg).find("the state changed since the plan was made") != std::string::npos);
}

TEST_CASE("a saved plan is refused against a state of another lineage") {
  SavedPlanFixture f;
  f.state.lineage = "0a0b0c0d-0000-4000-8000-000000000000";
  LoadedConfig cfg;
  CHECK(f.load(cfg).find("the state belongs to another lineage than the plan's") !=
        std::string::npos);
}

TEST_CASE("a plan made against no state applies to a state that is still empty") {
  SavedPlanFixture f;
  f.state = State{};
  f.saved.prior_lineage = "";
  f.saved.prior_serial = 0;
  f.saved.prior_digest = "";
  LoadedConfig cfg;
  CHECK(f.load(cfg) == "");
}

}  // namespace
}  // namespace fedplan
