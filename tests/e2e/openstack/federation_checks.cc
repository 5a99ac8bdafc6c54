// Golden and order checks shared by the openstack federation tests (see federation_checks.h).
#include "tests/e2e/openstack/federation_checks.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/e2e/support/golden.h"
#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

using nlohmann::json;

namespace {

const std::string kPair = "module.federation.module.pair.";

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
  for (const json& n : sb.list(mesh, "nodes"))
    for (const json& a : n["status"]["addresses"])
      if (a.value("type", "") == "InternalIP")
        f.node_ips[n["metadata"].value("name", "")] = a.value("address", "");
  return f;
}

void check_seed_objects(const Sandboxes& sb, const std::string& smcp_file,
                        const std::map<std::string, std::string>& vars) {
  for (std::string f :
       {"export/" + smcp_file, std::string("export/smmr.yaml"),
        std::string("export/configmap.yaml"), std::string("export/servicemeshpeer.yaml"),
        std::string("export/exportedserviceset.yaml")})
    check_golden(sb, "mesh1", f, vars);
  for (std::string f :
       {"import/" + smcp_file, std::string("import/smmr.yaml"),
        std::string("import/configmap.yaml"), std::string("import/servicemeshpeer.yaml"),
        std::string("import/importedserviceset.yaml"), std::string("import/mongodb-service.yaml")})
    check_golden(sb, "mesh2", f, vars);
  for (const char* f : {"bookinfo/bookinfo.yaml", "bookinfo/bookinfo-ratings-v2.yaml",
                        "bookinfo/bookinfo-db.yaml", "bookinfo/destination-rule-all.yaml"})
    check_golden(sb, "mesh1", f, vars, "mesh1-bookinfo");
  for (const char* f : {"bookinfo/bookinfo.yaml", "bookinfo/bookinfo-ratings-v2.yaml",
                        "bookinfo/bookinfo-gateway.yaml", "bookinfo/destination-rule-all.yaml",
                        "bookinfo/virtual-service-reviews-v3.yaml"})
    check_golden(sb, "mesh2", f, vars, "mesh2-bookinfo");
  for (const char* f : {"examples/mongodb-remote-virtualservice.yaml",
                        "examples/ratings-split-virtualservice.yaml"})
    check_golden(sb, "mesh2", f, vars);
  CHECK(sb.get("mesh1", "deployment", "mongodb-v1", "mesh1-bookinfo").is_object());
  CHECK(sb.get("mesh2", "deployment", "mongodb-v1", "mesh2-bookinfo").is_null());
}

int count_actions(const std::vector<std::pair<std::string, std::string>>& actions,
                  const std::string& prefix, const std::string& action) {
  int n = 0;
  for (const auto& [addr, what] : actions)
    if (addr.rfind(prefix, 0) == 0 && what == action) ++n;
  return n;
}

void check_stage_order(const std::vector<std::pair<std::string, std::string>>& ev) {
  int cp_a = event_index(ev, kPair + "module.a.kube_object.control_plane", "Creation complete");
  int cp_b = event_index(ev, kPair + "module.b.kube_object.control_plane", "Creation complete");
  REQUIRE(cp_a >= 0);
  REQUIRE(cp_b >= 0);
  for (const char* peering : {"a_peers_b", "b_peers_a"}) {
    std::string p = kPair + "module." + peering;
    int ca = event_index(ev, p + ".kube_object.ca_root_cert", "Creation complete");
    int peer = event_index(ev, p + ".kube_object.peer", "Creating...");
    INFO(peering);
    REQUIRE(ca >= 0);
    REQUIRE(peer >= 0);
    CHECK(cp_a < peer);  // control planes before peers
    CHECK(cp_b < peer);
    CHECK(ca < peer);  // peers after the CA ConfigMaps exist
  }
  int last_federation = -1;
  for (size_t i = 0; i < ev.size(); ++i)
    if (ev[i].first.rfind("module.federation.", 0) == 0 && ev[i].second == "Creation complete")
      last_federation = static_cast<int>(i);
  int bookinfo = event_index(ev, "module.bookinfo_mesh*", "Creating...");
  REQUIRE(bookinfo >= 0);
  CHECK(last_federation < bookinfo);
}

}  // namespace fedplan::e2e
