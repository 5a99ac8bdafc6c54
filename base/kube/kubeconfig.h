// Kubeconfig parsing: clusters, users, contexts and current-context, resolved to the
// ClusterAccess of one context. Token and client-certificate users only (no exec plugins).
#pragma once

#include <string>

#include "base/kube/access.h"

namespace fedplan::kube {

// The access of the chosen context, or an error that names the file (and line when known).
struct KubeconfigResult {
  ClusterAccess access;
  std::string error;

  bool ok() const { return error.empty(); }
};

// Parses kubeconfig `text` read from `path` (used in messages and to resolve relative file
// paths against its directory) and resolves `context` ("" = current-context). Files named by
// certificate-authority, client-certificate, client-key and tokenFile are read here, so every
// problem shows at configure time.
KubeconfigResult parse_kubeconfig(const std::string& text, const std::string& path,
                                  const std::string& context);

// Reads the file and parses it.
KubeconfigResult load_kubeconfig(const std::string& path, const std::string& context);

}  // namespace fedplan::kube
