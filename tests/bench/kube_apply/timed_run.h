// TimedRun: runs a program with its output on a pipe and notes when each line arrived, so a
// benchmark can split one `fedplan apply` into its plan and apply phases.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace fedplan::bench {

using BenchClock = std::chrono::steady_clock;

// One line of the program's standard output and when the benchmark read it.
struct TimedLine {
  double at = 0;  // seconds since the program started
  std::string text;
};

// How a run went: exit code (128+N for signal N, -1 when it did not start), wall time, the
// CPU seconds the program used, its output lines and its standard error.
struct TimedResult {
  int exit_code = -1;
  double wall = 0;
  double cpu = 0;
  std::vector<TimedLine> lines;
  std::string err;

  // When the first (or last) line containing `needle` arrived; -1 when none did.
  double first(const std::string& needle) const;
  double last(const std::string& needle) const;
  int count(const std::string& needle) const;
};

// Runs argv (argv[0] a path) with `env` added to the environment, in `cwd` (this process's
// own directory when empty); no shell.
TimedResult timed_run(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& env, const std::string& cwd = "");

}  // namespace fedplan::bench
