// What the openstack federation tests check on the clusters and in the plans: golden objects
// against config-poc, the values read back to fill them in, and the seed's stage order.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "tests/e2e/support/golden_check.h"
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
};

GatewayFacts gateway_facts(const Sandboxes& sb, const std::string& mesh, const std::string& peer);

// The seed's objects on both meshes for the given placeholders: SMCP (`smcp_file`: smcp.yaml
// or smcp-bare-metal.yaml), SMMR, peer CA ConfigMaps, ServiceMeshPeers, export and import sets,
// the mongodb alias Service, bookinfo on both sides and the two example VirtualServices.
void check_seed_objects(const Sandboxes& sb, const std::string& smcp_file,
                        const std::map<std::string, std::string>& vars);

// Number of planned actions `action` ("created", ...) whose address starts with `prefix`.
int count_actions(const std::vector<std::pair<std::string, std::string>>& actions,
                  const std::string& prefix, const std::string& action);

// The seed's stage order in an apply's events: on each mesh, both control planes are Ready
// and the peer's CA ConfigMap exists before its ServiceMeshPeer is created; the federation is
// complete before bookinfo starts.
void check_stage_order(const std::vector<std::pair<std::string, std::string>>& events);

}  // namespace fedplan::e2e
