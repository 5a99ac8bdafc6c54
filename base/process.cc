// SubprocessRunner: posix_spawn + pipes + a poll loop, and shell_quote for ssh command lines.
// The child gets its own process group so a timeout can kill everything it started.
#include "base/process.h"
#include "base/unique_fd.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace fedplan {
namespace {

using Clock = std::chrono::steady_clock;

// After the program ends, output still in the pipes is read until they stay quiet this long,
// and no longer than kDrainMaxMs in all: a background grandchild may hold them open for ever,
// and its output is not waited for.
constexpr int kDrainQuietMs = 100;
constexpr int kDrainMaxMs = 1000;

// A pipe whose both ends are close-on-exec and above the standard descriptors, so dup2 in the
// child always makes a fresh, inheritable descriptor.
bool make_pipe(UniqueFd& read_end, UniqueFd& write_end, std::string& error) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  for (int& f : p) {
    if (f <= 2) {
      int moved = ::fcntl(f, F_DUPFD_CLOEXEC, 3);
      ::close(f);
      f = moved;
    }
  }
  read_end.fd = p[0];
  write_end.fd = p[1];
  if (p[0] < 0 || p[1] < 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  return true;
}

bool set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// The file execve will get: argv0 itself when it holds a '/', else the first executable match
// in PATH. Searched here, before spawning, so "not found" is a clear message, not an exit 127.
std::string resolve_program(const std::string& argv0, const ProcessRequest& request) {
  if (argv0.find('/') != std::string::npos) return argv0;
  std::string path;
  if (auto it = request.extra_env.find("PATH"); it != request.extra_env.end()) {
    path = it->second;
  } else if (const char* p = ::getenv("PATH")) {
    path = p;
  } else {
    path = "/usr/local/bin:/usr/bin:/bin";
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + argv0;
    if (is_executable_file(candidate)) return candidate;
    start = end + 1;
  }
  return {};
}

// The inherited environment with extra_env laid over it, as owned strings.
std::vector<std::string> build_env(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    std::string name(entry.substr(0, entry.find('=')));
    if (!extra.count(name)) env.emplace_back(entry);
  }
  for (const auto& [k, v] : extra) env.push_back(k + "=" + v);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Blocks SIGPIPE in this thread while we write to a pipe whose reader may be gone (EPIPE is
// handled as "the program does not want more input"), and discards one it raised.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigset_t pipe_set;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_);
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      sigset_t pipe_set;
      sigemptyset(&pipe_set);
      sigaddset(&pipe_set, SIGPIPE);
      struct timespec zero = {0, 0};
      while (sigtimedwait(&pipe_set, nullptr, &zero) == -1 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_;
  bool was_pending_ = false;
};

std::string describe(const std::vector<std::string>& argv) {
  return "'" + (argv.empty() ? std::string() : argv[0]) + "'";
}

int pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  errno = ENOSYS;
  return -1;
#endif
}

// Reads what is there; false at end of file or on error.
bool read_some(int fd, std::string& into) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

void record_status(int status, ProcessResult& result) {
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
    result.exit_code = 128 + result.term_signal;
  }
}

}  // namespace

ProcessResult SubprocessRunner::run(const ProcessRequest& request) {
  ProcessResult result;
  if (request.argv.empty() || request.argv[0].empty()) {
    result.error = "cannot run a program: empty argv";
    return result;
  }
  const std::string program = resolve_program(request.argv[0], request);
  if (program.empty()) {
    result.error = "cannot run " + describe(request.argv) + ": program not found in PATH";
    return result;
  }

  UniqueFd in_r, in_w, out_r, out_w, err_r, err_w;
  if (!make_pipe(in_r, in_w, result.error) || !make_pipe(out_r, out_w, result.error) ||
      !make_pipe(err_r, err_w, result.error)) {
    return result;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_r.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.fd, 2);
  // Nothing else of ours leaks into the program, even descriptors opened without CLOEXEC.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);    // not our blocked SIGPIPE
  posix_spawnattr_setsigdefault(&attr, &all);  // not our ignored signals
  posix_spawnattr_setpgroup(&attr, 0);         // its own process group, for the timeout kill
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<std::string> argv_copy = request.argv;
  std::vector<std::string> env = build_env(request.extra_env);
  std::vector<char*> argv_c = c_strings(argv_copy);
  std::vector<char*> env_c = c_strings(env);

  SigpipeGuard sigpipe_guard;
  pid_t pid = -1;
  int rc = posix_spawn(&pid, program.c_str(), &actions, &attr, argv_c.data(), env_c.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    std::string where = program == request.argv[0] ? "" : " (" + program + ")";
    result.error = "cannot run " + describe(request.argv) + where + ": " + std::strerror(rc);
    return result;
  }
  in_r.reset();
  out_w.reset();
  err_w.reset();

  set_nonblocking(in_w.fd);
  set_nonblocking(out_r.fd);
  set_nonblocking(err_r.fd);
  if (request.stdin_data.empty()) in_w.reset();

  UniqueFd pidfd(pidfd_open(pid));
  const bool limited = request.timeout.count() > 0;
  const auto deadline = Clock::now() + request.timeout;
  size_t written = 0;
  bool reaped = false;
  int status = 0;
  std::string limit_error;

  Clock::time_point drain_deadline;
  auto reap = [&](int flags) {
    if (reaped) return;
    pid_t r;
    do {
      r = ::waitpid(pid, &status, flags);
    } while (r < 0 && errno == EINTR);
    if (r == pid) {
      reaped = true;
      drain_deadline = Clock::now() + std::chrono::milliseconds(kDrainMaxMs);
    }
  };
  auto kill_group = [&] { ::kill(-pid, SIGKILL); };

  while (!reaped || out_r.fd >= 0 || err_r.fd >= 0) {
    if (!reaped) reap(WNOHANG);
    if (reaped) {
      in_w.reset();  // nobody will read it
      if (Clock::now() >= drain_deadline) break;
    }

    int wait_ms = -1;
    if (reaped) {
      wait_ms = kDrainQuietMs;
    } else if (pidfd.fd < 0) {
      wait_ms = 20;  // no pidfd: look at the child now and then
    }
    if (limited && !result.timed_out) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        result.timed_out = true;
        kill_group();
        reap(0);
        continue;
      }
      int left_ms = static_cast<int>(std::min<long long>(left, 1 << 30));
      wait_ms = wait_ms < 0 ? left_ms : std::min(wait_ms, left_ms);
    }

    pollfd fds[4];
    int n = 0;
    int i_out = -1, i_err = -1, i_in = -1, i_pid = -1;
    if (out_r.fd >= 0) fds[i_out = n++] = {out_r.fd, POLLIN, 0};
    if (err_r.fd >= 0) fds[i_err = n++] = {err_r.fd, POLLIN, 0};
    if (in_w.fd >= 0) fds[i_in = n++] = {in_w.fd, POLLOUT, 0};
    if (pidfd.fd >= 0 && !reaped) fds[i_pid = n++] = {pidfd.fd, POLLIN, 0};
    int ready = ::poll(fds, static_cast<nfds_t>(n), wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      limit_error = std::string("poll: ") + std::strerror(errno);
      kill_group();
      reap(0);
      break;
    }
    if (ready == 0 && reaped) break;  // drained: whatever still holds the pipes is not ours

    auto drain = [&](int index, UniqueFd& fd, std::string& into) {
      if (index < 0 || fds[index].revents == 0) return;
      if (!read_some(fd.fd, into)) fd.reset();
      if (into.size() > request.max_output_bytes && limit_error.empty()) {
        limit_error = "output over " + std::to_string(request.max_output_bytes) + " bytes";
        kill_group();
        reap(0);
      }
    };
    drain(i_out, out_r, result.out);
    drain(i_err, err_r, result.err);
    if (!limit_error.empty()) break;

    if (i_in >= 0 && fds[i_in].revents != 0) {
      if (fds[i_in].revents & (POLLERR | POLLHUP)) {
        in_w.reset();  // the program closed its stdin
      } else {
        ssize_t w = ::write(in_w.fd, request.stdin_data.data() + written,
                            request.stdin_data.size() - written);
        if (w > 0) {
          written += static_cast<size_t>(w);
          if (written == request.stdin_data.size()) in_w.reset();
        } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
          in_w.reset();  // EPIPE: it does not want the rest
        }
      }
    }
    if (i_pid >= 0 && fds[i_pid].revents != 0) reap(WNOHANG);
  }
  reap(0);
  record_status(status, result);

  if (result.timed_out) {
    result.error = describe(request.argv) + " timed out after " +
                   std::to_string(request.timeout.count()) + " ms and was killed";
  } else if (!limit_error.empty()) {
    result.error = describe(request.argv) + ": " + limit_error + "; killed";
  }
  return result;
}

std::string shell_quote(std::string_view s) {
  if (s.empty()) return "''";
  bool plain = true;
  for (unsigned char c : s) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == ',' || c == '@' ||
                c == '%' || c == '+';
    if (!safe) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(s);
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += "'";
  return out;
}

std::string shell_join(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    out += shell_quote(a);
  }
  return out;
}

}  // namespace fedplan
