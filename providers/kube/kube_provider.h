// The kube provider: kube_object and kube_objects resources and data sources on a Kubernetes
// or OpenShift API server, with server-side apply. See docs/providers/kube.md.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/http/beast_transport.h"
#include "base/http/http.h"
#include "base/http/retry.h"
#include "base/http/tls_config.h"
#include "base/kube/in_cluster.h"
#include "base/kube/kubeconfig.h"
#include "providers/provider.h"

namespace fedplan {

// Builds the HTTP transport to one cluster from its TLS settings; nullptr and *err when the
// TLS material is bad. The default is make_beast_transport.
using KubeTransportFactory = std::function<std::unique_ptr<HttpTransport>(
    const TlsConfig& tls, const BeastTransportOptions& options, std::string* err)>;

// What a program or test may inject. Defaults suit production.
struct KubeProviderOptions {
  KubeTransportFactory transport_factory;  // empty: make_beast_transport
  Clock* clock = nullptr;                  // null: the system clock; must outlive the provider
  RetryPolicy retry = default_kube_retry();
  // Waits and deletes poll from first_poll, growing 1.5x up to max_poll.
  std::chrono::milliseconds first_poll{250};
  std::chrono::milliseconds max_poll{2'000};
  // How long apply looks for a kind the cluster does not serve yet (a CRD just applied).
  std::chrono::milliseconds kind_wait{30'000};
  std::chrono::milliseconds delete_timeout{300'000};  // when delete_timeout is not set
  // How long a plan answer is reused when the same question comes again (the engine plans
  // each change once more at apply time); 0 turns reuse off.
  std::chrono::milliseconds plan_reuse{600'000};
  // Where kubeconfigs, exec plugins, proxies and in-cluster settings are looked up: the process
  // environment and the pod's service-account directory unless a test gives its own.
  kube::KubeconfigOptions kubeconfig;
  std::string service_account_dir = kube::kServiceAccountDir;

  // Retries 429 (honouring Retry-After), 5xx and dropped connections of idempotent requests.
  static RetryPolicy default_kube_retry() {
    RetryPolicy p;
    p.retry_500 = true;
    return p;
  }
};

// An unconfigured kube provider.
std::unique_ptr<Provider> make_kube_provider(KubeProviderOptions options);
// The provider with the default options (built out of line: GCC 12 warned, wrongly, of an
// uninitialized shared_ptr when callers built the default options inline).
std::unique_ptr<Provider> make_kube_provider();

}  // namespace fedplan
