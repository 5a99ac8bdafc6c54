// The OSSM 2 federation chain: ImportedServiceSet -> ServiceMeshPeer (address, port, CA) ->
// the peer's federation ingress gateway Service -> its ExportedServiceSet -> the Service.
#include "tests/e2e/support/mesh_reachability_chains.h"

#include "tests/e2e/support/mesh_reachability_util.h"

namespace fedplan::e2e::reach {

namespace {

// One import rule of an ImportedServiceSet that yields `host`.
struct Ossm2ImportMatch {
  const json* set = nullptr;
  std::string peer;         // the set's name: the mesh it imports from
  std::string exported_ns;  // the namespace the peer exports under
  std::string exported_name;
};

// Host NAME.NS.svc.SUFFIX split in three; false when it has another shape.
bool ossm2_split_host(const std::string& host, std::string& name, std::string& ns,
                      std::string& suffix) {
  size_t a = host.find('.');
  if (a == std::string::npos) return false;
  size_t b = host.find('.', a + 1);
  if (b == std::string::npos || host.compare(b, 5, ".svc.") != 0) return false;
  name = host.substr(0, a);
  ns = host.substr(a + 1, b - a - 1);
  suffix = host.substr(b + 5);
  return !name.empty() && !ns.empty() && !suffix.empty();
}

bool ossm2_find_import(const MeshObjects& objs, const std::string& cluster, const std::string& cp,
                       const std::string& host, Ossm2ImportMatch& out) {
  std::string name, ns, suffix;
  if (!ossm2_split_host(host, name, ns, suffix)) return false;
  for (const json* set : of_kind(objs, cluster, "ImportedServiceSet", cp)) {
    std::string peer = name_of(*set);
    const json& spec = (*set)["spec"];
    if (!spec.contains("importRules")) continue;
    for (const json& rule : spec["importRules"]) {
      if (!rule.contains("nameSelector")) continue;
      const json& sel = rule["nameSelector"];
      json alias =
          sel.contains("alias") && sel["alias"].is_object() ? sel["alias"] : json::object();
      std::string rule_ns = str(sel, "namespace"), rule_name = str(sel, "name");
      std::string local_ns = str(alias, "namespace").empty() ? rule_ns : str(alias, "namespace");
      std::string local_name = str(alias, "name").empty() ? rule_name : str(alias, "name");
      bool as_local = rule.value("importAsLocal", false);
      std::string want_suffix = as_local ? "cluster.local" : peer + "-imports.local";
      if (local_ns != ns || suffix != want_suffix) continue;
      if (!local_name.empty() && local_name != "*" && local_name != name) continue;
      out = {set, peer, rule_ns, rule_name.empty() || rule_name == "*" ? name : rule_name};
      return true;
    }
  }
  return false;
}

}  // namespace

Reachability ossm2_chain(const MeshObjects& objs, const std::string& cluster, const std::string& cp,
                         const std::string& host) {
  Reachability r;
  r.mesh = "OSSM 2 (" + cp + ")";
  auto broken = [&](const std::string& where, const std::string& what) {
    r.broken = where + ": " + what;
    return r;
  };
  const json* smcp = nullptr;
  for (const json* o : of_kind(objs, cluster, "ServiceMeshControlPlane", cp)) smcp = o;
  if (!smcp) return broken(cluster, "no ServiceMeshControlPlane in " + cp);
  if (!condition_true(*smcp, "Ready"))
    return broken(cluster,
                  "ServiceMeshControlPlane " + cp + "/" + name_of(*smcp) + " is not Ready");

  Ossm2ImportMatch imp;
  if (!ossm2_find_import(objs, cluster, cp, host, imp))
    return broken(cluster, "no ImportedServiceSet in " + cp + " imports " + host);

  const json* peer = find(objs, cluster, "ServiceMeshPeer", cp, imp.peer);
  if (!peer) return broken(cluster, "no ServiceMeshPeer " + cp + "/" + imp.peer);
  const json& spec = (*peer)["spec"];
  const json remote = spec.value("remote", json::object());
  std::string address;
  if (remote.contains("addresses") && !remote["addresses"].empty())
    address = remote["addresses"][0].get<std::string>();
  long port = remote.value("servicePort", -1L);
  if (address.empty() || port < 0)
    return broken(cluster, "ServiceMeshPeer " + cp + "/" + imp.peer +
                               " has no remote address or servicePort");
  r.endpoint = address + ":" + std::to_string(port);
  const json gws = spec.value("gateways", json::object());
  for (const char* side : {"ingress", "egress"}) {
    std::string gw = gws.contains(side) ? str(gws[side], "name") : "";
    if (gw.empty() || !find(objs, cluster, "Service", cp, gw))
      return broken(cluster, "the " + std::string(side) + " gateway Service " + cp + "/" + gw +
                                 " of ServiceMeshPeer " + imp.peer + " does not exist");
  }
  const json sec = spec.value("security", json::object());
  std::string ca_name =
      sec.contains("certificateChain") ? str(sec["certificateChain"], "name") : "";
  const json* ca = find(objs, cluster, "ConfigMap", cp, ca_name);
  std::string ca_pem = ca && ca->contains("data") ? str((*ca)["data"], "root-cert.pem") : "";
  if (ca_pem.empty())
    return broken(cluster, "ConfigMap " + cp + "/" + ca_name + " (the CA of ServiceMeshPeer " +
                               imp.peer + ") has no root-cert.pem");

  // The peer: another cluster whose federation ingress gateway takes ADDRESS:PORT.
  const json* ingress = nullptr;
  for (const auto& [other, _] : objs) {
    if (other == cluster) continue;
    for (const Exposure& e : exposing(objs, other, address, port))
      if (labels_of(*e.service).contains("federation.maistra.io/ingress-for") && !ingress) {
        ingress = e.service;
        r.peer = other;
      }
  }
  if (!ingress)
    return broken(cluster, "ServiceMeshPeer " + cp + "/" + imp.peer + " points at " + r.endpoint +
                               ", where no cluster's federation ingress gateway listens");
  std::string peer_cp = ns_of(*ingress);
  std::string local_mesh = str(labels_of(*ingress), "federation.maistra.io/ingress-for");
  if (root_cert(objs, r.peer, peer_cp) != ca_pem)
    return broken(cluster, "ConfigMap " + cp + "/" + ca_name + " does not hold the root CA of " +
                               r.peer + " (" + peer_cp + "/istio-ca-root-cert)");

  const json* exports = find(objs, r.peer, "ExportedServiceSet", peer_cp, local_mesh);
  std::string real_ns, real_name;
  if (exports && (*exports)["spec"].contains("exportRules"))
    for (const json& rule : (*exports)["spec"]["exportRules"]) {
      if (!rule.contains("nameSelector") || !real_ns.empty()) continue;
      const json& sel = rule["nameSelector"];
      json alias =
          sel.contains("alias") && sel["alias"].is_object() ? sel["alias"] : json::object();
      std::string ns = str(sel, "namespace"), name = str(sel, "name");
      std::string as_ns = str(alias, "namespace").empty() ? ns : str(alias, "namespace");
      std::string as_name = str(alias, "name").empty() ? name : str(alias, "name");
      if (as_ns != imp.exported_ns) continue;
      if (!as_name.empty() && as_name != "*" && as_name != imp.exported_name) continue;
      real_ns = ns;
      real_name = name.empty() || name == "*" ? imp.exported_name : name;
    }
  if (real_ns.empty())
    return broken(r.peer, "ExportedServiceSet " + peer_cp + "/" + local_mesh + " does not export " +
                              imp.exported_ns + "/" + imp.exported_name);
  r.service = real_ns + "/" + real_name;
  if (!find(objs, r.peer, "Service", real_ns, real_name))
    return broken(r.peer, "the exported Service " + r.service + " does not exist");
  std::string why;
  std::string server_mesh = serving_mesh(objs, r.peer, real_ns, &why);
  if (server_mesh != "ossm2:" + peer_cp)
    return broken(r.peer, "namespace " + real_ns +
                              " of the exported Service is not in the mesh of " + peer_cp + " (" +
                              (server_mesh.empty() ? why : server_mesh) + ")");
  r.reachable = true;
  return r;
}

}  // namespace fedplan::e2e::reach
