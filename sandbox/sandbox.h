// Sandbox: one complete fedplan-sandbox (cluster, operators, API, HTTPS server, identity,
// kubeconfig and data file) assembled from options; used by the binary and by tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "sandbox/api.h"
#include "sandbox/cluster.h"
#include "sandbox/faults.h"
#include "sandbox/persistence.h"

namespace fedplan::sandbox {

// Everything the fedplan-sandbox command line can set.
struct SandboxOptions {
  std::string name = "sandbox";
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string kubeconfig_out;  // where to write the kubeconfig ("" = nowhere)
  std::string data_file;       // --data: objects and identity survive restarts
  std::string ready_file;      // JSON {pid, port, server, kubeconfig} written once serving
  bool bare = false;           // no operators installed, no OLM
  // false: OLM only; the Service Mesh, Sail, Kiali and Jaeger operators (their CRDs and
  // plays) come when a Subscription installs them (olm.h).
  bool operators = true;
  std::chrono::milliseconds olm_install_delay{2000};  // a CSV's Installing phase
  int nodes = 1;
  bool load_balancers = true;  // false: LoadBalancer Services stay pending (no ingress)
  std::string token;           // "" = random (or the data file's)
  FaultConfig faults;
  std::chrono::milliseconds smcp_ready_delay{2000};
  std::chrono::milliseconds namespace_delete_delay{500};
  uint64_t seed = 0;
  std::function<void(const std::string&)> log;  // request log lines
};

class Server;
class TokenIssuer;

class Sandbox {
 public:
  explicit Sandbox(SandboxOptions options, Clock* clock = nullptr);
  ~Sandbox();

  // Loads the data file, makes the identity, bootstraps, listens and writes the kubeconfig
  // and ready file. False and *err on any failure.
  bool start(std::string* err);
  // Serves until stop() or (with handle_signals) SIGINT/SIGTERM; saves the data file last.
  void run(bool handle_signals = false);
  void stop();

  uint16_t port() const;
  std::string server_url() const;
  const Identity& identity() const { return identity_; }
  std::string kubeconfig() const;
  const std::string& kubeconfig_path() const { return options_.kubeconfig_out; }
  Cluster& cluster() { return *cluster_; }
  Api& api() { return *api_; }
  // Signs and checks this sandbox's service-account tokens (its public key: jwks()).
  const TokenIssuer& token_issuer() const { return *issuer_; }

 private:
  bool save(std::string* err);

  SandboxOptions options_;
  SystemClock system_clock_;
  Clock& clock_;
  std::unique_ptr<Cluster> cluster_;
  std::shared_ptr<const TokenIssuer> issuer_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  Identity identity_;
};

}  // namespace fedplan::sandbox
