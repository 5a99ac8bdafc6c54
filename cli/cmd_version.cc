// `fedplan version`: the version of this build, and of the state format it writes.
// The version comes from CMake's project() so there is one place to change it.
#include <ostream>

#include "cli/commands.h"
#include "cli/options.h"

#ifndef FEDPLAN_VERSION
#define FEDPLAN_VERSION "0.0.0"
#endif

namespace fedplan {

int cmd_version(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  flags.add_options()("json", po::bool_switch(), "Print as JSON.");
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("version", "[-json]", flags, {}, args, &vm, ctx, &code)) return code;
  if (vm["json"].as<bool>())
    ctx.out << "{\"fedplan_version\":\"" << FEDPLAN_VERSION << "\"}\n";
  else
    ctx.out << "fedplan v" << FEDPLAN_VERSION << "\n";
  return 0;
}

}  // namespace fedplan
