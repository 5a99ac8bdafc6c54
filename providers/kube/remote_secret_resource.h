// kube_remote_secret: Istio multi-primary's remote secret, written on the provider's (target)
// cluster with a token the source cluster issues through TokenRequest; the token is never stored.
#pragma once

#include "base/clock.h"
#include "providers/kube/peer_clients.h"
#include "providers/kube/runtime.h"

namespace fedplan::kube {

// How `prior` becomes `config` at `now`: a new token (an update whose token facts are unknown
// until apply, with the reasons in the note) when it expires within rotate_before, the service
// account was recreated or deleted, the Secret was changed or the source settings changed, or
// `rotation` changed; requires_replace when cluster_name, namespace or secret_name did.
DocPlan plan_remote_secret(const Doc& prior, const Doc& config, Clock::time_point now);
// Requests a token from the source cluster, writes the kubeconfig Secret on the target and
// restarts the target's istiod when asked; deletes the Secret when `deleting`.
DocState apply_remote_secret(KubeRuntime& rt, PeerClients& peers, const Doc& prior, bool deleting,
                             const Doc& config, const Doc& planned);
// Refresh: the target Secret's data digest (null state when it is gone) and the source
// service account's uid ("" when it is gone).
DocState read_remote_secret(KubeRuntime& rt, PeerClients& peers, const Doc& state);
Diagnostics validate_remote_secret(const Doc& config);

// The kubeconfig Istio reads from a remote secret: one cluster, user and context named
// `cluster_name`, the server, its CA (when known) and the bearer token.
std::string remote_kubeconfig(const std::string& cluster_name, const std::string& server,
                              const std::string& ca_pem, const std::string& token);

}  // namespace fedplan::kube
