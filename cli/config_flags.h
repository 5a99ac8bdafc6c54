// Flags and output shared by every command that loads a configuration: -var, -var-file,
// -no-color, the DIR argument, and printing diagnostics with carets.
#pragma once

#include <string>

#include "cli/options.h"
#include "engine/plan/loaded_config.h"

namespace fedplan {

// Adds -var (repeatable), -var-file (repeatable), -no-color and the positional DIR.
void add_config_flags(po::options_description& flags, po::positional_options_description& pos);

// The LoadedConfigOptions the flags and the environment describe.
LoadedConfigOptions config_options(const po::variables_map& vm, CliContext& ctx);

// Prints diagnostics to stderr (errors) with the offending source lines.
void print_diagnostics(CliContext& ctx, const Diagnostics& diags, const SourceFiles* sources,
                       bool color);

// Whether output should be coloured: a terminal, no -no-color, no NO_COLOR.
bool use_color(const po::variables_map& vm, CliContext& ctx);

}  // namespace fedplan
