// Flag parsing shared by the subcommands: -h, unknown flags and bad values become messages.
// program_options throws; the exceptions stop here and never cross into the commands.
#include "cli/options.h"

#include <ostream>

namespace fedplan {

bool parse_flags(const char* name, const char* usage, const po::options_description& flags,
                 const po::positional_options_description& positional,
                 const std::vector<std::string>& args, po::variables_map* vm, CliContext& ctx,
                 int* exit_code) {
  po::options_description all;
  all.add(flags);
  all.add_options()("help,h", "Show this help.");
  try {
    po::store(
        po::command_line_parser(normalize_flags(args))
            .options(all)
            .positional(positional)
            .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
            .run(),
        *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    ctx.err << "fedplan " << name << ": " << e.what() << "\n"
            << "Run `fedplan " << name << " -h` for the flags it takes.\n";
    *exit_code = 1;
    return false;
  }
  if (vm->count("help")) {
    ctx.out << "Usage: fedplan " << name << " " << usage << "\n\n" << all;
    *exit_code = 0;
    return false;
  }
  return true;
}

}  // namespace fedplan
