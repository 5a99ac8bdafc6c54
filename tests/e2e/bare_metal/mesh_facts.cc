// Facts read from the sandboxes with kubectl (never from fedplan's state or outputs), and the
// golden comparison with config-poc, for the bare-metal end-to-end tests.
#include "tests/e2e/bare_metal/mesh_facts.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "tests/e2e/support/golden.h"

using nlohmann::json;

namespace fedplan::e2e {

namespace {

// The Service's port named `name`: its `field` ("nodePort" or "port") as text, or "".
std::string port_of(const json& svc, const std::string& name, const char* field) {
  if (!svc.is_object()) return "";
  for (const json& p : svc["spec"]["ports"])
    if (p.value("name", "") == name && p.contains(field))
      return std::to_string(p[field].get<int>());
  return "";
}

MeshFacts common(const Sandboxes& sb, const std::string& mesh, json* svc, const std::string& peer) {
  MeshFacts f;
  json ca = sb.get(mesh, "configmap", "istio-ca-root-cert", mesh + "-system");
  if (ca.is_object()) f.cert = ca["data"].value("root-cert.pem", "");
  *svc = sb.get(mesh, "service", peer + "-ingress", mesh + "-system");
  return f;
}

}  // namespace

MeshFacts node_port_facts(const Sandboxes& sb, const std::string& mesh, const std::string& peer) {
  json svc;
  MeshFacts f = common(sb, mesh, &svc, peer);
  f.service_port = port_of(svc, "tls", "nodePort");
  f.discovery_port = port_of(svc, "https-discovery", "nodePort");
  json nodes = sb.list(mesh, "nodes");
  if (!nodes.empty())
    for (const json& a : nodes[0]["status"]["addresses"])
      if (a.value("type", "") == "InternalIP" && f.address.empty())
        f.address = a.value("address", "");
  return f;
}

MeshFacts load_balancer_facts(const Sandboxes& sb, const std::string& mesh,
                              const std::string& peer) {
  json svc;
  MeshFacts f = common(sb, mesh, &svc, peer);
  f.service_port = port_of(svc, "tls", "port");
  f.discovery_port = port_of(svc, "https-discovery", "port");
  if (svc.is_object()) {
    json ingress = svc["status"]["loadBalancer"]["ingress"];
    if (ingress.is_array() && !ingress.empty()) f.address = ingress[0].value("ip", "");
  }
  return f;
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
