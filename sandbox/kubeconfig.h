// Kubeconfig files for a sandbox: one cluster (server URL and CA data), one user (token),
// one context (written with owner-only permissions by base/files.h's write_file_atomic).
#pragma once

#include <string>

namespace fedplan::sandbox {

// The kubeconfig YAML for `name` at `server` trusting `ca_pem` and sending `token`.
std::string make_kubeconfig(const std::string& name, const std::string& server,
                            const std::string& ca_pem, const std::string& token);

}  // namespace fedplan::sandbox
