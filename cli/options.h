// Flag parsing shared by the subcommands, on Boost.Program_options, with errors as text.
// Keeps program_options out of every command file but the ones that declare flags.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace fedplan {

namespace po = boost::program_options;

// Parses `args` for command `name`. Prints usage on -h/--help (returns 0 in *exit_code) and a
// clear error for unknown or malformed flags (1). Returns true when the command should run.
bool parse_flags(const char* name, const char* usage, const po::options_description& flags,
                 const po::positional_options_description& positional,
                 const std::vector<std::string>& args, po::variables_map* vm, CliContext& ctx,
                 int* exit_code);

}  // namespace fedplan
