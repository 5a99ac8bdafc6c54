// What the OSSM 3 end-to-end tests share: an OSSM 3 example copied beside its sandboxes, the
// application namespaces its exports live in, kubectl writes, and a shared root CA on disk.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/certs.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

namespace fedplan::e2e {

// `kubectl create -o json -f FILE` of `manifest` on `cluster` (or with `kubeconfig` when set):
// the object the server answered, or null (with the output in *err).
nlohmann::json ossm3_kubectl_create(const Sandboxes& sb, const std::string& cluster,
                                    const nlohmann::json& manifest, const std::string& dir,
                                    std::string* err);

// Creates the Namespace `name` on `cluster` (the application's, outside fedplan).
bool ossm3_namespace(const Sandboxes& sb, const std::string& cluster, const std::string& name,
                     const std::string& dir, std::string* err);

// Serves ClusterRole and ClusterRoleBinding (rbac.authorization.k8s.io/v1) on `cluster` as
// CRDs: the sandbox has no RBAC, and the multi-primary module makes both.
bool ossm3_rbac_kinds(const Sandboxes& sb, const std::string& cluster, const std::string& dir,
                      std::string* err);

// A root CA written as DIR/root-cert.pem and DIR/root-key.pem.
struct Ossm3Root {
  CertKey ca;
  std::string cert_file, key_file;
};
bool ossm3_make_root(const std::string& dir, Ossm3Root* out, std::string* err);

// A TokenReview of `token` on `cluster`: whether it authenticated.
bool ossm3_token_authenticates(const Sandboxes& sb, const std::string& cluster,
                               const std::string& token, const std::string& dir);

// The bearer token inside a remote secret's kubeconfig (the Secret's data, base64), or "".
std::string ossm3_remote_secret_token(const nlohmann::json& secret);

}  // namespace fedplan::e2e
