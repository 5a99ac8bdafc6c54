// ExecPlugin: a kubeconfig `exec` credential plugin (client.authentication.k8s.io/v1 and
// v1beta1) run as client-go runs it, with its ExecCredential answer cached until it expires.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/kube/access.h"
#include "base/process.h"

namespace fedplan::kube {

// The user's `exec` block, checked by the kubeconfig reader. `command` is already resolved
// against the kubeconfig's directory when it holds a '/'.
struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or .../v1beta1
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string install_hint;
  bool provide_cluster_info = false;
  std::string interactive_mode = "IfAvailable";  // Never, IfAvailable or Always
  std::string where;  // "kubeconfig PATH:LINE:COL: user \"u\"", opening every error
};

// What the plugin is told about the cluster when provideClusterInfo is true.
struct ExecClusterInfo {
  std::string server;
  std::string tls_server_name;
  bool insecure_skip_tls_verify = false;
  std::string ca_pem;
  std::string proxy_url;
};

// One ExecCredential status.
struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<Clock::time_point> expires;  // none: good until the server says 401
};

// Runs the plugin when no unexpired credential is cached, one run at a time. Thread-safe.
class ExecPlugin {
 public:
  // `clock` (null: the system clock) must outlive the plugin.
  ExecPlugin(ExecConfig config, ExecClusterInfo cluster, std::shared_ptr<ProcessRunner> runner,
             Clock* clock);

  // The cached credential, or a fresh one when there is none, it expired, or its token is
  // `rejected` (a token the server answered 401 to; "" for none). false and *err (naming the
  // kubeconfig user, with the plugin's stderr) on failure.
  bool get(const std::string& rejected, ExecCredential* out, std::string* err);

  // How many times the command ran (for tests).
  int runs() const;

  // A TokenSource for `plugin`'s token.
  static TokenSource token_source(std::shared_ptr<ExecPlugin> plugin);

 private:
  bool run(std::string* err);

  ExecConfig config_;
  ExecClusterInfo cluster_;
  std::shared_ptr<ProcessRunner> runner_;
  SystemClock system_clock_;
  Clock& clock_;
  mutable std::mutex mu_;
  std::optional<ExecCredential> cached_;
  int runs_ = 0;
};

// The ExecCredential the plugin printed, checked against the apiVersion it was asked for.
bool parse_exec_credential(const std::string& text, const std::string& api_version,
                           ExecCredential* out, std::string* err);

// "2026-12-07T18:00:00Z", with optional fractional seconds and a +hh:mm offset.
std::optional<Clock::time_point> parse_rfc3339(const std::string& text);

}  // namespace fedplan::kube
