// Entry points of the subcommands; each lives in its own cmd_*.cc file.
// They share the signature of Command::run so the table in cli.cc can list them.
#pragma once

#include <boost/program_options/variables_map.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace fedplan {

int cmd_apply(const std::vector<std::string>& args, CliContext& ctx);
int cmd_console(const std::vector<std::string>& args, CliContext& ctx);
int cmd_destroy(const std::vector<std::string>& args, CliContext& ctx);
int cmd_plan(const std::vector<std::string>& args, CliContext& ctx);
int cmd_force_unlock(const std::vector<std::string>& args, CliContext& ctx);
// `state migrate` (cli/cmd_state_migrate.cc), called by cmd_state with its parsed flags.
int state_migrate_command(const boost::program_options::variables_map& vm, const std::string& dir,
                          std::chrono::milliseconds timeout, CliContext& ctx);
int cmd_locks(const std::vector<std::string>& args, CliContext& ctx);
int cmd_workspace(const std::vector<std::string>& args, CliContext& ctx);
int cmd_import(const std::vector<std::string>& args, CliContext& ctx);
int cmd_graph(const std::vector<std::string>& args, CliContext& ctx);
int cmd_output(const std::vector<std::string>& args, CliContext& ctx);
int cmd_sandbox(const std::vector<std::string>& args, CliContext& ctx);
int cmd_show(const std::vector<std::string>& args, CliContext& ctx);
int cmd_state(const std::vector<std::string>& args, CliContext& ctx);
int cmd_fmt(const std::vector<std::string>& args, CliContext& ctx);
int cmd_validate(const std::vector<std::string>& args, CliContext& ctx);
int cmd_version(const std::vector<std::string>& args, CliContext& ctx);

}  // namespace fedplan
