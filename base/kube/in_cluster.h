// In-cluster access, as client-go's rest.InClusterConfig: KUBERNETES_SERVICE_HOST and _PORT,
// and the pod's service-account token, CA and namespace files.
#pragma once

#include <string>

#include "base/env_lookup.h"
#include "base/kube/kubeconfig.h"

namespace fedplan::kube {

// Where a pod finds its service account.
inline constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

// Whether the environment says fedplan runs in a pod (both variables set and not empty).
bool in_cluster_env(const EnvLookup& env);

// The access of the pod's service account: server https://HOST:PORT, CA from `dir`/ca.crt,
// the token from `dir`/token (read again whenever the file changes: kubelet rotates it), the
// default namespace from `dir`/namespace when it exists. An error names what is missing.
KubeconfigResult in_cluster_access(const EnvLookup& env, const std::string& dir);

}  // namespace fedplan::kube
