// Starting (or finding) the OpenStack harness for a test binary, its knobs, and the recording
// transport (see harness_fixture.h).
#include "tests/openstack/harness_fixture.h"

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "base/files.h"

#ifndef FEDPLAN_SOURCE_DIR
#error "FEDPLAN_SOURCE_DIR must name the source tree"
#endif

namespace fedplan::openstack_lb::testing {
namespace {

std::string harness_script() {
  return std::string(FEDPLAN_SOURCE_DIR) + "/tests/openstack/harness.sh";
}

int run(const std::string& command) {
  int rc = std::system(command.c_str());
  if (rc == -1) return -1;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
}

std::map<std::string, std::string> read_env(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq == std::string::npos || line[0] == '#') continue;
    out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

void write_atomically(const std::string& path, const std::string& text) {
  // The temp file has a hidden name: the controller ignores dot files while it is written.
  WriteFileOptions how;
  how.mode = 0644;
  std::string err;
  if (!write_file_atomic(path, text + "\n", how, &err)) throw std::runtime_error(err);
}

// Owns a harness it started; stops it (by the script, which kills by PID) at exit.
struct OwnedHarness {
  Harness h;
  bool owned = false;

  OwnedHarness() {
    const char* given = getenv("FEDPLAN_OPENSTACK_HARNESS");
    if (given && *given && std::filesystem::exists(std::string(given) + "/env")) {
      h.dir = given;
    } else {
      std::string base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
      std::string tmpl = base + "/fedplan-openstack-lb-XXXXXX";
      if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
      h.dir = tmpl;
      owned = true;
      std::fprintf(stderr, "starting the OpenStack harness in %s (20-60 s)\n", h.dir.c_str());
      int rc =
          run(harness_script() + " start " + h.dir + " --delay 0.3 >" + h.dir + "/start.log 2>&1");
      if (rc == 77) {
        h.skip = "the OpenStack harness cannot run on this machine (see " + h.dir + "/start.log)";
        return;
      }
      if (rc != 0) {
        std::string text;
        read_file(h.dir + "/start.log", &text, nullptr);
        throw std::runtime_error("harness.sh start failed (" + std::to_string(rc) + "): " + text);
      }
    }
    h.env = read_env(h.dir + "/env");
  }
  ~OwnedHarness() {
    if (!owned) return;
    run(harness_script() + " stop " + h.dir + " >/dev/null 2>&1");
    std::error_code ec;
    std::filesystem::remove_all(h.dir, ec);
  }
};

}  // namespace

const std::string& Harness::operator[](const std::string& key) const {
  auto it = env.find(key);
  if (it == env.end()) throw std::runtime_error("the harness env has no " + key);
  return it->second;
}

void Harness::set_delay(double seconds) const {
  write_atomically(dir + "/control/delay", std::to_string(seconds));
}

void Harness::set_fault(const std::string& lb_id, const std::string& fault) const {
  std::string path = dir + "/control/lb/" + lb_id;
  if (fault.empty()) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return;
  }
  write_atomically(path, fault);
}

const Harness& harness() {
  static OwnedHarness owned;
  return owned.h;
}

HttpResponse RecordingTransport::send(const HttpRequest& request) {
  HttpResponse resp = inner_->send(request);
  std::lock_guard<std::mutex> lock(mu_);
  log_.push_back({request, resp});
  return resp;
}

std::vector<RecordingTransport::Exchange> RecordingTransport::exchanges() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

int RecordingTransport::count(const std::string& method, const std::string& url_part,
                              int status) const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const Exchange& e : log_)
    if (e.request.method == method && e.request.url.find(url_part) != std::string::npos &&
        (status == 0 || e.response.status == status))
      ++n;
  return n;
}

}  // namespace fedplan::openstack_lb::testing
