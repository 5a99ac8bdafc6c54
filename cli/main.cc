// The `fedplan` binary: wires the real terminal, environment and streams into run_cli.
// Everything else lives in the library so tests can run commands in-process.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/cli.h"
#include "state/local_backend.h"

namespace {

// The process-wide state a signal handler may touch; main hands it to the commands.
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signals{0};
fedplan::LockRecordForExit g_lock_record;

void on_sigint(int) {
  g_interrupted.store(true);
  // A second Ctrl-C leaves at once, like Terraform. The kernel frees the state lock's flock
  // with the process; the record file is removed here, or it would outlive the run.
  if (g_signals.fetch_add(1) >= 1) {
    g_lock_record.remove();
    _exit(130);
  }
}

}  // namespace

int main(int argc, char** argv) {
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::ios::sync_with_stdio(false);
  fedplan::CliContext ctx{std::cout, std::cerr, std::cin};
  ctx.out_is_terminal = isatty(STDOUT_FILENO);
  ctx.in_is_terminal = isatty(STDIN_FILENO);
  ctx.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
  ctx.environment = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (char** e = environ; e && *e; ++e) {
      std::string kv = *e;
      size_t eq = kv.find('=');
      if (eq != std::string::npos) out.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    return out;
  };
  ctx.interrupted = &g_interrupted;
  ctx.lock_record = &g_lock_record;
  ctx.program_path = argc > 0 ? argv[0] : "fedplan";
  int code = fedplan::run_cli(std::vector<std::string>(argv + 1, argv + argc), ctx);
  std::cout.flush();
  return code;
}
