// SandboxProcess: posix_spawn, a ready file, SIGTERM by PID.
#include "providers/kube/testing/sandbox_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "base/files.h"

extern char** environ;

namespace fedplan::kube::testing {

std::string sandbox_binary() {
#ifdef FEDPLAN_SANDBOX_BIN
  if (access(FEDPLAN_SANDBOX_BIN, X_OK) == 0) return FEDPLAN_SANDBOX_BIN;
#endif
  return "";
}

SandboxProcess::SandboxProcess(const std::string& binary, const std::vector<std::string>& extra) {
  std::string ready = dir_ / "ready.json";
  kubeconfig_ = dir_ / "kubeconfig";
  std::vector<std::string> args = {binary,      "--name",       "kubetest", "--host",
                                   "127.0.0.1", "--port",       "0",        "--kubeconfig-out",
                                   kubeconfig_, "--ready-file", ready};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  std::string log = dir_ / "sandbox.log";
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  int rc = posix_spawn(&pid_, binary.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start " + binary);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::string text;
      read_file(log, &text, nullptr);
      throw std::runtime_error("fedplan-sandbox exited: " + text);
    }
    std::ifstream in(ready);
    if (in) {
      nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
      if (j.is_object() && j.contains("port")) {
        port_ = j["port"].get<int>();
        server_ = j.value("server", "");
        return;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  throw std::runtime_error("fedplan-sandbox did not become ready within 20 s");
}

SandboxProcess::~SandboxProcess() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

}  // namespace fedplan::kube::testing

namespace fedplan::kube::testing {

SandboxProcess& shared_sandbox() {
  static SandboxProcess sandbox(
      sandbox_binary(),
      {"--smcp-ready-delay-ms", "300", "--namespace-delete-delay-ms", "200", "--seed", "7"});
  return sandbox;
}

}  // namespace fedplan::kube::testing
