// TimedRun: posix_spawn with stdout on a pipe read line by line, stderr to a temporary file,
// and wait4 for the child's CPU time.
#include "tests/bench/kube_apply/timed_run.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/files.h"

extern char** environ;

namespace fedplan::bench {

double TimedResult::first(const std::string& needle) const {
  for (const TimedLine& l : lines)
    if (l.text.find(needle) != std::string::npos) return l.at;
  return -1;
}

double TimedResult::last(const std::string& needle) const {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (it->text.find(needle) != std::string::npos) return it->at;
  return -1;
}

int TimedResult::count(const std::string& needle) const {
  int n = 0;
  for (const TimedLine& l : lines) n += l.text.find(needle) != std::string::npos;
  return n;
}

TimedResult timed_run(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& env, const std::string& cwd) {
  TimedResult r;
  std::vector<std::string> envs;
  for (char** e = environ; *e; ++e) {
    std::string s = *e;
    if (!env.count(s.substr(0, s.find('=')))) envs.push_back(s);
  }
  for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (std::string& s : envs) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (std::string& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  int out[2];
  if (pipe(out) != 0) return r;
  char err_path[] = "/tmp/kube_apply_bench_err_XXXXXX";
  int err_fd = mkstemp(err_path);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  pid_t pid = -1;
  auto t0 = BenchClock::now();
  int rc = posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    close(err_fd);
    unlink(err_path);
    r.err = "cannot start " + argv[0];
    return r;
  }
  std::string pending;
  char buf[65536];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) != 0;) {
    if (n < 0) continue;  // EINTR
    double at = std::chrono::duration<double>(BenchClock::now() - t0).count();
    pending.append(buf, static_cast<size_t>(n));
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      r.lines.push_back({at, pending.substr(0, nl)});
      pending.erase(0, nl + 1);
    }
  }
  close(out[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  r.wall = std::chrono::duration<double>(BenchClock::now() - t0).count();
  if (!pending.empty()) r.lines.push_back({r.wall, pending});
  r.cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
          static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  close(err_fd);
  read_file(err_path, &r.err, nullptr);
  unlink(err_path);
  return r;
}

}  // namespace fedplan::bench
