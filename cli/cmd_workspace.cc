// `fedplan workspace list|show|new|select|delete`: several named states for one configuration
// and backend (staging, production), the selection recorded in DIR/.fedplan/environment.
#include <algorithm>
#include <ostream>

#include "base/quote.h"
#include "cli/commands.h"
#include "cli/run.h"

namespace fedplan {

namespace {

const char* kUsage = "list | show | new NAME | select NAME | delete NAME [-force]  [-dir DIR]";

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

int report(CliContext& ctx, const Diagnostics& diags, const po::variables_map& vm) {
  print_diagnostics(ctx, diags, nullptr, use_color(vm, ctx));
  return diags.has_errors() ? 1 : 0;
}

// Creates `name` (an empty state in the backend) and selects it.
int workspace_new(const po::variables_map& vm, const std::string& dir, const std::string& name,
                  CliContext& ctx) {
  Diagnostics diags;
  SourceFiles sources;
  SystemClock clock;
  auto config = backend_config(vm, dir, ctx, &sources, diags);
  if (!config || !check_workspace_name(name, diags)) return report(ctx, diags, vm);
  config->workspace = name;
  OpenedBackend opened = open_backend(*config, dir, clock, ctx, diags);
  if (!opened) return report(ctx, diags, vm);
  if (contains(opened->workspaces(diags), name)) {
    diags.error("Workspace " + quote(name) + " already exists",
                "Select it with `fedplan workspace select " + name + "`.");
    return report(ctx, diags, vm);
  }
  if (!opened->create_workspace(diags)) return report(ctx, diags, vm);
  if (!ctx.getenv || !ctx.getenv("FEDPLAN_WORKSPACE")) record_workspace(dir, name, diags);
  if (diags.has_errors()) return report(ctx, diags, vm);
  ctx.out << "Created and switched to workspace " << quote(name) << ".\n";
  return report(ctx, diags, vm);
}

int workspace_delete(StateBackend& backend, const po::variables_map& vm, const std::string& dir,
                     const std::string& name, CliContext& ctx) {
  Diagnostics diags;
  if (!contains(backend.workspaces(diags), name)) {
    diags.error("Workspace " + quote(name) + " does not exist");
    return report(ctx, diags, vm);
  }
  if (!vm["force"].as<bool>()) {
    auto config = backend_config(vm, dir, ctx, nullptr, diags);
    if (!config) return report(ctx, diags, vm);
    config->workspace = name;
    SystemClock clock;
    OpenedBackend other = open_backend(*config, dir, clock, ctx, diags);
    std::optional<State> state = other ? other->read(diags) : std::nullopt;
    if (!state) return report(ctx, diags, vm);
    if (!state->instances.empty()) {
      diags.error("Workspace " + quote(name) + " is not empty",
                  "Its state records " + std::to_string(state->instances.size()) +
                      " resource(s); deleting it would forget them while they still exist. "
                      "Run `fedplan destroy` in it first, or delete it anyway with -force.");
      return report(ctx, diags, vm);
    }
  }
  if (!backend.delete_workspace(name, diags)) return report(ctx, diags, vm);
  ctx.out << "Deleted workspace " << quote(name) << ".\n";
  return report(ctx, diags, vm);
}

}  // namespace

int cmd_workspace(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  flags.add_options()("dir", po::value<std::string>()->default_value("."),
                      "The configuration directory.")(
      "force", po::bool_switch(), "delete: also a workspace whose state is not empty.")(
      "words", po::value<std::vector<std::string>>(), "subcommand and its argument");
  add_backend_flags(flags);
  po::positional_options_description pos;
  pos.add("words", -1);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("workspace", kUsage, flags, pos, args, &vm, ctx, &code)) return code;
  std::vector<std::string> words;
  if (vm.count("words")) words = vm["words"].as<std::vector<std::string>>();
  std::string sub = words.empty() ? "" : words[0];
  bool one_arg = words.size() == 2, no_arg = words.size() == 1;
  if (!((no_arg && (sub == "list" || sub == "show")) ||
        (one_arg && (sub == "new" || sub == "select" || sub == "delete")))) {
    ctx.err << "Usage: fedplan workspace " << kUsage << "\n";
    return 1;
  }
  const std::string dir = vm["dir"].as<std::string>();
  if (sub == "new") return workspace_new(vm, dir, words[1], ctx);
  std::optional<std::string> overridden =
      ctx.getenv ? ctx.getenv("FEDPLAN_WORKSPACE") : std::nullopt;
  Diagnostics diags;
  auto config = backend_config(vm, dir, ctx, nullptr, diags);
  if (!config) return report(ctx, diags, vm);
  if (sub == "show") {
    ctx.out << config->workspace << "\n";
    return 0;
  }
  // Listing and selecting work from the default workspace, which always exists.
  config->workspace = "default";
  SystemClock clock;
  OpenedBackend opened = open_backend(*config, dir, clock, ctx, diags);
  if (!opened) return report(ctx, diags, vm);
  std::string current = overridden && !overridden->empty() ? *overridden : recorded_workspace(dir);
  if (sub == "list") {
    auto names = opened->workspaces(diags);
    for (const auto& n : names) ctx.out << (n == current ? "* " : "  ") << n << "\n";
    return report(ctx, diags, vm);
  }
  if (sub == "delete") return workspace_delete(*opened, vm, dir, words[1], ctx);
  // select
  if (overridden && !overridden->empty()) {
    diags.error("The workspace is set by FEDPLAN_WORKSPACE",
                "FEDPLAN_WORKSPACE=" + *overridden +
                    " overrides the selection; unset it to select a workspace.");
    return report(ctx, diags, vm);
  }
  if (!check_workspace_name(words[1], diags)) return report(ctx, diags, vm);
  if (!contains(opened->workspaces(diags), words[1])) {
    diags.error("Workspace " + quote(words[1]) + " does not exist",
                "Create it with `fedplan workspace new " + words[1] + "`.");
    return report(ctx, diags, vm);
  }
  if (!record_workspace(dir, words[1], diags)) return report(ctx, diags, vm);
  ctx.out << "Switched to workspace " << quote(words[1]) << ".\n";
  return report(ctx, diags, vm);
}

}  // namespace fedplan
