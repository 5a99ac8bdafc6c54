// What the federation end-to-end tests read from a cluster (with kubectl, never from fedplan's
// state or outputs) to fill in config-poc's {{VARS}} for the other one: CA, gateway ports,
// node and load-balancer addresses.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "tests/e2e/support/sandboxes.h"

namespace fedplan::e2e {

// The ingress gateway Service `PEER-ingress` of a mesh, as config-poc's placeholders need it.
struct GatewayFacts {
  std::string cert;        // the mesh's istio-ca-root-cert root-cert.pem
  std::string lb_address;  // status.loadBalancer.ingress[0] ip, else hostname; "" when none
  std::string port_tls, port_discovery;            // spec.ports[name].port
  std::string node_port_tls, node_port_discovery;  // spec.ports[name].nodePort
  std::string type;                                // spec.type
  std::map<std::string, std::string> node_ips;     // node name => InternalIP
  std::string first_node_ip;                       // the first listed node's InternalIP
};

GatewayFacts gateway_facts(const Sandboxes& sb, const std::string& mesh, const std::string& peer);

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
// metallb: the Service's load-balancer address and the service ports of the same two ports.
MeshFacts load_balancer_facts(const Sandboxes& sb, const std::string& mesh,
                              const std::string& peer);

// How one mesh's facts are read: node_port_facts or load_balancer_facts.
using MeshFactsReader = MeshFacts (*)(const Sandboxes& sb, const std::string& mesh,
                                      const std::string& peer);
// mesh1's facts for mesh2 and mesh2's for mesh1, once checked (doctest) that each mesh has a
// root CA of its own.
std::pair<MeshFacts, MeshFacts> both_meshes(const Sandboxes& sb, MeshFactsReader read);

// The {{VARS}} of config-poc for mesh1 and mesh2.
std::map<std::string, std::string> golden_vars(const MeshFacts& mesh1, const MeshFacts& mesh2);

}  // namespace fedplan::e2e
