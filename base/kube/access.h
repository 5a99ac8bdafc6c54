// ClusterAccess: how to reach one Kubernetes API server and who to be there, whether it came
// from a kubeconfig context or from the provider block's host/token/ca_cert.
#pragma once

#include <string>

#include "base/http/tls_config.h"

namespace fedplan::kube {

// The server URL, TLS trust and identity, bearer token and default namespace of one cluster.
struct ClusterAccess {
  std::string server;  // https://host:port, possibly with a path prefix; no trailing slash
  TlsConfig tls;
  std::string token;  // bearer token ("" = none; client certificates or anonymous)
  std::string default_namespace = "default";
  // Where it came from, for messages: "kubeconfig /path (context \"x\")" or "provider block".
  std::string source;
};

}  // namespace fedplan::kube
