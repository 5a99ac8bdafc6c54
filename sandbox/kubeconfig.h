// Kubeconfig files for a sandbox: one cluster (server URL and CA data), one user (token),
// one context, written with owner-only permissions.
#pragma once

#include <string>

namespace fedplan::sandbox {

// The kubeconfig YAML for `name` at `server` trusting `ca_pem` and sending `token`.
std::string make_kubeconfig(const std::string& name, const std::string& server,
                            const std::string& ca_pem, const std::string& token);

// Writes `text` to `path` atomically (temp file + rename) with mode 0600.
bool write_private_file(const std::string& path, const std::string& text, std::string* err);

}  // namespace fedplan::sandbox
