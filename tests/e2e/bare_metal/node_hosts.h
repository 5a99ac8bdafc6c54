// Node hosts for the bare-metal tests: one real firewalld (tests/firewalld/harness.sh, its own
// network namespace) per cluster node, reached over ssh by the node's name through a wrapper.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fedplan::e2e {

// One node host: a started harness (or why not), stopped by stop() or when it dies.
struct NodeHost {
  std::string name;  // the ssh host name the configuration uses, e.g. "mesh1-node-1"
  std::string dir;   // the harness's directory
  int start_code = -1;
  int stop_code = -1;
  std::string log;
  std::map<std::string, std::string> env;  // the harness's DIR/env

  NodeHost(std::string host_name, std::string harness_dir);
  ~NodeHost();
  NodeHost(const NodeHost&) = delete;
  NodeHost& operator=(const NodeHost&) = delete;

  void start();
  // Stops the harness; its exit code is 3 when the machine's own firewall changed meanwhile.
  int stop();
  // `firewall-cmd ARGS` on this host, directly (not through fedplan): stdout.
  std::string fw(const std::vector<std::string>& args) const;
  // Everything the firewall holds: --list-all-zones at runtime and permanently.
  std::string state() const;
  // The ports open in `zone`, sorted ("31000/tcp", ...).
  std::vector<std::string> ports(const std::string& zone, bool permanent) const;
};

// Every node host of a test and the ssh settings that reach each by its name: one client key
// (authorized on every host), one known_hosts file, and an ssh wrapper that runs the real ssh
// in the namespace of the host named on its command line.
class NodeHosts {
 public:
  // Starts a harness per name under `dir` (the first alone, since it may install packages,
  // the others together) and writes DIR/node-ssh and DIR/known_hosts.
  NodeHosts(const std::vector<std::string>& names, const std::string& dir);

  bool skipped() const { return skipped_; }  // some harness exited 77: no root, no netns
  const std::string& error() const { return error_; }

  NodeHost& host(const std::string& name);
  std::vector<std::string> names() const;

  std::string ssh_command() const { return dir_ + "/node-ssh"; }
  std::string known_hosts() const { return dir_ + "/known_hosts"; }
  std::string identity_file() const;
  std::string ssh_port() const;

  // Every host's state(), by name.
  std::map<std::string, std::string> states() const;
  // Stops every harness; true when each stop exited 0 (the machine's firewall untouched).
  bool stop_all(std::string* why);

 private:
  std::string dir_;
  std::vector<std::unique_ptr<NodeHost>> hosts_;
  bool skipped_ = false;
  std::string error_;
};

// Starts `fedplan-sandbox` once per name with `nodes` nodes and its data file in `dir`, then
// stops it: a later `fedplan sandbox up --dir DIR` brings the cluster back from that file,
// nodes included. Returns "" or what went wrong.
std::string seed_sandboxes(const std::vector<std::string>& names, const std::string& dir,
                           int nodes);

}  // namespace fedplan::e2e
