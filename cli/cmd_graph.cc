// `fedplan graph [DIR] [-type plan|destroy]`: the dependency graph as Graphviz DOT.
// Value nodes (variables, locals, outputs) are folded into the edges they carry.
#include <ostream>

#include "cli/commands.h"
#include "cli/config_flags.h"
#include "cli/registry.h"

namespace fedplan {

int cmd_graph(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  po::positional_options_description pos;
  add_config_flags(flags, pos);
  flags.add_options()("type", po::value<std::string>()->default_value("plan"), "plan or destroy.");
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("graph", "[DIR] [-type plan|destroy]", flags, pos, args, &vm, ctx, &code))
    return code;
  const std::string& type = vm["type"].as<std::string>();
  if (type != "plan" && type != "destroy") {
    ctx.err << "Error: -type takes plan or destroy.\n";
    return 1;
  }
  ProviderRegistry registry = make_registry();
  LoadedConfig cfg;
  Diagnostics diags;
  if (!load_configuration(config_options(vm, ctx), registry, cfg, diags)) {
    print_diagnostics(ctx, diags, &cfg.config.sources, use_color(vm, ctx));
    return 1;
  }
  ctx.out << cfg.graph.to_dot(type == "destroy");
  return 0;
}

}  // namespace fedplan
