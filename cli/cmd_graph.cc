// `fedplan graph [DIR] [-type plan|destroy] [-instances]`: the dependency graph as Graphviz DOT
// (engine/graph/dot.h); with -type plan, nodes coloured by the action a fresh plan takes.
#include <ostream>

#include "cli/commands.h"
#include "cli/config_flags.h"
#include "cli/registry.h"
#include "cli/run.h"
#include "engine/graph/dot.h"
#include "state/state_json.h"

namespace fedplan {

namespace {

// How -type plan fills a node: the more drastic the action, the higher the weight.
std::optional<DotMark> action_mark(Action action) {
  switch (action) {
    case Action::Create:
      return DotMark{1, "#8fd98f", "create"};
    case Action::Update:
      return DotMark{2, "#f2e366", "update"};
    case Action::DeleteThenCreate:
    case Action::CreateThenDelete:
      return DotMark{3, "#f5a64a", "replace"};
    case Action::Delete:
      return DotMark{4, "#ec6a5e", "delete"};
    case Action::NoOp:
    case Action::Read:
    case Action::Forget:  // a forgotten object is in no graph: its block is gone
      break;
  }
  return std::nullopt;
}

// Plans as `fedplan plan` would (state, lock, refresh) and marks each changed instance.
bool plan_marks(const po::variables_map& vm, const LoadedConfigOptions& wo, LoadedConfig& cfg,
                const ProviderRegistry& registry, CliContext& ctx,
                std::map<InstanceAddr, DotMark>* marks, Diagnostics& diags) {
  PlanOptions options;
  auto timeout = lock_timeout(vm, ctx);
  if (!plan_options(vm, &options, ctx) || !timeout) return false;
  LockedState locked(vm, wo.dir, "graph", *timeout, ctx, &cfg.config.sources, diags);
  if (!locked.state()) return false;
  const State& prior = *locked.state();
  ProviderSet providers(registry);
  Plan plan = make_plan(
      cfg, prior, prior.serial ? state_digest(prior) : "", providers, options,
      [&](const std::string& line) { ctx.err << line << "\n"; }, diags);
  locked.lock().release(diags);
  if (diags.has_errors()) return false;
  for (const ResourceChange& c : plan.changes) {
    std::optional<DotMark> mark = action_mark(c.action);
    if (!mark) continue;
    auto [it, fresh] = marks->emplace(c.addr, *mark);
    if (!fresh && mark->weight > it->second.weight) it->second = *mark;
  }
  return true;
}

}  // namespace

int cmd_graph(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  po::positional_options_description pos;
  add_config_flags(flags, pos);
  add_plan_flags(flags, false);
  flags.add_options()("type", po::value<std::string>()->default_value(""),
                      "plan (colour nodes by a plan's actions) or destroy (destroy order).")(
      "instances", po::bool_switch(), "One node per instance instead of one per resource.");
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("graph", "[DIR] [-type plan|destroy] [-instances]", flags, pos, args, &vm, ctx,
                   &code))
    return code;
  const std::string& type = vm["type"].as<std::string>();
  if (!type.empty() && type != "plan" && type != "destroy") {
    ctx.err << "Error: -type takes plan or destroy, got \"" << type << "\".\n";
    return 1;
  }
  bool color = use_color(vm, ctx);
  ProviderRegistry registry = make_registry();
  LoadedConfig cfg;
  Diagnostics diags;
  LoadedConfigOptions wo = config_options(vm, ctx);
  DotOptions options;
  options.destroy = type == "destroy";
  options.instances = vm["instances"].as<bool>();
  bool ok = load_configuration(wo, registry, cfg, diags) &&
            (type != "plan" || plan_marks(vm, wo, cfg, registry, ctx, &options.marks, diags));
  print_diagnostics(ctx, diags, &cfg.config.sources, color);
  if (!ok) return 1;
  ctx.out << write_dot(cfg.graph, options);
  return 0;
}

}  // namespace fedplan
