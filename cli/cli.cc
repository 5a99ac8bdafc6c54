// The subcommand table, top-level help and dispatch for the `fedplan` binary.
// Exit codes follow Terraform: 0 success, 1 error, 2 "plan has changes" with -detailed-exitcode.
#include "cli/cli.h"

#include <cctype>
#include <iomanip>
#include <ostream>

#include "cli/commands.h"

namespace fedplan {

bool CliContext::color(bool no_color_flag) const {
  if (no_color_flag || !out_is_terminal) return false;
  return !(getenv && getenv("NO_COLOR").has_value());
}

namespace {

int cmd_help(const std::vector<std::string>& args, CliContext& ctx);

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"help", "Show this help, or a command's help", cmd_help},
      {"plan", "Show what apply would change", cmd_plan},
      {"apply", "Make the changes a plan describes", cmd_apply},
      {"destroy", "Destroy everything fedplan manages here", cmd_destroy},
      {"show", "Show a saved plan, or what the state records", cmd_show},
      {"output", "Show root outputs from the state", cmd_output},
      {"graph", "Print the dependency graph as DOT", cmd_graph},
      {"import", "Adopt an existing object into the state", cmd_import},
      {"state", "Inspect and edit the state: list, show, rm, mv, pull, push", cmd_state},
      {"workspace", "Manage named states: list, show, new, select, delete", cmd_workspace},
      {"locks", "List who holds the state locks", cmd_locks},
      {"force-unlock", "Release a stuck state lock", cmd_force_unlock},
      {"sandbox", "Start, list or stop local sandbox clusters", cmd_sandbox},
      {"fmt", "Rewrite *.fed.hcl files in the canonical style", cmd_fmt},
      {"validate", "Check the configuration without contacting anything", cmd_validate},
      {"version", "Show the fedplan version", cmd_version},
  };
  return table;
}

namespace {

void print_usage(std::ostream& out) {
  out << "Usage: fedplan [--version] [--help] COMMAND [ARGS]\n\n"
         "fedplan plans and applies service-mesh federation across clusters.\n\n"
         "Commands:\n";
  for (const Command& c : commands())
    out << "  " << std::left << std::setw(14) << c.name << c.summary << "\n";
  out << "\nRun `fedplan COMMAND -h` for a command's flags. Flags take one dash or two "
         "(-var or --var).\n";
}

int cmd_help(const std::vector<std::string>& args, CliContext& ctx) {
  if (!args.empty()) {
    std::vector<std::string> again = {args[0], "-h"};
    return run_cli(again, ctx);
  }
  print_usage(ctx.out);
  return 0;
}

}  // namespace

std::vector<std::string> normalize_flags(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (const std::string& a : args) {
    if (a.size() > 2 && a[0] == '-' && a[1] != '-' &&
        std::isalpha(static_cast<unsigned char>(a[1])))
      out.push_back("-" + a);
    else
      out.push_back(a);
  }
  return out;
}

int run_cli(const std::vector<std::string>& args, CliContext& ctx) {
  if (args.empty()) {
    print_usage(ctx.err);
    return 1;
  }
  const std::string& first = args[0];
  if (first == "-h" || first == "--help" || first == "-help") {
    print_usage(ctx.out);
    return 0;
  }
  if (first == "-v" || first == "--version" || first == "-version") return cmd_version({}, ctx);
  for (const Command& c : commands()) {
    if (first == c.name) return c.run(std::vector<std::string>(args.begin() + 1, args.end()), ctx);
  }
  ctx.err << "fedplan: unknown command \"" << first << "\".\n\n";
  print_usage(ctx.err);
  return 1;
}

}  // namespace fedplan
