// Running one fedplan command as a child process and measuring it: wall time, CPU time and
// peak resident memory (wait4's rusage), with its output sent to a log file.
#pragma once

#include <string>
#include <vector>

namespace fedplan::bench {

// How one run went. exit_code is -1 when the program could not be started, 128+N when
// signal N ended it.
struct ChildRun {
  int exit_code = -1;
  double wall_s = 0;
  double cpu_s = 0;       // user + system
  long peak_rss_kib = 0;  // ru_maxrss
  std::string error;      // why it could not be started
};

// Runs argv (argv[0] a path) with stdout and stderr appended to `log_path`, and waits for it.
ChildRun run_child(const std::vector<std::string>& argv, const std::string& log_path);

}  // namespace fedplan::bench
