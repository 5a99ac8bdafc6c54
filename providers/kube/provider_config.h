// The provider block, turned into a ClusterAccess (from kubeconfig files merged as kubectl merges
// them, the in-cluster service account, or host, token and ca_cert) and the request cap.
#pragma once

#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "base/kube/access.h"
#include "base/kube/kubeconfig.h"
#include "lang/value.h"

namespace fedplan::kube {

// Everything configure() learns from the provider block.
struct KubeSettings {
  ClusterAccess access;
  int max_parallel = 64;
};

// Where the provider looks besides its block: the environment (HOME, proxies, the in-cluster
// variables), the program that runs exec plugins, and the service-account directory.
struct KubeLookup {
  KubeconfigOptions kubeconfig;
  std::string service_account_dir;
};

// Reads the evaluated provider block; errors go to `diags` and give nullopt.
std::optional<KubeSettings> read_provider_config(const Value& config, const KubeLookup& lookup,
                                                 Diagnostics& diags);

}  // namespace fedplan::kube
