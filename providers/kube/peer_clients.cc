// PeerClients: a cache of clients keyed by the block that describes the cluster.
#include "providers/kube/peer_clients.h"

#include "providers/kube/doc.h"

namespace fedplan::kube {

KubeClient* PeerClients::get(const nlohmann::json& block, Diagnostics& d) {
  std::string key = block.dump();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = clients_.find(key);
  if (it != clients_.end()) return it->second.get();
  std::unique_ptr<KubeClient> c = connect_(to_value(Doc{block}), d);
  if (!c) return nullptr;
  return (clients_[key] = std::move(c)).get();
}

}  // namespace fedplan::kube
