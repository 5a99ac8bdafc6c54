// Running fedplan's commands in-process for tests: arguments (and standard input) in, the exit
// code and what was printed out, over string streams.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace fedplan::testing {

// One in-process `fedplan ...` run and what it printed.
struct CliRun {
  int code = -1;
  std::string out, err;
};

inline CliRun cli_run(const std::vector<std::string>& args, const std::string& input = "") {
  std::ostringstream out, err;
  std::istringstream in(input);
  CliContext ctx{out, err, in};
  int code = run_cli(args, ctx);
  return {code, out.str(), err.str()};
}

}  // namespace fedplan::testing
