// The provider block, turned into a ClusterAccess (from a kubeconfig, or from host, token and
// ca_cert) and the request cap.
#pragma once

#include <optional>

#include "base/diagnostics.h"
#include "base/kube/access.h"
#include "lang/value.h"

namespace fedplan::kube {

// Everything configure() learns from the provider block.
struct KubeSettings {
  ClusterAccess access;
  int max_parallel = 64;
};

// Reads the evaluated provider block; errors go to `diags` and give nullopt.
std::optional<KubeSettings> read_provider_config(const Value& config, Diagnostics& diags);

}  // namespace fedplan::kube
