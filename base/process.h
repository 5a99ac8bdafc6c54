// ProcessRunner: the seam for running other programs (firewall-cmd, ssh) as an argv, never
// through a shell. SubprocessRunner is the real one; shell_quote builds ssh remote commands.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fedplan {

// What to run. argv[0] is found in PATH (the PATH of extra_env when it sets one) unless it
// holds a '/'; each argv element reaches the program as one argument, byte for byte.
struct ProcessRequest {
  std::vector<std::string> argv;
  std::string stdin_data;  // written to the program's stdin, which is then closed
  // The whole run; when it passes, the program's process group is killed. Zero: no limit.
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
  // Set in (or replaced in) the inherited environment.
  std::map<std::string, std::string> extra_env;
  // Per stream; a program that writes more is killed and the run is an error.
  size_t max_output_bytes = 64 * 1024 * 1024;
};

// How a run ended. `error` is empty when the program ran to its end on its own; it says why
// otherwise (not found, not executable, timed out, too much output). exit_code is the exit
// status, 128+N when signal N ended the program (as sh reports it), -1 when it never started.
struct ProcessResult {
  int exit_code = -1;
  int term_signal = 0;  // the signal that ended the program, 0 when it exited
  std::string out;
  std::string err;
  bool timed_out = false;
  std::string error;

  // Ran to its end and exited 0.
  bool ok() const { return error.empty() && exit_code == 0; }
};

// Runs one program to its end and collects its output. Implementations are thread-safe.
class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  virtual ProcessResult run(const ProcessRequest& request) = 0;

  // Shorthand for the common case.
  ProcessResult run(std::vector<std::string> argv, std::string stdin_data = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(60),
                    std::map<std::string, std::string> extra_env = {}) {
    ProcessRequest r;
    r.argv = std::move(argv);
    r.stdin_data = std::move(stdin_data);
    r.timeout = timeout;
    r.extra_env = std::move(extra_env);
    return run(r);
  }
};

// The real runner: posix_spawn with pipes for stdin, stdout and stderr, the child in a process
// group of its own, a poll loop that feeds stdin while it reads both outputs, and a timeout
// that kills that process group. No shell is ever involved. Holds no state.
class SubprocessRunner : public ProcessRunner {
 public:
  using ProcessRunner::run;
  ProcessResult run(const ProcessRequest& request) override;
};

// `s` as one word for a POSIX shell: unchanged when it is made only of characters no shell
// treats specially (letters, digits, and _ - . / : , @ % +), otherwise in single quotes with
// each ' written as '\''. The empty string becomes ''. For ssh, whose remote side hands the
// command line to the user's shell; a NUL byte cannot be carried by any shell word.
std::string shell_quote(std::string_view s);

// Each element shell_quote'd, joined by single spaces: an argv as one remote command line.
std::string shell_join(const std::vector<std::string>& argv);

}  // namespace fedplan
