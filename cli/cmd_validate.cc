// `fedplan validate [DIR]`: syntax, references, types and provider schemas, without
// contacting any cluster or host. Exit 0 when valid, 1 with diagnostics otherwise; -json
// prints the result as Terraform's `validate -json` does.
#include <ostream>

#include "base/ansi.h"
#include "cli/commands.h"
#include "cli/config_flags.h"
#include "cli/registry.h"
#include "engine/render/render_ui_json.h"

namespace fedplan {

int cmd_validate(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  po::positional_options_description pos;
  add_config_flags(flags, pos);
  flags.add_options()("json", po::bool_switch(), "Print the result as one JSON document.");
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("validate", "[DIR] [-var NAME=VALUE] [-var-file FILE] [-json]", flags, pos, args,
                   &vm, ctx, &code))
    return code;
  bool color = use_color(vm, ctx);
  ProviderRegistry registry = make_registry();
  LoadedConfig cfg;
  Diagnostics diags;
  if (load_configuration(config_options(vm, ctx), registry, cfg, diags))
    validate_configuration(cfg, registry, diags);
  if (vm["json"].as<bool>()) {
    ctx.out << render_validate_json(diags, &cfg.config.sources);
    return diags.has_errors() ? 1 : 0;
  }
  print_diagnostics(ctx, diags, &cfg.config.sources, color);
  if (diags.has_errors()) return 1;
  ctx.out << ansi::paint("Success!", ansi::kBoldGreen, color) << " The configuration is valid.\n";
  return 0;
}

}  // namespace fedplan
