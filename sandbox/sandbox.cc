// Assembling a sandbox: state from the data file or fresh, the token issuer, OLM and the
// operators unless bare, the API and the HTTPS server, then the kubeconfig and ready file for
// whoever started it.
#include "sandbox/sandbox.h"

#include <unistd.h>

#include <iostream>

#include "base/files.h"
#include "sandbox/kubeconfig.h"
#include "sandbox/olm.h"
#include "sandbox/server.h"
#include "sandbox/token_request.h"

namespace fedplan::sandbox {

using nlohmann::json;

Sandbox::Sandbox(SandboxOptions options, Clock* clock)
    : options_(std::move(options)), clock_(clock ? *clock : system_clock_) {}

Sandbox::~Sandbox() = default;

bool Sandbox::start(std::string* err) {
  if (options_.host.rfind("127.", 0) != 0) {
    *err = "fedplan-sandbox listens on loopback only (127.0.0.0/8), not " + options_.host;
    return false;
  }
  ClusterOptions co;
  co.name = options_.name;
  co.nodes = options_.nodes;
  co.load_balancers = options_.load_balancers;
  co.namespace_delete_delay = options_.namespace_delete_delay;
  co.seed = options_.seed;
  cluster_ = std::make_unique<Cluster>(co, clock_);
  bool found = false;
  if (!options_.data_file.empty() &&
      !load_data_file(options_.data_file, *cluster_, &identity_, &found, err))
    return false;
  if (!found && !make_identity(options_.name, &identity_, err)) return false;
  if (!options_.token.empty()) identity_.token = options_.token;
  std::optional<TokenIssuer> issuer = TokenIssuer::from_seed(identity_.ca.key_pem, err);
  if (!issuer) return false;
  issuer_ = std::make_shared<const TokenIssuer>(std::move(*issuer));
  cluster_->add_controller(std::make_shared<TokenSecretController>(issuer_, identity_.ca.cert_pem));
  if (!options_.bare) {
    OlmOptions oo;
    oo.ready_delay = options_.smcp_ready_delay;
    oo.install_delay = options_.olm_install_delay;
    install_olm(*cluster_, oo, options_.operators);
  }
  cluster_->bootstrap();
  cluster_->tick();

  api_ = std::make_unique<Api>(*cluster_, identity_.token, "", options_.faults);
  api_->set_token_issuer(issuer_);
  ServerOptions so;
  so.host = options_.host;
  so.port = options_.port;
  so.serving = identity_.serving;
  so.log = options_.log;
  server_ = std::make_unique<Server>(*api_, *cluster_, so);
  if (!server_->listen(err)) return false;
  api_->set_server_address(options_.host + ":" + std::to_string(server_->port()));
  server_->on_change([this] {
    std::string e;
    if (!save(&e)) std::cerr << "fedplan-sandbox: " << e << "\n";
  });
  if (!save(err)) return false;
  if (!options_.kubeconfig_out.empty() &&
      !write_file_atomic(options_.kubeconfig_out, kubeconfig(), {}, err))
    return false;
  if (!options_.ready_file.empty()) {
    json ready = {{"pid", ::getpid()},
                  {"name", options_.name},
                  {"port", server_->port()},
                  {"server", server_url()},
                  {"kubeconfig", options_.kubeconfig_out}};
    if (!write_file_atomic(options_.ready_file, ready.dump() + "\n", {}, err)) return false;
  }
  return true;
}

bool Sandbox::save(std::string* err) {
  if (options_.data_file.empty()) return true;
  return save_data_file(options_.data_file, *cluster_, identity_, err);
}

void Sandbox::run(bool handle_signals) {
  if (handle_signals) server_->stop_on_signals();
  server_->run();
  std::string err;
  if (!save(&err)) std::cerr << "fedplan-sandbox: " << err << "\n";
}

void Sandbox::stop() {
  if (server_) server_->stop();
}

uint16_t Sandbox::port() const {
  return server_ ? server_->port() : 0;
}

std::string Sandbox::server_url() const {
  return "https://" + options_.host + ":" + std::to_string(port());
}

std::string Sandbox::kubeconfig() const {
  return make_kubeconfig(options_.name, server_url(), identity_.ca.cert_pem, identity_.token);
}

}  // namespace fedplan::sandbox
