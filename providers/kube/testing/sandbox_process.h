// SandboxProcess: starts the fedplan-sandbox binary from the build tree on a free loopback
// port for an integration test, and stops it by its PID when the object dies.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/testing/temp_dir.h"

namespace fedplan::kube::testing {

class SandboxProcess {
 public:
  // Starts `binary` with `extra_args` (e.g. "--bare", "--latency-ms", "20") and waits until it
  // serves. Throws std::runtime_error when it does not start within 20 s.
  SandboxProcess(const std::string& binary, const std::vector<std::string>& extra_args);
  ~SandboxProcess();
  SandboxProcess(const SandboxProcess&) = delete;
  SandboxProcess& operator=(const SandboxProcess&) = delete;

  const std::string& kubeconfig() const { return kubeconfig_; }
  const std::string& server() const { return server_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const fedplan::testing::TempDir& dir() const { return dir_; }

 private:
  fedplan::testing::TempDir dir_;
  pid_t pid_ = -1;
  std::string kubeconfig_;
  std::string server_;
  int port_ = 0;
};

// The fedplan-sandbox binary the build made (FEDPLAN_SANDBOX_BIN), or "" when it is not built.
std::string sandbox_binary();

}  // namespace fedplan::kube::testing

namespace fedplan::kube::testing {

// One sandbox for the whole test process (with the operator play, fast Ready and namespace
// deletion, a fixed seed), started on first use and stopped at exit.
SandboxProcess& shared_sandbox();

}  // namespace fedplan::kube::testing
