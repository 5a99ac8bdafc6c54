// Flag parsing shared by the subcommands: -h, unknown flags and bad values become messages.
// program_options throws; the exceptions stop here and never cross into the commands.
#include "cli/options.h"

#include <ostream>
#include <set>

#include "base/suggest.h"

namespace fedplan {

namespace {

// The flags as help shows them: the slots positional arguments are parsed into (--words,
// --addr) are not flags anyone types, and are left out unless `usage` names one as a flag
// (import's `-dir DIR`).
po::options_description visible_flags(const po::options_description& all,
                                      const po::positional_options_description& positional,
                                      const std::string& usage) {
  std::set<std::string> slots;
  unsigned n = positional.max_total_count();
  for (unsigned i = 0; i < n && i < 64; ++i) slots.insert(positional.name_for_position(i));
  if (n > 64) slots.insert(positional.name_for_position(n));  // the repeated last slot
  po::options_description out;
  for (const auto& o : all.options())
    if (!slots.count(o->long_name()) || usage.find("-" + o->long_name() + " ") != std::string::npos)
      out.add(o);
  return out;
}

// " Did you mean -NAME?" for a misspelt flag, or "".
std::string flag_hint(const std::string& given, const po::options_description& flags) {
  std::string name = given;
  name.erase(0, name.find_first_not_of('-'));
  name = name.substr(0, name.find('='));
  std::vector<std::string> names;
  for (const auto& o : flags.options()) names.push_back(o->long_name());
  auto s = suggest(name, names);
  return s ? " Did you mean -" + *s + "?" : "";
}

}  // namespace

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
  } catch (const po::unknown_option& e) {
    ctx.err << "Error: fedplan " << name << ": " << e.what() << "."
            << flag_hint(e.get_option_name(), all) << "\nRun `fedplan " << name
            << " -h` for the flags it takes.\n";
    *exit_code = 1;
    return false;
  } catch (const po::error& e) {
    ctx.err << "Error: fedplan " << name << ": " << e.what() << "\n"
            << "Run `fedplan " << name << " -h` for the flags it takes.\n";
    *exit_code = 1;
    return false;
  }
  if (vm->count("help")) {
    ctx.out << "Usage: fedplan " << name << " " << usage << "\n\n"
            << visible_flags(all, positional, std::string(usage) + " ");
    *exit_code = 0;
    return false;
  }
  return true;
}

}  // namespace fedplan
