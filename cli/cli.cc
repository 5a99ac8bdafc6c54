// The subcommand table, top-level help and dispatch for the `fedplan` binary.
// Exit codes follow Terraform: 0 success, 1 error, 2 "plan has changes" with -detailed-exitcode.
#include "cli/cli.h"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <iomanip>
#include <ostream>

#include "base/quote.h"
#include "base/suggest.h"
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
      {"console", "Evaluate expressions against the configuration and state", cmd_console},
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
  out << "Usage: fedplan [-chdir=DIR] [--version] [--help] COMMAND [ARGS]\n\n"
         "fedplan plans and applies service-mesh federation across clusters.\n\n"
         "Commands:\n";
  for (const Command& c : commands())
    out << "  " << std::left << std::setw(14) << c.name << c.summary << "\n";
  out << "\nGlobal options (before the command):\n"
         "  -chdir=DIR    Switch to DIR first: the configuration, the state and every relative\n"
         "                path given to the command are read from there.\n"
         "\nRun `fedplan COMMAND -h` for a command's flags. Flags take one dash or two "
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

namespace {

// Global options before the command, as Terraform takes them: -chdir=DIR (or -chdir DIR)
// switches to DIR first, so every relative path after it is read from there. The count of
// arguments taken, or -1 after printing an error.
int global_options(const std::vector<std::string>& args, CliContext& ctx) {
  size_t i = 0;
  while (i < args.size()) {
    const std::string& a = args[i];
    std::string dir;
    if (a.rfind("-chdir=", 0) == 0 || a.rfind("--chdir=", 0) == 0) {
      dir = a.substr(a.find('=') + 1);
      i += 1;
    } else if (a == "-chdir" || a == "--chdir") {
      if (i + 1 >= args.size()) {
        ctx.err << "Error: fedplan: -chdir needs a directory: -chdir=DIR COMMAND\n";
        return -1;
      }
      dir = args[i + 1];
      i += 2;
    } else {
      break;
    }
    if (dir.empty() || ::chdir(dir.c_str()) != 0) {
      ctx.err << "Error: fedplan: -chdir: cannot change to the directory " << quote(dir) << ": "
              << (dir.empty() ? "no directory given" : std::strerror(errno)) << ".\n";
      return -1;
    }
  }
  return static_cast<int>(i);
}

}  // namespace

int run_cli(const std::vector<std::string>& all_args, CliContext& ctx) {
  int taken = global_options(all_args, ctx);
  if (taken < 0) return 1;
  const std::vector<std::string> args(all_args.begin() + taken, all_args.end());
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
  std::vector<std::string> names;
  for (const Command& c : commands()) names.push_back(c.name);
  ctx.err << "Error: fedplan: unknown command " << quote(first) << ".";
  if (auto s = suggest(first, names)) ctx.err << " Did you mean " << quote(*s) << "?";
  ctx.err << "\n\n";
  print_usage(ctx.err);
  return 1;
}

}  // namespace fedplan
