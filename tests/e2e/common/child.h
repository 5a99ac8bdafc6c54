// Running the real `fedplan` binary from end-to-end tests: start it in a directory with its
// output going to files, wait for it or SIGKILL it, and read what it printed.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/files.h"

namespace fedplan::e2e {

// The path of the fedplan binary under test, compiled in by CMake.
inline std::string fedplan_binary() {
  return FEDPLAN_BINARY;
}

inline std::string slurp(const std::string& path) {
  std::string text;
  fedplan::read_file(path, &text, nullptr);
  return text;
}

// One started fedplan process. Its stdout and stderr go to files (not pipes), so a process
// that is killed leaves exactly what it had written, and nobody has to drain a pipe.
struct Child {
  pid_t pid = -1;
  std::string out_path;
  std::string err_path;
  std::chrono::steady_clock::time_point started;

  std::string out() const { return slurp(out_path); }
  std::string err() const { return slurp(err_path); }
};

// How a child ended: its exit code, or the signal that ended it.
struct Exit {
  int code = -1;
  int signal = 0;
  double seconds = 0;  // from start to end
};

// Starts `fedplan ARGS...` in `cwd`, output to `<log_prefix>.out` / `.err`, stdin /dev/null.
inline Child start_fedplan(const std::string& cwd, const std::vector<std::string>& args,
                           const std::string& log_prefix) {
  Child c;
  c.out_path = log_prefix + ".out";
  c.err_path = log_prefix + ".err";
  std::vector<std::string> argv = {fedplan_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (std::string& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  c.started = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls from here on.
    int in = open("/dev/null", O_RDONLY);
    int out = open(c.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(c.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || chdir(cwd.c_str()) != 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  c.pid = pid;
  return c;
}

inline Exit wait_child(Child& c) {
  int status = 0;
  while (waitpid(c.pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  Exit e;
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - c.started).count();
  if (WIFEXITED(status)) e.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
  c.pid = -1;
  return e;
}

// Sends SIGKILL (the process may have ended on its own already) and reaps it.
inline Exit kill_child(Child& c) {
  ::kill(c.pid, SIGKILL);
  return wait_child(c);
}

// True while the child runs (it is reaped, with `*exit` set, once it has ended).
inline bool still_running(Child& c, Exit* exit = nullptr) {
  int status = 0;
  pid_t r = waitpid(c.pid, &status, WNOHANG);
  if (r == 0) return true;
  if (exit) {
    exit->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - c.started).count();
    exit->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    exit->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }
  c.pid = -1;
  return false;
}

// A fedplan process on a pseudo-terminal, as a user at a shell runs it: it asks questions
// ("Enter a value:") instead of refusing to. Everything it prints arrives on `master`.
struct TerminalChild {
  Child child;
  int master = -1;
  std::string seen;  // everything read from the terminal so far

  ~TerminalChild() {
    if (master >= 0) ::close(master);
  }
  // Reads until `text` has appeared (true) or `limit` passes (false).
  bool read_until(const std::string& text, std::chrono::milliseconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (seen.find(text) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{master, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) return seen.find(text) != std::string::npos;  // EIO: the child is gone
      seen.append(buf, static_cast<size_t>(n));
    }
    return true;
  }
  // Types `line` and Enter.
  void type(const std::string& line) {
    std::string s = line + "\n";
    if (::write(master, s.data(), s.size()) != static_cast<ssize_t>(s.size()))
      throw std::runtime_error("cannot write to the terminal");
  }
};

// Starts `fedplan ARGS...` in `cwd` on a new pseudo-terminal.
inline void start_fedplan_on_terminal(const std::string& cwd, const std::vector<std::string>& args,
                                      TerminalChild* t) {
  std::vector<std::string> argv = {fedplan_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (std::string& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  t->child.started = std::chrono::steady_clock::now();
  pid_t pid = forkpty(&t->master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  t->child.pid = pid;
}

// Runs fedplan to its end.
inline Exit run_fedplan(const std::string& cwd, const std::vector<std::string>& args,
                        const std::string& log_prefix, Child* child = nullptr) {
  Child c = start_fedplan(cwd, args, log_prefix);
  Exit e = wait_child(c);
  if (child) *child = c;
  return e;
}

// Polls `done` every few milliseconds until it holds or `limit` passes.
template <typename F>
bool wait_until(F done, std::chrono::milliseconds limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

}  // namespace fedplan::e2e
