// PeerClients: clients for the clusters a resource names besides its provider's own (the
// source cluster of kube_remote_secret), made from a provider-block-shaped attribute.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/diagnostics.h"
#include "base/kube/client.h"
#include "lang/value.h"

namespace fedplan::kube {

// One client per distinct block, made on first use and kept for the provider's life.
class PeerClients {
 public:
  // Builds a client from an evaluated provider block (kubeconfig, context, host, token, ...),
  // as configure() builds the provider's own; nullptr with errors in the Diagnostics.
  using Connect = std::function<std::unique_ptr<KubeClient>(const Value& block, Diagnostics& d)>;
  explicit PeerClients(Connect connect) : connect_(std::move(connect)) {}

  // The client for `block` (JSON of the attribute); nullptr with errors in `d`.
  KubeClient* get(const nlohmann::json& block, Diagnostics& d);

 private:
  Connect connect_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<KubeClient>> clients_;
};

}  // namespace fedplan::kube
