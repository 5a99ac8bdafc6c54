// Loading a saved plan's configuration and the stale-plan rule: a plan applies only to the
// configuration files and the state it was made from, byte for byte, and only with changes a
// plan from them could contain (saved_plan_check.cc).
#include "engine/plan/saved_plan.h"

#include "engine/graph/graph.h"
#include "state/state_json.h"

namespace fedplan {

namespace {

// Why `saved` no longer applies, or "" when it does.
std::string stale_because(const Plan& saved, const LoadedConfig& cfg, const State& current) {
  if (saved.config_digest != config_digest(cfg.config))
    return "the configuration files changed since the plan was made";
  if (saved.prior_lineage != current.lineage && current.serial != 0)
    return "the state belongs to another lineage than the plan's";
  std::string digest = current.serial ? state_digest(current) : "";
  if (saved.prior_serial != current.serial || saved.prior_digest != digest)
    return "the state changed since the plan was made (serial " +
           std::to_string(saved.prior_serial) + " then, " + std::to_string(current.serial) +
           " now)";
  return "";
}

}  // namespace

bool load_saved_plan(const Plan& saved, const State& current, const ProviderRegistry& registry,
                     const FunctionContext& functions, LoadedConfig& cfg, Diagnostics& diags) {
  LoadOptions load{registry.names()};
  cfg.config = load_config(saved.config_dir, load, diags);
  cfg.functions = functions;
  if (!cfg.config.root || diags.has_errors()) return false;
  for (const auto& [name, value] : saved.variables)
    cfg.inputs[name] = InputValue{value, "the saved plan", {}};
  ConfigEvaluator expander(cfg.config, cfg.inputs, nullptr, cfg.functions);
  if (!expander.expand(&cfg.instances, diags)) return false;
  cfg.graph = build_graph(cfg.config, cfg.instances, diags);
  if (diags.has_errors()) return false;
  std::string why = stale_because(saved, cfg, current);
  if (!why.empty()) {
    diags.error("Saved plan is stale",
                "The plan cannot be applied because " + why + ". Run `fedplan plan` again.");
    return false;
  }
  why = check_saved_changes(saved, cfg, current, registry);
  if (why.empty()) return true;
  diags.error("Saved plan does not match its configuration and state",
              (saved.file.empty() ? "" : saved.file + ": ") + why +
                  ". A plan made from them could not contain this, so the plan was edited or "
                  "damaged. Nothing was applied; run `fedplan plan` again.");
  return false;
}

}  // namespace fedplan
