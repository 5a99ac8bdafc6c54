// A real firewalld for tests: starts tests/firewalld/harness.sh in a fresh temporary directory,
// reads its DIR/env, and stops it (by the harness's own PIDs) when the object dies.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fedplan::firewalld::testing {

// One started harness, or why there is none (skipped: exit 77; failed: anything else).
class Harness {
 public:
  // Starts a harness; blocks until firewalld and sshd answer (or the start fails).
  static std::unique_ptr<Harness> start(const std::string& harness_script);
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  bool ready() const { return state_ == State::Ready; }
  bool skipped() const { return state_ == State::Skipped; }
  // Why it is not ready: the harness's own last words.
  const std::string& reason() const { return reason_; }

  const std::string& dir() const { return dir_; }
  // A key of DIR/env (NETNS, SSH_PORT, SSH_KEY, FIREWALLD_PID, ...); "" when absent.
  std::string env(const std::string& key) const;
  std::string firewall_cmd() const { return dir_ + "/firewall-cmd"; }
  std::string ssh_wrapper() const { return dir_ + "/ssh"; }

  // Runs the harness's firewall-cmd wrapper directly (for checks and for "by hand" changes);
  // returns stdout, and the exit code in *code.
  std::string fw(const std::vector<std::string>& args, int* code = nullptr) const;
  // Lets the ssh client also trust the host key for `host` (e.g. "localhost").
  void trust_host_alias(const std::string& host) const;
  // Kills the harness's firewalld by its PID and waits until firewall-cmd says so.
  bool kill_firewalld() const;

 private:
  enum class State { Ready, Skipped, Failed };
  Harness() = default;

  std::string script_;
  std::string dir_;
  State state_ = State::Failed;
  std::string reason_;
  std::map<std::string, std::string> env_;
};

}  // namespace fedplan::firewalld::testing
