// Test helper: a whole Sandbox serving HTTPS on a free loopback port from a background thread,
// with an HTTPS client that trusts its CA, and a subprocess runner for real clients (kubectl).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "base/http/beast_transport.h"
#include "base/testing/temp_dir.h"
#include "sandbox/sandbox.h"

namespace fedplan::sandbox::testing {

// A running sandbox; stopped and joined on destruction.
struct RunningSandbox {
  fedplan::testing::TempDir tmp;  // first: the sandbox is built with a kubeconfig path in it
  std::string dir = tmp.path();
  Sandbox sandbox;
  std::thread thread;

  explicit RunningSandbox(SandboxOptions o) : sandbox(prepare(o, dir)) {
    std::string err;
    if (!sandbox.start(&err)) throw std::runtime_error("sandbox did not start: " + err);
    thread = std::thread([this] { sandbox.run(); });
  }
  ~RunningSandbox() {
    sandbox.stop();
    thread.join();
  }

  static SandboxOptions& prepare(SandboxOptions& o, const std::string& dir) {
    if (o.kubeconfig_out.empty()) o.kubeconfig_out = dir + "/kubeconfig";
    return o;
  }

  std::string url(const std::string& path) const { return sandbox.server_url() + path; }

  std::unique_ptr<HttpTransport> client() const {
    TlsConfig tls;
    tls.ca_pem = sandbox.identity().ca.cert_pem;
    BeastTransportOptions bo;
    std::string err;
    auto t = make_beast_transport(tls, bo, &err);
    if (!t) throw std::runtime_error(err);
    return t;
  }

  HttpResponse send(const std::string& method, const std::string& path,
                    const std::string& body = "", bool auth = true,
                    const std::string& content_type = "application/json") const {
    HttpRequest req;
    req.method = method;
    req.url = url(path);
    req.body = body;
    if (!body.empty()) req.headers.set("Content-Type", content_type);
    if (auth) req.headers.set("Authorization", "Bearer " + sandbox.identity().token);
    return client()->send(req);
  }
};

// Runs a shell command; returns its exit status and combined output.
inline int run_command(const std::string& cmd, std::string* output) {
  output->clear();
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) output->append(buf, n);
  int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace fedplan::sandbox::testing
