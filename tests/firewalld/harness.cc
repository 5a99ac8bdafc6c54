// Starting and stopping tests/firewalld/harness.sh for the firewalld provider's real tests.
#include "tests/firewalld/harness.h"

#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/process.h"

namespace fedplan::firewalld::testing {
namespace {

constexpr int kSkip = 77;

// The last non-empty line of a text (the harness's reason for failing or skipping).
std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

}  // namespace

std::unique_ptr<Harness> Harness::start(const std::string& script) {
  std::unique_ptr<Harness> h(new Harness());
  h->script_ = script;
  char tmpl[] = "/tmp/fedplan-fw-XXXXXX";
  if (!mkdtemp(tmpl)) {
    h->reason_ = "mkdtemp failed";
    return h;
  }
  h->dir_ = tmpl;
  SubprocessRunner runner;
  ProcessRequest req;
  req.argv = {script, "start", h->dir_};
  req.timeout = std::chrono::minutes(10);  // may install packages first
  ProcessResult r = runner.run(req);
  if (r.ok()) {
    h->state_ = State::Ready;
    std::ifstream env(h->dir_ + "/env");
    std::string line;
    while (std::getline(env, line)) {
      size_t eq = line.find('=');
      if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
      h->env_[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return h;
  }
  h->state_ = r.exit_code == kSkip ? State::Skipped : State::Failed;
  h->reason_ = r.error.empty() ? last_line(r.err) : r.error;
  if (h->reason_.empty()) h->reason_ = "harness.sh exited " + std::to_string(r.exit_code);
  return h;
}

Harness::~Harness() {
  if (dir_.empty()) return;
  if (state_ != State::Ready) {
    // The harness removes DIR itself on a failed start; an empty leftover goes here.
    rmdir(dir_.c_str());
    return;
  }
  SubprocessRunner runner;
  ProcessRequest req;
  req.argv = {script_, "stop", dir_};
  req.timeout = std::chrono::minutes(2);
  runner.run(req);
}

std::string Harness::env(const std::string& key) const {
  auto it = env_.find(key);
  return it == env_.end() ? "" : it->second;
}

std::string Harness::fw(const std::vector<std::string>& args, int* code) const {
  std::vector<std::string> argv = {firewall_cmd()};
  argv.insert(argv.end(), args.begin(), args.end());
  SubprocessRunner runner;
  ProcessResult r = runner.run(argv);
  if (code) *code = r.exit_code;
  return r.out;
}

void Harness::trust_host_alias(const std::string& host) const {
  std::ifstream pub(dir_ + "/keys/host_ed25519.pub");
  std::string type, key;
  pub >> type >> key;
  std::ofstream known(env("SSH_KNOWN_HOSTS"), std::ios::app);
  known << "[" << host << "]:" << env("SSH_PORT") << " " << type << " " << key << "\n";
}

bool Harness::kill_firewalld() const {
  int pid = std::atoi(env("FIREWALLD_PID").c_str());
  if (pid <= 1 || ::kill(pid, SIGTERM) != 0) return false;
  for (int i = 0; i < 200; ++i) {
    int code = 0;
    fw({"--state"}, &code);
    if (code == 252) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace fedplan::firewalld::testing
