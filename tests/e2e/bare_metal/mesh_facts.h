// What the bare-metal tests read from a cluster to fill in config-poc's {{VARS}} for the
// other one, and the golden check of a live object against its config-poc file.
#pragma once

#include <map>
#include <string>

#include "tests/e2e/support/golden_check.h"
#include "tests/e2e/support/sandboxes.h"

namespace fedplan::e2e {

// Where the peer reaches one mesh's ingress gateway for it, and the mesh's root CA.
struct MeshFacts {
  std::string cert;
  std::string address;
  std::string service_port;
  std::string discovery_port;
};

// node_port: the first node's InternalIP and the NodePorts of the ports named tls and
// https-discovery on Service PEER-ingress in MESH-system.
MeshFacts node_port_facts(const Sandboxes& sb, const std::string& mesh, const std::string& peer);
// metallb: the Service's load-balancer ip and the service ports of the same two ports.
MeshFacts load_balancer_facts(const Sandboxes& sb, const std::string& mesh,
                              const std::string& peer);

// The {{VARS}} of config-poc for mesh1 and mesh2.
std::map<std::string, std::string> golden_vars(const MeshFacts& mesh1, const MeshFacts& mesh2);

}  // namespace fedplan::e2e
