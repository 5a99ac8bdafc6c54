// The --data file: a sandbox's objects and identity (CA, serving certificate, token), so a
// restarted sandbox has the same objects and existing kubeconfigs keep working.
#pragma once

#include <string>

#include "base/certs.h"
#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// Who a sandbox is to its clients.
struct Identity {
  CertKey ca;
  CertKey serving;
  std::string token;
};

// A new CA, a serving certificate for 127.0.0.1/localhost and a random token.
bool make_identity(const std::string& name, Identity* out, std::string* err);

// Reads a data file into an empty cluster and identity. `*found` is false (and the call
// succeeds) when the file does not exist.
bool load_data_file(const std::string& path, Cluster& cluster, Identity* identity, bool* found,
                    std::string* err);

// Writes the cluster and identity atomically (mode 0600: it holds keys).
bool save_data_file(const std::string& path, const Cluster& cluster, const Identity& identity,
                    std::string* err);

}  // namespace fedplan::sandbox
