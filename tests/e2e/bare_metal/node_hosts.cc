// Node hosts for the bare-metal tests: harnesses started and stopped by their own script, the
// ssh wrapper and known_hosts that make "mesh1-node-1" mean one of them; sandboxes with nodes.
#include "tests/e2e/bare_metal/node_hosts.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/files.h"
#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

namespace {

std::string harness_script() {
  return source_dir() + "/tests/firewalld/harness.sh";
}

std::string read_text(const std::string& path) {
  std::string text;
  read_file(path, &text, nullptr);
  return text;
}

std::map<std::string, std::string> read_env(const std::string& path) {
  std::map<std::string, std::string> out;
  std::istringstream in(read_text(path));
  for (std::string l; std::getline(in, l);) {
    size_t eq = l.find('=');
    if (l.empty() || l[0] == '#' || eq == std::string::npos) continue;
    out[l.substr(0, eq)] = l.substr(eq + 1);
  }
  return out;
}

}  // namespace

NodeHost::NodeHost(std::string host_name, std::string harness_dir)
    : name(std::move(host_name)), dir(std::move(harness_dir)) {}

NodeHost::~NodeHost() {
  stop();
}

void NodeHost::start() {
  Run r = run_program({harness_script(), "start", dir}, {}, std::chrono::seconds(300));
  start_code = r.exit_code;
  log = r.all();
  if (start_code == 0) env = read_env(dir + "/env");
}

int NodeHost::stop() {
  if (start_code != 0 || stop_code != -1) return stop_code;
  Run r = run_program({harness_script(), "stop", dir}, {}, std::chrono::seconds(120));
  stop_code = r.exit_code;
  if (stop_code != 0) log += r.all();
  return stop_code;
}

std::string NodeHost::fw(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {dir + "/firewall-cmd"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv).out;
}

std::string NodeHost::state() const {
  return fw({"--list-all-zones"}) + "\n--permanent--\n" + fw({"--permanent", "--list-all-zones"});
}

std::vector<std::string> NodeHost::ports(const std::string& zone, bool permanent) const {
  std::vector<std::string> args = {"--zone=" + zone, "--list-ports"};
  if (permanent) args.insert(args.begin(), "--permanent");
  std::istringstream in(fw(args));
  std::vector<std::string> out;
  for (std::string p; in >> p;) out.push_back(p);
  std::sort(out.begin(), out.end());
  return out;
}

NodeHosts::NodeHosts(const std::vector<std::string>& names, const std::string& dir) : dir_(dir) {
  for (const std::string& n : names)
    hosts_.push_back(std::make_unique<NodeHost>(n, dir + "/fw-" + n));
  if (hosts_.empty()) return;
  // The first harness alone: it installs what is missing (one apt-get at a time).
  hosts_[0]->start();
  if (hosts_[0]->start_code == 0) {
    std::vector<std::thread> starts;
    for (size_t i = 1; i < hosts_.size(); ++i)
      starts.emplace_back([h = hosts_[i].get()] { h->start(); });
    for (std::thread& t : starts) t.join();
  }
  for (const auto& h : hosts_) {
    if (h->start_code == 77) skipped_ = true;
    if (h->start_code != 0 && h->start_code != 77 && error_.empty())
      error_ =
          "harness for " + h->name + " exited " + std::to_string(h->start_code) + ": " + h->log;
  }
  if (skipped_ || !error_.empty()) return;

  // One client key for every host, and each host's key under its name.
  std::string client_pub = read_text(hosts_[0]->env["SSH_KEY"] + ".pub");
  std::ofstream known(known_hosts());
  std::string wrapper =
      "#!/bin/bash\n"
      "# ssh to a test's node host by name: the real ssh, in that host's harness namespace, to "
      "its sshd\n"
      "# (127.0.0.1 there), checking the key known_hosts holds for the name (HostKeyAlias).\n"
      "pre=()\n"
      "while [ $# -gt 0 ] && [ \"$1\" != \"--\" ]; do pre+=(\"$1\"); shift; done\n"
      "shift\n"
      "host=$1\n"
      "shift\n"
      "case \"$host\" in\n";
  for (const auto& h : hosts_) {
    if (h != hosts_[0])
      std::ofstream(h->dir + "/keys/authorized_keys", std::ios::app) << client_pub;
    std::istringstream pub(read_text(h->dir + "/keys/host_ed25519.pub"));
    std::string type, key;
    pub >> type >> key;
    known << h->name << " " << type << " " << key << "\n";
    wrapper += "  " + h->name + ") ns=" + h->env["NETNS"] + " ;;\n";
  }
  wrapper +=
      "  *) echo \"ssh: Could not resolve hostname $host: Name or service not known\" >&2; exit "
      "255 ;;\n"
      "esac\n"
      "exec ip netns exec \"$ns\" /usr/bin/ssh -F none -o GlobalKnownHostsFile=/dev/null \\\n"
      "  -o HostKeyAlias=\"$host\" \"${pre[@]}\" -- 127.0.0.1 \"$@\"\n";
  std::ofstream(ssh_command()) << wrapper;
  ::chmod(ssh_command().c_str(), 0755);
}

NodeHost& NodeHosts::host(const std::string& name) {
  for (auto& h : hosts_)
    if (h->name == name) return *h;
  throw std::logic_error("no node host " + name);
}

std::vector<std::string> NodeHosts::names() const {
  std::vector<std::string> out;
  for (const auto& h : hosts_) out.push_back(h->name);
  return out;
}

std::string NodeHosts::identity_file() const {
  return hosts_.empty() ? "" : hosts_[0]->env.at("SSH_KEY");
}

std::string NodeHosts::ssh_port() const {
  return hosts_.empty() ? "" : hosts_[0]->env.at("SSH_PORT");
}

std::map<std::string, std::string> NodeHosts::states() const {
  std::map<std::string, std::string> out;
  for (const auto& h : hosts_) out[h->name] = h->state();
  return out;
}

bool NodeHosts::stop_all(std::string* why) {
  bool ok = true;
  for (auto& h : hosts_) {
    if (h->stop() != 0) {
      ok = false;
      *why += h->name + ": harness stop exited " + std::to_string(h->stop_code) + ": " + h->log;
    }
  }
  return ok;
}

std::string seed_sandboxes(const std::vector<std::string>& names, const std::string& dir,
                           int nodes) {
  std::filesystem::create_directories(dir);
  ::chmod(dir.c_str(), 0700);
  // Started in the background, stopped with SIGTERM once ready: the sandbox writes its data
  // file (objects, nodes among them, CA and token) on the way out.
  const char* script =
      "bin=$1 dir=$2 name=$3 nodes=$4\n"
      "\"$bin\" --name \"$name\" --port 0 --nodes \"$nodes\" --data \"$dir/$name.state.json\" \\\n"
      "  --ready-file \"$dir/$name.seed-ready.json\" >\"$dir/$name.seed.log\" 2>&1 &\n"
      "pid=$!\n"
      "while [ ! -s \"$dir/$name.seed-ready.json\" ]; do\n"
      "  kill -0 $pid 2>/dev/null || { cat \"$dir/$name.seed.log\"; exit 1; }\n"
      "  sleep 0.1\n"
      "done\n"
      "kill $pid\n"
      "wait $pid\n"
      "rm -f \"$dir/$name.seed-ready.json\" \"$dir/$name.seed.log\"\n"
      "test -s \"$dir/$name.state.json\"\n";
  for (const std::string& n : names) {
    Run r = run_program({"sh", "-c", script, "sh", sandbox_binary(), dir, n, std::to_string(nodes)},
                        {}, std::chrono::seconds(60));
    if (r.exit_code != 0) return "seeding sandbox " + n + " failed: " + r.all();
  }
  return "";
}

}  // namespace fedplan::e2e
