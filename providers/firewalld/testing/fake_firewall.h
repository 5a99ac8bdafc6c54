// A fake ProcessRunner that plays firewall-cmd on several hosts, locally or behind ssh, with
// the outputs and exit codes recorded from firewalld 1.3 (docs/firewalld-harness.md).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/process.h"

namespace fedplan::firewalld::testing {

// The entries of one zone in one configuration (runtime or permanent).
struct FakeZoneLayer {
  std::vector<std::string> ports;  // in the order added, as "31000/tcp"
  std::set<std::string> services, sources, interfaces;
};

// A zone on one host.
struct FakeZone {
  bool in_runtime = true;
  bool in_permanent = true;
  std::string target = "default";
  std::string description;
  FakeZoneLayer runtime, permanent;
};

// One host's firewalld.
struct FakeHost {
  bool running = true;
  bool ssh_down = false;  // ssh to it fails (exit 255)
  std::map<std::string, FakeZone> zones;
};

// One command the fake received, after undoing ssh and the remote shell's quoting.
struct FakeCall {
  std::string host;                // "local" or the ssh host argument
  std::vector<std::string> argv;   // what the process was started with
  std::vector<std::string> words;  // firewall-cmd and its arguments (ssh: as the shell splits)
};

// The fake. Every host starts with the zones "public" and "libvirt" (libvirt has service ssh).
class FakeFirewall : public ProcessRunner {
 public:
  using ProcessRunner::run;
  ProcessResult run(const ProcessRequest& request) override;

  // The host (created with the default zones on first use). Lock with mu() while editing it
  // from a test that runs the provider in other threads.
  FakeHost& host(const std::string& name);
  std::vector<FakeCall> calls() const;
  size_t call_count() const;
  void clear_calls();
  bool port_open(const std::string& host, const std::string& zone, const std::string& port,
                 bool permanent);
  std::mutex& mu() { return mu_; }

  // Splits a command line as a POSIX shell would, accepting only what shell_join produces
  // (plain words, '...' quoting, \' outside quotes). false when anything else appears.
  static bool split_shell_words(const std::string& line, std::vector<std::string>* words);

 private:
  ProcessResult firewall_cmd(FakeHost& h, const std::vector<std::string>& args);
  // One action (--add-port=VALUE is action "add-port") of a firewall-cmd run.
  ProcessResult firewall_action(FakeHost& h, bool permanent, const std::string& zone,
                                const std::string& action, const std::string& value);
  FakeHost& host_locked(const std::string& name);

  mutable std::mutex mu_;
  std::map<std::string, FakeHost> hosts_;
  std::vector<FakeCall> calls_;
};

}  // namespace fedplan::firewalld::testing
