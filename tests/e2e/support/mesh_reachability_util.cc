// The reachability checker's object lookups: kinds, names, labels, conditions, wildcard hosts
// and the Services that expose an address and port to other clusters.
#include "tests/e2e/support/mesh_reachability_util.h"

namespace fedplan::e2e::reach {

std::string str(const json& o, const std::string& key) {
  if (!o.is_object() || !o.contains(key) || !o[key].is_string()) return "";
  return o[key].get<std::string>();
}

std::string name_of(const json& o) {
  return o.contains("metadata") ? str(o["metadata"], "name") : "";
}

std::string ns_of(const json& o) {
  return o.contains("metadata") ? str(o["metadata"], "namespace") : "";
}

std::string group_of(const json& o) {
  std::string v = str(o, "apiVersion");
  size_t slash = v.find('/');
  return slash == std::string::npos ? "" : v.substr(0, slash);
}

json labels_of(const json& o) {
  if (!o.contains("metadata") || !o["metadata"].contains("labels")) return json::object();
  const json& l = o["metadata"]["labels"];
  return l.is_object() ? l : json::object();
}

std::vector<const json*> of_kind(const MeshObjects& objs, const std::string& cluster,
                                 const std::string& kind, const std::string& ns) {
  std::vector<const json*> out;
  auto it = objs.find(cluster);
  if (it == objs.end()) return out;
  for (const json& o : it->second)
    if (str(o, "kind") == kind && (ns.empty() || ns_of(o) == ns)) out.push_back(&o);
  return out;
}

const json* find(const MeshObjects& objs, const std::string& cluster, const std::string& kind,
                 const std::string& ns, const std::string& name, const std::string& api_group) {
  for (const json* o : of_kind(objs, cluster, kind, ns))
    if (name_of(*o) == name && ns_of(*o) == ns && (api_group.empty() || group_of(*o) == api_group))
      return o;
  return nullptr;
}

bool condition_true(const json& o, const std::string& type) {
  if (!o.contains("status") || !o["status"].contains("conditions")) return false;
  for (const json& c : o["status"]["conditions"])
    if (str(c, "type") == type) return str(c, "status") == "True";
  return false;
}

bool selector_matches(const json& selector, const json& labels) {
  if (!selector.is_object() || selector.empty() || !labels.is_object()) return false;
  for (auto& [k, v] : selector.items())
    if (!labels.contains(k) || labels[k] != v) return false;
  return true;
}

bool host_matches(const std::string& pattern, const std::string& host) {
  if (pattern == "*" || pattern == host) return true;
  if (pattern.size() > 1 && pattern[0] == '*' && pattern[1] == '.') {
    std::string suffix = pattern.substr(1);
    return host.size() > suffix.size() &&
           host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return false;
}

namespace {

std::vector<std::string> node_addresses(const MeshObjects& objs, const std::string& cluster) {
  std::vector<std::string> out;
  for (const json* n : of_kind(objs, cluster, "Node"))
    if (n->contains("status") && (*n)["status"].contains("addresses"))
      for (const json& a : (*n)["status"]["addresses"])
        if (str(a, "type") == "InternalIP") out.push_back(str(a, "address"));
  return out;
}

long int_of(const json& o, const std::string& key) {
  return o.is_object() && o.contains(key) && o[key].is_number_integer() ? o[key].get<long>() : -1;
}

}  // namespace

std::vector<Exposure> exposing(const MeshObjects& objs, const std::string& cluster,
                               const std::string& address, long port) {
  std::vector<Exposure> out;
  std::vector<std::string> nodes = node_addresses(objs, cluster);
  bool on_node = false;
  for (const std::string& n : nodes) on_node = on_node || n == address;
  for (const json* s : of_kind(objs, cluster, "Service")) {
    const json& spec = (*s)["spec"];
    if (!spec.contains("ports")) continue;
    bool lb = false;
    if (s->contains("status") && (*s)["status"].contains("loadBalancer") &&
        (*s)["status"]["loadBalancer"].contains("ingress"))
      for (const json& i : (*s)["status"]["loadBalancer"]["ingress"])
        lb = lb || str(i, "ip") == address || str(i, "hostname") == address;
    for (const json& p : spec["ports"]) {
      if (lb && int_of(p, "port") == port) {
        out.push_back({s, "load balancer"});
        break;
      }
      if (on_node && int_of(p, "nodePort") == port) {
        out.push_back({s, "NodePort"});
        break;
      }
    }
  }
  return out;
}

std::string root_cert(const MeshObjects& objs, const std::string& cluster, const std::string& ns) {
  const json* cm = find(objs, cluster, "ConfigMap", ns, "istio-ca-root-cert");
  return cm && (*cm).contains("data") ? str((*cm)["data"], "root-cert.pem") : "";
}

}  // namespace fedplan::e2e::reach
