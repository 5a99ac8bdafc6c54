// Cluster IP, node port and load-balancer address allocation. What is in use is read from the
// stored Services each time, so nothing extra needs persisting and dry runs leave no trace.
#include "sandbox/services.h"
#include "sandbox/meta.h"

#include <set>

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

// What other Services hold.
struct InUse {
  std::set<std::string> cluster_ips;
  std::set<int> node_ports;
  std::set<std::string> lb_ips;
};

InUse in_use(const Store& store, const std::string& storage_key, const std::string& ns,
             const std::string& name) {
  InUse u;
  for (const json* s : store.list(storage_key, "")) {
    const json& m = (*s)["metadata"];
    if (get_string(m, "namespace") == ns && get_string(m, "name") == name) continue;
    if (!s->contains("spec")) continue;
    const json& spec = (*s)["spec"];
    std::string ip = get_string(spec, "clusterIP");
    if (!ip.empty() && ip != "None") u.cluster_ips.insert(ip);
    if (spec.contains("ports") && spec["ports"].is_array())
      for (const json& p : spec["ports"])
        if (p.is_object() && p.contains("nodePort") && p["nodePort"].is_number_integer())
          u.node_ports.insert(p["nodePort"].get<int>());
    if (s->contains("/status/loadBalancer/ingress"_json_pointer))
      for (const json& i : (*s)["status"]["loadBalancer"]["ingress"])
        if (i.is_object() && i.contains("ip") && i["ip"].is_string())
          u.lb_ips.insert(i["ip"].get<std::string>());
  }
  return u;
}

std::string port_key(const json& p) {
  return std::to_string(get_int(p, "port", 0)) + "/" + get_string(p, "protocol", "TCP");
}

// 10.96.0.0/16 without .0.0 and .0.1 (the `kubernetes` Service), chosen at random.
std::string pick_cluster_ip(const InUse& u, std::mt19937_64& rng) {
  const int size = 65536;
  int start = static_cast<int>(rng() % size);
  for (int i = 0; i < size; ++i) {
    int n = (start + i) % size;
    if (n < 2 || n == 65535) continue;
    std::string ip = "10.96." + std::to_string(n / 256) + "." + std::to_string(n % 256);
    if (!u.cluster_ips.count(ip)) return ip;
  }
  return "";
}

int pick_node_port(const std::set<int>& used, std::mt19937_64& rng) {
  const int size = kNodePortMax - kNodePortMin + 1;
  int start = static_cast<int>(rng() % size);
  for (int i = 0; i < size; ++i) {
    int port = kNodePortMin + (start + i) % size;
    if (!used.count(port)) return port;
  }
  return 0;
}

bool in_service_range(const std::string& ip) {
  if (ip.rfind("10.96.", 0) != 0) return false;
  int a = -1, b = -1;
  char extra;
  return std::sscanf(ip.c_str() + 6, "%d.%d%c", &a, &b, &extra) == 2 && a >= 0 && a < 256 &&
         b >= 0 && b < 256;
}

}  // namespace

ApiError allocate_service(const Store& store, const ResourceType& t, json& svc, const json* old,
                          std::mt19937_64& rng, bool load_balancers) {
  const json& meta = svc["metadata"];
  std::string name = get_string(meta, "name");
  InUse u = in_use(store, t.storage_key(), get_string(meta, "namespace"), name);
  json& spec = svc["spec"];
  std::string type = get_string(spec, "type", "ClusterIP");
  const json empty = json::object();
  const json& old_spec = old && old->contains("spec") ? (*old)["spec"] : empty;
  std::string old_type = get_string(old_spec, "type", "ClusterIP");

  // Cluster IP.
  if (type == "ExternalName") {
    spec.erase("clusterIP");
    spec.erase("clusterIPs");
  } else {
    std::string ip = get_string(spec, "clusterIP");
    if (ip.empty()) ip = get_string(old_spec, "clusterIP");
    if (ip.empty()) {
      ip = pick_cluster_ip(u, rng);
    } else if (ip != "None" && (!old || get_string(old_spec, "clusterIP") != ip)) {
      if (!in_service_range(ip))
        return invalid(t, name, "spec.clusterIPs",
                       "Invalid value: []string{\"" + ip + "\"}: failed to allocate IP " + ip +
                           ": the provided IP (" + ip +
                           ") is not in the valid range. The range of valid IPs is 10.96.0.0/16");
      if (u.cluster_ips.count(ip))
        return invalid(t, name, "spec.clusterIPs",
                       "Invalid value: []string{\"" + ip + "\"}: failed to allocate IP " + ip +
                           ": provided IP is already allocated");
    }
    spec["clusterIP"] = ip;
    spec["clusterIPs"] = {ip};
  }

  // Node ports: kept from the old version for the same port, else allocated.
  bool wants_node_ports =
      type == "NodePort" ||
      (type == "LoadBalancer" && get_bool(spec, "allocateLoadBalancerNodePorts", true));
  std::map<std::string, int> old_ports;
  if (old_spec.contains("ports") && old_spec["ports"].is_array())
    for (const json& p : old_spec["ports"])
      if (p.is_object() && p.contains("nodePort") && p["nodePort"].is_number_integer())
        old_ports[port_key(p)] = p["nodePort"].get<int>();
  std::set<int> used = u.node_ports;
  if (spec.contains("ports") && spec["ports"].is_array()) {
    json& ports = spec["ports"];
    for (size_t i = 0; i < ports.size(); ++i) {
      json& p = ports[i];
      if (!p.is_object()) continue;
      if (!wants_node_ports) {
        bool carried = p.contains("nodePort") && old_ports.count(port_key(p)) &&
                       old_ports[port_key(p)] == p["nodePort"];
        if (carried || (p.contains("nodePort") && p["nodePort"] == 0)) p.erase("nodePort");
        continue;
      }
      int requested = p.contains("nodePort") && p["nodePort"].is_number_integer()
                          ? p["nodePort"].get<int>()
                          : 0;
      std::string field = "spec.ports[" + std::to_string(i) + "].nodePort";
      if (requested == 0) {
        auto it = old_ports.find(port_key(p));
        requested = it != old_ports.end() && !used.count(it->second) ? it->second : 0;
        if (requested == 0) requested = pick_node_port(used, rng);
        if (requested == 0)
          return invalid(t, name, field, "Internal error: range is full", "FieldValueInvalid");
      } else {
        if (requested < kNodePortMin || requested > kNodePortMax)
          return invalid(t, name, field,
                         "Invalid value: " + std::to_string(requested) +
                             ": provided port is not in the valid range. The range of valid "
                             "ports is 30000-32767");
        if (used.count(requested))
          return invalid(t, name, field,
                         "Invalid value: " + std::to_string(requested) +
                             ": provided port is already allocated");
      }
      used.insert(requested);
      p["nodePort"] = requested;
    }
  }

  // Load balancer ingress: a status the sandbox writes itself; the address is never used.
  json lb = json::object();
  if (type == "LoadBalancer" && load_balancers) {
    std::string ip;
    if (old && old_type == "LoadBalancer" &&
        old->contains("/status/loadBalancer/ingress/0/ip"_json_pointer))
      ip = (*old)["status"]["loadBalancer"]["ingress"][0]["ip"];
    for (int n = 1; ip.empty() && n < 255; ++n) {
      std::string cand = "192.0.2." + std::to_string(n);
      if (!u.lb_ips.count(cand)) ip = cand;
    }
    if (!ip.empty()) lb["ingress"] = {{{"ip", ip}, {"ipMode", "VIP"}}};
  } else if (type == "LoadBalancer" && svc.contains("/status/loadBalancer/ingress"_json_pointer)) {
    // No cloud provider here: whoever plays one (a test writing the status subresource, e.g.
    // an AWS-style hostname) keeps what it wrote until the type changes.
    lb = svc["status"]["loadBalancer"];
  }
  svc["status"] = {{"loadBalancer", lb}};
  (void)old_type;
  return {};
}

}  // namespace fedplan::sandbox
