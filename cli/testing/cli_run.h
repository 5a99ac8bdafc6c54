// Running fedplan's commands in-process for tests: arguments (and standard input) in, the exit
// code and what was printed out, over string streams.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli.h"

namespace fedplan::testing {

// One in-process `fedplan ...` run and what it printed.
struct CliRun {
  int code = -1;
  std::string out, err;
};

// Environment variables a test run sees (and nothing of the process's own).
using CliEnv = std::vector<std::pair<std::string, std::string>>;

inline CliRun cli_run(const std::vector<std::string>& args, const std::string& input = "",
                      const CliEnv* env = nullptr) {
  std::ostringstream out, err;
  std::istringstream in(input);
  CliContext ctx{out, err, in};
  if (env) {
    ctx.environment = [env] { return *env; };
    ctx.getenv = [env](const std::string& name) -> std::optional<std::string> {
      for (const auto& [k, v] : *env)
        if (k == name) return v;
      return std::nullopt;
    };
  }
  int code = run_cli(args, ctx);
  return {code, out.str(), err.str()};
}

// cli_run() with `env` as the whole environment.
inline CliRun cli_run_env(const CliEnv& env, const std::vector<std::string>& args) {
  return cli_run(args, "", &env);
}

}  // namespace fedplan::testing
