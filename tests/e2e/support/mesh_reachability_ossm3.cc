// The OSSM 3 manual-discovery chain: ServiceEntry for the host -> WorkloadEntry (address, port,
// network) -> the peer's east-west gateway Service and its programmed Gateway, which exposes
// the host -> the Service behind it, served by OSSM 3 -> trust (same root, or an alias).
#include <algorithm>

#include "tests/e2e/support/mesh_reachability_chains.h"
#include "tests/e2e/support/mesh_reachability_util.h"

namespace fedplan::e2e::reach {

namespace {

// What the checker needs of one IstioRevision.
struct Ossm3Revision {
  std::string name, ns, network, trust_domain;
  std::vector<std::string> aliases;
};

Ossm3Revision ossm3_revision(const MeshObjects& objs, const std::string& cluster,
                             const std::string& name) {
  Ossm3Revision out{name, "istio-system", "", "cluster.local", {}};
  const json* rev = find(objs, cluster, "IstioRevision", "", name);
  if (!rev || !rev->contains("spec")) return out;
  const json& spec = (*rev)["spec"];
  if (!str(spec, "namespace").empty()) out.ns = str(spec, "namespace");
  json values = spec.value("values", json::object());
  json global = values.value("global", json::object());
  json mesh = values.value("meshConfig", json::object());
  out.network = str(global, "network");
  if (!str(mesh, "trustDomain").empty()) out.trust_domain = str(mesh, "trustDomain");
  if (mesh.contains("trustDomainAliases") && mesh["trustDomainAliases"].is_array())
    for (const json& a : mesh["trustDomainAliases"])
      if (a.is_string()) out.aliases.push_back(a.get<std::string>());
  return out;
}

// A ServiceEntry in `se_ns` with exportTo `export_to` is visible from `client_ns`.
bool ossm3_visible(const json& se, const std::string& client_ns) {
  const json& spec = se["spec"];
  if (!spec.contains("exportTo") || spec["exportTo"].empty()) return true;
  for (const json& e : spec["exportTo"]) {
    std::string v = e.is_string() ? e.get<std::string>() : "";
    if (v == "*" || v == client_ns || (v == "." && ns_of(se) == client_ns)) return true;
  }
  return false;
}

bool ossm3_has_host(const json& se, const std::string& host) {
  if (!se.contains("spec") || !se["spec"].contains("hosts")) return false;
  for (const json& h : se["spec"]["hosts"])
    if (h.is_string() && h.get<std::string>() == host) return true;
  return false;
}

std::string ossm3_selector_text(const json& sel) {
  std::string out;
  for (auto& [k, v] : sel.items())
    out += (out.empty() ? "" : ",") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

// The Gateway (Gateway API) that made Service `svc`, or nullptr.
const json* ossm3_gateway_of(const MeshObjects& objs, const std::string& cluster, const json& svc) {
  std::string gw = str(labels_of(svc), "gateway.networking.k8s.io/gateway-name");
  return gw.empty() ? nullptr
                    : find(objs, cluster, "Gateway", ns_of(svc), gw, "gateway.networking.k8s.io");
}

// The east-west gateway passes `host` through: a TLS passthrough listener whose hostname
// matches it, or an Istio Gateway with an AUTO_PASSTHROUGH server listing it on that gateway.
bool ossm3_exposes(const MeshObjects& objs, const std::string& cluster, const json& gw,
                   const json& svc, const std::string& host) {
  if (gw.contains("spec") && gw["spec"].contains("listeners"))
    for (const json& l : gw["spec"]["listeners"]) {
      std::string mode = l.contains("tls") ? str(l["tls"], "mode") : "";
      if (str(l, "protocol") != "TLS" || mode != "Passthrough") continue;
      if (str(l, "hostname").empty() || host_matches(str(l, "hostname"), host)) return true;
    }
  json pod_labels = labels_of(svc);
  pod_labels["istio.io/gateway-name"] = name_of(gw);
  pod_labels["gateway.networking.k8s.io/gateway-name"] = name_of(gw);
  for (const json* ig : of_kind(objs, cluster, "Gateway")) {
    if (group_of(*ig) != "networking.istio.io" || !(*ig).contains("spec")) continue;
    const json& spec = (*ig)["spec"];
    if (!selector_matches(spec.value("selector", json::object()), pod_labels)) continue;
    if (!spec.contains("servers")) continue;
    for (const json& s : spec["servers"]) {
      if (!s.contains("tls") || str(s["tls"], "mode") != "AUTO_PASSTHROUGH") continue;
      if (!s.contains("hosts")) continue;
      for (const json& h : s["hosts"]) {
        std::string pattern = h.is_string() ? h.get<std::string>() : "";
        size_t slash = pattern.find('/');
        if (slash != std::string::npos) pattern = pattern.substr(slash + 1);
        if (host_matches(pattern, host)) return true;
      }
    }
  }
  return false;
}

// The Service on the peer that answers `host`: NAME.NS.svc.cluster.local itself, or the
// Service whose pods a ServiceEntry for `host` selects (an export under another name).
const json* ossm3_server(const MeshObjects& objs, const std::string& cluster,
                         const std::string& host) {
  const std::string local = ".svc.cluster.local";
  if (host.size() > local.size() &&
      host.compare(host.size() - local.size(), local.size(), local) == 0) {
    std::string rest = host.substr(0, host.size() - local.size());
    size_t dot = rest.find('.');
    if (dot != std::string::npos)
      if (const json* s = find(objs, cluster, "Service", rest.substr(dot + 1), rest.substr(0, dot)))
        return s;
  }
  for (const json* se : of_kind(objs, cluster, "ServiceEntry")) {
    if (!ossm3_has_host(*se, host)) continue;
    json sel = (*se)["spec"].contains("workloadSelector")
                   ? (*se)["spec"]["workloadSelector"].value("labels", json::object())
                   : json::object();
    for (const json* s : of_kind(objs, cluster, "Service", ns_of(*se)))
      if (selector_matches((*s)["spec"].value("selector", json::object()), sel)) return s;
  }
  return nullptr;
}

}  // namespace

Reachability ossm3_chain(const MeshObjects& objs, const std::string& cluster,
                         const std::string& revision, const std::string& client_ns,
                         const std::string& host) {
  Reachability r;
  r.mesh = "OSSM 3 (revision " + revision + ")";
  auto broken = [&](const std::string& where, const std::string& what) {
    r.broken = where + ": " + what;
    return r;
  };
  Ossm3Revision rev = ossm3_revision(objs, cluster, revision);

  const json* se = nullptr;
  for (const json* o : of_kind(objs, cluster, "ServiceEntry"))
    if (!se && ossm3_has_host(*o, host) && ossm3_visible(*o, client_ns)) se = o;
  if (!se)
    return broken(cluster, "no ServiceEntry for " + host + " visible from namespace " + client_ns);
  std::string se_name = ns_of(*se) + "/" + name_of(*se);
  const json& se_spec = (*se)["spec"];
  json sel = se_spec.contains("workloadSelector")
                 ? se_spec["workloadSelector"].value("labels", json::object())
                 : json::object();
  std::string port_name;
  if (se_spec.contains("ports") && !se_spec["ports"].empty())
    port_name = str(se_spec["ports"][0], "name");

  std::vector<const json*> entries;
  for (const json* we : of_kind(objs, cluster, "WorkloadEntry", ns_of(*se)))
    if (selector_matches(sel, labels_of(*we))) entries.push_back(we);
  if (entries.empty())
    return broken(cluster, "ServiceEntry " + se_name + " (" + host + ") has no WorkloadEntry" +
                               (sel.empty() ? " (no workloadSelector)"
                                            : " selected by " + ossm3_selector_text(sel)));

  // The first entry that leads to a peer decides; otherwise the first entry's broken link.
  std::string first_broken;
  for (const json* we : entries) {
    std::string we_name = ns_of(*we) + "/" + name_of(*we);
    const json spec = we->value("spec", json::object());
    std::string network = str(spec, "network");
    auto fail = [&](const std::string& where, const std::string& what) {
      if (first_broken.empty()) first_broken = where + ": " + what;
    };
    if (network.empty() || network == rev.network) {
      fail(cluster, "WorkloadEntry " + we_name + " is on the local network " +
                        (network.empty() ? "(none)" : network) +
                        ", not behind a peer's east-west gateway");
      continue;
    }
    std::string address = str(spec, "address");
    long port = -1;
    if (spec.contains("ports") && spec["ports"].contains(port_name) &&
        spec["ports"][port_name].is_number_integer())
      port = spec["ports"][port_name].get<long>();
    for (const json* g : of_kind(objs, cluster, "Gateway")) {
      if (group_of(*g) != "gateway.networking.k8s.io" ||
          str((*g)["spec"], "gatewayClassName") != "istio-remote")
        continue;
      if (str(labels_of(*g), "topology.istio.io/network") != network) continue;
      if (address.empty() && (*g)["spec"].contains("addresses") &&
          !(*g)["spec"]["addresses"].empty())
        address = str((*g)["spec"]["addresses"][0], "value");
      if (port < 0 && (*g)["spec"].contains("listeners") && !(*g)["spec"]["listeners"].empty())
        port = (*g)["spec"]["listeners"][0].value("port", -1L);
    }
    if (port < 0) port = 15443;
    if (address.empty()) {
      fail(cluster, "WorkloadEntry " + we_name + " on network " + network +
                        " has no address and no istio-remote Gateway gives one");
      continue;
    }
    std::string endpoint = address + ":" + std::to_string(port);
    const json* svc = nullptr;
    std::string peer;
    for (const auto& [other, _] : objs) {
      if (other == cluster) continue;
      for (const Exposure& e : exposing(objs, other, address, port))
        if (!svc && str(labels_of(*e.service), "topology.istio.io/network") == network) {
          svc = e.service;
          peer = other;
        }
    }
    if (!svc) {
      fail(cluster, "WorkloadEntry " + we_name + " points at " + endpoint + " on network " +
                        network + ", where no cluster's east-west gateway of that network listens");
      continue;
    }
    r.peer = peer;
    r.endpoint = endpoint;
    std::string svc_name = ns_of(*svc) + "/" + name_of(*svc);
    const json* gw = ossm3_gateway_of(objs, peer, *svc);
    if (!gw)
      return broken(peer,
                    "the Gateway of east-west gateway Service " + svc_name + " does not exist");
    std::string gw_name = ns_of(*gw) + "/" + name_of(*gw);
    if (!condition_true(*gw, "Programmed"))
      return broken(peer, "east-west Gateway " + gw_name + " is not Programmed");
    if (!ossm3_exposes(objs, peer, *gw, *svc, host))
      return broken(peer,
                    "east-west Gateway " + gw_name + " does not pass " + host +
                        " through (no TLS passthrough listener or AUTO_PASSTHROUGH server for it)");
    const json* server = ossm3_server(objs, peer, host);
    if (!server)
      return broken(
          peer,
          "no Service answers " + host +
              " (no Service of that name, no ServiceEntry for it selecting a Service's pods)");
    r.service = ns_of(*server) + "/" + name_of(*server);
    std::string why;
    std::string server_mesh = serving_mesh(objs, peer, ns_of(*server), &why);
    if (server_mesh.rfind("ossm3:", 0) != 0)
      return broken(peer, "namespace " + ns_of(*server) + " of Service " + r.service +
                              " is not served by OSSM 3 (" +
                              (server_mesh.empty() ? why : server_mesh) + ")");
    Ossm3Revision peer_rev = ossm3_revision(objs, peer, server_mesh.substr(6));
    std::string local_root = root_cert(objs, cluster, rev.ns);
    std::string peer_root = root_cert(objs, peer, peer_rev.ns);
    bool same_root = !local_root.empty() && local_root == peer_root;
    bool aliased = std::find(rev.aliases.begin(), rev.aliases.end(), peer_rev.trust_domain) !=
                   rev.aliases.end();
    if (!same_root && !aliased)
      return broken(cluster, "revision " + revision + " shares no root CA with " + peer +
                                 " and does not list its trust domain " + peer_rev.trust_domain +
                                 " in trustDomainAliases");
    r.reachable = true;
    return r;
  }
  r.broken = first_broken;
  return r;
}

}  // namespace fedplan::e2e::reach
