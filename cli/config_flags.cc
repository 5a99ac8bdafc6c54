// Flags and output shared by the commands that load a configuration.
// Values of -var and -var-file keep their order: later ones win.
#include "cli/config_flags.h"

#include <ostream>

namespace fedplan {

void add_config_flags(po::options_description& flags, po::positional_options_description& pos) {
  flags.add_options()("var", po::value<std::vector<std::string>>()->composing(),
                      "Set a root variable: -var NAME=VALUE (repeatable).")(
      "var-file", po::value<std::vector<std::string>>()->composing(),
      "Read root variables from an HCL or JSON file (repeatable).")("no-color", po::bool_switch(),
                                                                    "Never colour the output.")(
      "dir", po::value<std::string>()->default_value("."), "The configuration directory.")(
      "input", po::value<bool>()->default_value(true, "true"),
      "-input=false, as in Terraform: never ask for variable values. fedplan never does (a "
      "missing one is an error); accepted so CI scripts written for Terraform run unchanged.");
  pos.add("dir", 1);
}

LoadedConfigOptions config_options(const po::variables_map& vm, CliContext& ctx) {
  LoadedConfigOptions o;
  o.dir = vm["dir"].as<std::string>();
  if (vm.count("var")) o.inputs.vars = vm["var"].as<std::vector<std::string>>();
  if (vm.count("var-file")) o.inputs.var_files = vm["var-file"].as<std::vector<std::string>>();
  o.environment = ctx.environment;
  if (ctx.getenv) {
    auto getenv = ctx.getenv;
    o.functions.env = [getenv](std::string_view name) { return getenv(std::string(name)); };
  }
  return o;
}

void print_diagnostics(CliContext& ctx, const Diagnostics& diags, const SourceFiles* sources,
                       bool color) {
  if (diags.empty()) return;
  ctx.err << render_diagnostics(diags, sources, color);
}

bool use_color(const po::variables_map& vm, CliContext& ctx) {
  bool flag = vm.count("no-color") && vm["no-color"].as<bool>();
  return ctx.color(flag);
}

}  // namespace fedplan
