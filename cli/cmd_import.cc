// `fedplan import ADDR ID`: adopts an existing object into the state under a resource
// address of the configuration (engine/apply/importer.h), holding the state lock.
#include <ostream>

#include "base/ansi.h"
#include "cli/commands.h"
#include "cli/registry.h"
#include "cli/run.h"
#include "engine/apply/importer.h"

namespace fedplan {

int cmd_import(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  po::positional_options_description unused;
  add_config_flags(flags, unused);
  flags.add_options()("lock", po::value<std::string>()->default_value("true"),
                      "-lock=false skips the state lock.")(
      "lock-timeout", po::value<std::string>()->default_value("0s"),
      "How long to wait for the state lock (e.g. 30s).")(
      "state", po::value<std::string>(), "The state file (default DIR/fedplan.state.json).")(
      "addr", po::value<std::string>(), "The resource address to import to.")(
      "id", po::value<std::string>(), "The object's ID, in the provider's syntax.");
  add_backend_flags(flags);
  po::positional_options_description pos;
  pos.add("addr", 1).add("id", 1);
  po::variables_map vm;
  int code = 0;
  const char* usage = "ADDR ID [-dir DIR] [-var NAME=VALUE] [-var-file FILE] [-state FILE]";
  if (!parse_flags("import", usage, flags, pos, args, &vm, ctx, &code)) return code;
  if (!vm.count("addr") || !vm.count("id")) {
    ctx.err << "Usage: fedplan import " << usage
            << "\n\nImports the existing object with ID (for local_file a path, for kube_object "
               "apiVersion/kind/namespace/name) into the state as ADDR, which must have a "
               "resource block in the configuration.\n";
    return 1;
  }
  bool color = use_color(vm, ctx);
  std::string err;
  std::optional<InstanceAddr> addr = parse_instance(vm["addr"].as<std::string>(), &err);
  if (!addr) {
    ctx.err << "Error: invalid import address: " << err << "\n";
    return 1;
  }
  auto timeout = lock_timeout(vm, ctx);
  if (!timeout) return 1;
  ProviderRegistry registry = make_registry();
  LoadedConfig cfg;
  Diagnostics diags;
  LoadedConfigOptions wo = config_options(vm, ctx);
  if (!load_configuration(wo, registry, cfg, diags)) {
    print_diagnostics(ctx, diags, &cfg.config.sources, color);
    return 1;
  }
  LockedState locked(vm, wo.dir, "import", *timeout, ctx, &cfg.config.sources, diags);
  State* state = locked.state();
  if (!state) {
    print_diagnostics(ctx, diags, &cfg.config.sources, color);
    return 1;
  }
  ProviderSet providers(registry);
  bool ok = import_instance(
      cfg, *state, providers, *addr, vm["id"].as<std::string>(),
      [&](const std::string& line) { ctx.out << line << "\n"
                                             << std::flush; }, diags);
  if (ok) ok = locked.backend().write(*state, diags);
  locked.lock().release(diags);
  print_diagnostics(ctx, diags, &cfg.config.sources, color);
  if (!ok || diags.has_errors()) return 1;
  ctx.out << "\n"
          << ansi::paint("Import successful!", ansi::kBoldGreen, color)
          << "\n\nThe resources that were imported are shown above. These resources are now in\n"
             "your fedplan state and will henceforth be managed by fedplan. Run `fedplan plan`\n"
             "to see how the imported object differs from its configuration.\n";
  return 0;
}

}  // namespace fedplan
