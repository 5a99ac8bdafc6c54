// The fedplan command line: the table of subcommands and the shared terminal/environment
// context they run in. main() only builds a CliContext and calls run_cli.
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fedplan {

struct LockRecordForExit;

// What a command may touch of the outside world. Tests build one over string streams.
struct CliContext {
  CliContext(std::ostream& o, std::ostream& e, std::istream& i) : out(o), err(e), in(i) {}

  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  bool out_is_terminal = false;
  bool in_is_terminal = false;
  std::function<std::optional<std::string>(const std::string&)> getenv;
  // Every environment variable (for FEDPLAN_VAR_<name>); empty when not set.
  std::function<std::vector<std::pair<std::string, std::string>>()> environment;
  std::string program_path;  // argv[0] resolved, to find sibling binaries
  // Set by the program's SIGINT handler: apply starts no new steps once it is true.
  const std::atomic<bool>* interrupted = nullptr;
  // Where a state backend publishes the lock it holds, so that the handler of a second Ctrl-C
  // can remove the lock record before it exits at once. Null in tests.
  LockRecordForExit* lock_record = nullptr;

  // Colour only on a terminal, never with NO_COLOR set or -no-color given.
  bool color(bool no_color_flag) const;
};

// One subcommand: `fedplan NAME ...`.
struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args, CliContext& ctx);
};

const std::vector<Command>& commands();

// Runs `fedplan ARGS...` (without the program name) and returns the exit code.
int run_cli(const std::vector<std::string>& args, CliContext& ctx);

// Terraform spells long flags with one dash (-var, -auto-approve); accept both by turning
// `-word` into `--word`. Single letters (-h) and negative numbers stay as they are.
std::vector<std::string> normalize_flags(const std::vector<std::string>& args);

}  // namespace fedplan
