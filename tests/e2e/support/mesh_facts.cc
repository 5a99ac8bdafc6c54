// Facts read from the sandboxes with kubectl for the federation end-to-end tests: the ingress
// gateway Service of each peer, the mesh's CA and the nodes' addresses.
#include "tests/e2e/support/mesh_facts.h"

#include <doctest/doctest.h>

using nlohmann::json;

namespace fedplan::e2e {

namespace {

const json* port_named(const json& svc, const std::string& name) {
  for (const json& p : svc["spec"]["ports"])
    if (p.value("name", "") == name) return &p;
  return nullptr;
}

std::string number(const json* p, const char* field) {
  return p && p->contains(field) ? std::to_string(p->value(field, 0)) : "";
}

}  // namespace

GatewayFacts gateway_facts(const Sandboxes& sb, const std::string& mesh, const std::string& peer) {
  GatewayFacts f;
  json ca = sb.get(mesh, "configmap", "istio-ca-root-cert", mesh + "-system");
  if (ca.is_object()) f.cert = ca["data"].value("root-cert.pem", "");
  json svc = sb.get(mesh, "service", peer + "-ingress", mesh + "-system");
  if (svc.is_object()) {
    f.type = svc["spec"].value("type", "");
    f.port_tls = number(port_named(svc, "tls"), "port");
    f.port_discovery = number(port_named(svc, "https-discovery"), "port");
    f.node_port_tls = number(port_named(svc, "tls"), "nodePort");
    f.node_port_discovery = number(port_named(svc, "https-discovery"), "nodePort");
    json ingress = svc.value("status", json::object())
                       .value("loadBalancer", json::object())
                       .value("ingress", json::array());
    if (!ingress.empty())
      f.lb_address = ingress[0].value("ip", ingress[0].value("hostname", std::string()));
  }
  json nodes = sb.list(mesh, "nodes");
  for (const json& n : nodes)
    for (const json& a : n["status"]["addresses"])
      if (a.value("type", "") == "InternalIP")
        f.node_ips[n["metadata"].value("name", "")] = a.value("address", "");
  if (!nodes.empty())
    for (const json& a : nodes[0]["status"]["addresses"])
      if (a.value("type", "") == "InternalIP" && f.first_node_ip.empty())
        f.first_node_ip = a.value("address", "");
  return f;
}

MeshFacts node_port_facts(const Sandboxes& sb, const std::string& mesh, const std::string& peer) {
  GatewayFacts g = gateway_facts(sb, mesh, peer);
  return MeshFacts{g.cert, g.first_node_ip, g.node_port_tls, g.node_port_discovery};
}

MeshFacts load_balancer_facts(const Sandboxes& sb, const std::string& mesh,
                              const std::string& peer) {
  GatewayFacts g = gateway_facts(sb, mesh, peer);
  return MeshFacts{g.cert, g.lb_address, g.port_tls, g.port_discovery};
}

std::pair<MeshFacts, MeshFacts> both_meshes(const Sandboxes& sb, MeshFactsReader read) {
  MeshFacts m1 = read(sb, "mesh1", "mesh2");
  MeshFacts m2 = read(sb, "mesh2", "mesh1");
  REQUIRE(!m1.cert.empty());
  REQUIRE(!m2.cert.empty());
  CHECK(m1.cert != m2.cert);
  return {m1, m2};
}

std::map<std::string, std::string> golden_vars(const MeshFacts& mesh1, const MeshFacts& mesh2) {
  return {
      {"MESH1_CERT", mesh1.cert},
      {"MESH2_CERT", mesh2.cert},
      {"MESH1_ADDRESS", mesh1.address},
      {"MESH2_ADDRESS", mesh2.address},
      {"MESH1_SERVICE_PORT", mesh1.service_port},
      {"MESH2_SERVICE_PORT", mesh2.service_port},
      {"MESH1_DISCOVERY_PORT", mesh1.discovery_port},
      {"MESH2_DISCOVERY_PORT", mesh2.discovery_port},
  };
}

}  // namespace fedplan::e2e
