// The reachability checker on hand-made object sets: the OSSM 2 and OSSM 3 chains reachable,
// and each broken link named where it breaks.
#include "tests/e2e/support/mesh_reachability.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

using fedplan::e2e::check_reachability;
using fedplan::e2e::MeshObjects;
using fedplan::e2e::Reachability;
using fedplan::e2e::serving_mesh;
using nlohmann::json;

namespace {

const char* kHost2 = "ratings.mesh2-bookinfo.svc.mesh1-imports.local";

json obj(const std::string& api, const std::string& kind, const std::string& ns,
         const std::string& name, json labels = json::object()) {
  json o = {{"apiVersion", api}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (!ns.empty()) o["metadata"]["namespace"] = ns;
  if (!labels.empty()) o["metadata"]["labels"] = labels;
  return o;
}

json ready(json o, const std::string& type = "Ready") {
  o["status"]["conditions"] = json::array({{{"type", type}, {"status", "True"}}});
  return o;
}

json node(const std::string& cluster, const std::string& ip) {
  json n = obj("v1", "Node", "", cluster + "-node-0");
  n["status"]["addresses"] = json::array({{{"type", "InternalIP"}, {"address", ip}}});
  return n;
}

json root_ca(const std::string& ns, const std::string& pem) {
  json c = obj("v1", "ConfigMap", ns, "istio-ca-root-cert");
  c["data"]["root-cert.pem"] = pem;
  return c;
}

json service(const std::string& ns, const std::string& name, json labels, json ports,
             json selector = json::object()) {
  json s = obj("v1", "Service", ns, name, labels);
  s["spec"]["ports"] = ports;
  if (!selector.empty()) s["spec"]["selector"] = selector;
  return s;
}

// Two clusters federated the OSSM 2 way, as examples/libvirt-two-cluster makes them: mesh1
// exports ratings under bookinfo, mesh2 imports bookinfo as mesh2-bookinfo.
MeshObjects ossm2_federation() {
  MeshObjects m;
  auto& a = m["mesh1"];
  auto& b = m["mesh2"];
  a.push_back(node("mesh1", "203.0.113.11"));
  b.push_back(node("mesh2", "203.0.113.21"));
  a.push_back(
      obj("v1", "Namespace", "", "mesh1-bookinfo", {{"maistra.io/member-of", "mesh1-system"}}));
  b.push_back(
      obj("v1", "Namespace", "", "mesh2-bookinfo", {{"maistra.io/member-of", "mesh2-system"}}));
  a.push_back(ready(obj("maistra.io/v2", "ServiceMeshControlPlane", "mesh1-system", "fed-export")));
  b.push_back(ready(obj("maistra.io/v2", "ServiceMeshControlPlane", "mesh2-system", "fed-import")));
  a.push_back(root_ca("mesh1-system", "ROOT1"));
  b.push_back(root_ca("mesh2-system", "ROOT2"));
  a.push_back(service("mesh1-system", "mesh2-ingress",
                      {{"federation.maistra.io/ingress-for", "mesh2"}},
                      {{{"name", "tls"}, {"port", 15443}, {"nodePort", 31443}}}));
  b.push_back(service("mesh2-system", "mesh1-ingress",
                      {{"federation.maistra.io/ingress-for", "mesh1"}},
                      {{{"name", "tls"}, {"port", 15443}, {"nodePort", 32443}}}));
  b.push_back(service("mesh2-system", "mesh1-egress", {}, {{{"name", "tls"}, {"port", 15443}}}));
  json ca = obj("v1", "ConfigMap", "mesh2-system", "mesh1-ca-root-cert");
  ca["data"]["root-cert.pem"] = "ROOT1";
  b.push_back(ca);
  json peer = obj("federation.maistra.io/v1", "ServiceMeshPeer", "mesh2-system", "mesh1");
  peer["spec"] = {
      {"remote", {{"addresses", {"203.0.113.11"}}, {"servicePort", 31443}}},
      {"gateways",
       {{"ingress", {{"name", "mesh1-ingress"}}}, {"egress", {{"name", "mesh1-egress"}}}}},
      {"security",
       {{"certificateChain", {{"kind", "ConfigMap"}, {"name", "mesh1-ca-root-cert"}}}}}};
  b.push_back(peer);
  json imports = obj("federation.maistra.io/v1", "ImportedServiceSet", "mesh2-system", "mesh1");
  imports["spec"]["importRules"] =
      json::array({{{"type", "NameSelector"},
                    {"importAsLocal", false},
                    {"nameSelector",
                     {{"namespace", "bookinfo"}, {"alias", {{"namespace", "mesh2-bookinfo"}}}}}}});
  b.push_back(imports);
  json exports = obj("federation.maistra.io/v1", "ExportedServiceSet", "mesh1-system", "mesh2");
  exports["spec"]["exportRules"] =
      json::array({{{"type", "NameSelector"},
                    {"nameSelector",
                     {{"namespace", "mesh1-bookinfo"},
                      {"name", "ratings"},
                      {"alias", {{"namespace", "bookinfo"}, {"name", "ratings"}}}}}}});
  a.push_back(exports);
  a.push_back(service("mesh1-bookinfo", "ratings", {{"app", "ratings"}},
                      {{{"name", "http"}, {"port", 9080}}}, {{"app", "ratings"}}));
  return m;
}

// OSSM 3 beside it on both clusters, traffic moved: revisions, an east-west gateway on
// mesh1, the ServiceEntry + WorkloadEntry for the same host on mesh2, the export on mesh1.
void add_ossm3(MeshObjects& m) {
  for (const char* c : {"mesh1", "mesh2"}) {
    std::string mesh = c;
    json rev = ready(obj("sailoperator.io/v1", "IstioRevision", "", "default"));
    rev["spec"] = {
        {"namespace", "istio-system"},
        {"values",
         {{"global", {{"network", mesh + "-network"}}},
          {"meshConfig",
           {{"trustDomain", mesh + ".local"},
            {"trustDomainAliases", {mesh == "mesh1" ? "mesh2.local" : "mesh1.local"}}}}}}};
    m[c].push_back(rev);
    m[c].push_back(root_ca("istio-system", "ROOT3-" + mesh));
  }
  for (auto& [c, objs] : m)
    for (json& o : objs)
      if (o["kind"] == "Namespace") {
        o["metadata"]["labels"] = {{"istio.io/rev", "default"}};
      }
  auto& a = m["mesh1"];
  auto& b = m["mesh2"];
  json gw = ready(obj("gateway.networking.k8s.io/v1", "Gateway", "istio-system", "eastwest",
                      {{"topology.istio.io/network", "mesh1-network"}}),
                  "Programmed");
  gw["spec"] = {{"gatewayClassName", "istio"},
                {"listeners",
                 {{{"name", "cross-network"},
                   {"port", 15443},
                   {"protocol", "TLS"},
                   {"hostname", "*.local"},
                   {"tls", {{"mode", "Passthrough"}}}}}}};
  a.push_back(gw);
  a.push_back(service("istio-system", "eastwest-istio",
                      {{"topology.istio.io/network", "mesh1-network"},
                       {"gateway.networking.k8s.io/gateway-name", "eastwest"}},
                      {{{"name", "cross-network"}, {"port", 15443}, {"nodePort", 30443}}}));
  json exported = obj("networking.istio.io/v1", "ServiceEntry", "mesh1-bookinfo", "ratings-export");
  exported["spec"] = {{"hosts", {kHost2}},
                      {"location", "MESH_INTERNAL"},
                      {"resolution", "STATIC"},
                      {"ports", {{{"number", 9080}, {"name", "http"}}}},
                      {"workloadSelector", {{"labels", {{"app", "ratings"}}}}}};
  a.push_back(exported);
  json se = obj("networking.istio.io/v1", "ServiceEntry", "istio-system", "ratings-mesh1");
  se["spec"] = {{"hosts", {kHost2}},
                {"location", "MESH_INTERNAL"},
                {"resolution", "STATIC"},
                {"ports", {{{"number", 9080}, {"name", "http"}}}},
                {"workloadSelector", {{"labels", {{"app", "ratings-mesh1"}}}}}};
  b.push_back(se);
  json we = obj("networking.istio.io/v1", "WorkloadEntry", "istio-system", "ratings-mesh1",
                {{"app", "ratings-mesh1"}});
  we["spec"] = {
      {"address", "203.0.113.11"}, {"network", "mesh1-network"}, {"ports", {{"http", 30443}}}};
  b.push_back(we);
}

void edit(MeshObjects& m, const std::string& cluster, const std::string& kind,
          const std::string& name, const std::function<void(json&)>& f) {
  for (json& o : m[cluster])
    if (o["kind"] == kind && o["metadata"]["name"] == name) f(o);
}

void erase(MeshObjects& m, const std::string& cluster, const std::string& kind,
           const std::string& name) {
  auto& v = m[cluster];
  v.erase(std::remove_if(
              v.begin(), v.end(),
              [&](const json& o) { return o["kind"] == kind && o["metadata"]["name"] == name; }),
          v.end());
}

}  // namespace

TEST_CASE("an OSSM 2 import reaches the exporting peer through its federation gateway") {
  MeshObjects m = ossm2_federation();
  Reachability r = check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2);
  CHECK_MESSAGE(r.reachable, r.broken);
  CHECK(r.mesh == "OSSM 2 (mesh2-system)");
  CHECK(r.peer == "mesh1");
  CHECK(r.endpoint == "203.0.113.11:31443");
  CHECK(r.service == "mesh1-bookinfo/ratings");

  SUBCASE("a host nobody imports") {
    Reachability x =
        check_reachability(m, "mesh2", "mesh2-bookinfo", "ratings.other.svc.mesh1-imports.local");
    CHECK(x.broken ==
          "mesh2: no ImportedServiceSet in mesh2-system imports "
          "ratings.other.svc.mesh1-imports.local");
  }
  SUBCASE("the export is gone") {
    erase(m, "mesh1", "ExportedServiceSet", "mesh2");
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh1: ExportedServiceSet mesh1-system/mesh2 does not export bookinfo/ratings");
  }
  SUBCASE("the peer points at a port no gateway has") {
    edit(m, "mesh2", "ServiceMeshPeer", "mesh1",
         [](json& o) { o["spec"]["remote"]["servicePort"] = 31444; });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh2: ServiceMeshPeer mesh2-system/mesh1 points at 203.0.113.11:31444, where no "
          "cluster's federation ingress gateway listens");
  }
  SUBCASE("the peer's CA is another one") {
    edit(m, "mesh2", "ConfigMap", "mesh1-ca-root-cert",
         [](json& o) { o["data"]["root-cert.pem"] = "OLD"; });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh2: ConfigMap mesh2-system/mesh1-ca-root-cert does not hold the root CA of mesh1 "
          "(mesh1-system/istio-ca-root-cert)");
  }
  SUBCASE("the exported Service's namespace left the peer's member roll") {
    edit(m, "mesh1", "Namespace", "mesh1-bookinfo", [](json& o) { o["metadata"].erase("labels"); });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2)
              .broken.rfind("mesh1: namespace mesh1-bookinfo of the exported Service is not in the "
                            "mesh of mesh1-system",
                            0) == 0);
  }
  SUBCASE("the client namespace is in no mesh") {
    edit(m, "mesh2", "Namespace", "mesh2-bookinfo", [](json& o) { o["metadata"].erase("labels"); });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh2: namespace mesh2-bookinfo is in no mesh (no maistra.io/member-of, istio.io/rev "
          "or istio-injection label)");
  }
}

TEST_CASE("an OSSM 3 import reaches the peer's east-west gateway and the Service behind it") {
  MeshObjects m = ossm2_federation();
  add_ossm3(m);
  Reachability r = check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2);
  CHECK_MESSAGE(r.reachable, r.broken);
  CHECK(r.mesh == "OSSM 3 (revision default)");
  CHECK(r.peer == "mesh1");
  CHECK(r.endpoint == "203.0.113.11:30443");
  CHECK(r.service == "mesh1-bookinfo/ratings");

  SUBCASE("the WorkloadEntry was deleted") {
    erase(m, "mesh2", "WorkloadEntry", "ratings-mesh1");
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh2: ServiceEntry istio-system/ratings-mesh1 (" + std::string(kHost2) +
              ") has no WorkloadEntry selected by app=ratings-mesh1");
  }
  SUBCASE("the ServiceEntry is not exported to the client's namespace") {
    edit(m, "mesh2", "ServiceEntry", "ratings-mesh1",
         [](json& o) { o["spec"]["exportTo"] = {"other"}; });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh2: no ServiceEntry for " + std::string(kHost2) +
              " visible from namespace mesh2-bookinfo");
  }
  SUBCASE("the WorkloadEntry names the local network") {
    edit(m, "mesh2", "WorkloadEntry", "ratings-mesh1",
         [](json& o) { o["spec"]["network"] = "mesh2-network"; });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh2: WorkloadEntry istio-system/ratings-mesh1 is on the local network mesh2-network, "
          "not behind a peer's east-west gateway");
  }
  SUBCASE("an istio-remote Gateway gives the address and port") {
    edit(m, "mesh2", "WorkloadEntry", "ratings-mesh1", [](json& o) {
      o["spec"] = {{"network", "mesh1-network"}};
    });
    json remote = obj("gateway.networking.k8s.io/v1", "Gateway", "istio-system", "remote-mesh1",
                      {{"topology.istio.io/network", "mesh1-network"}});
    remote["spec"] = {
        {"gatewayClassName", "istio-remote"},
        {"addresses", {{{"value", "203.0.113.11"}}}},
        {"listeners", {{{"name", "cross-network"}, {"port", 30443}, {"protocol", "TLS"}}}}};
    m["mesh2"].push_back(remote);
    CHECK_MESSAGE(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).reachable,
                  check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken);
  }
  SUBCASE("the east-west Gateway is not programmed") {
    edit(m, "mesh1", "Gateway", "eastwest",
         [](json& o) { o["status"]["conditions"][0]["status"] = "False"; });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh1: east-west Gateway istio-system/eastwest is not Programmed");
  }
  SUBCASE("the gateway passes only other hosts, unless an AUTO_PASSTHROUGH Gateway lists it") {
    edit(m, "mesh1", "Gateway", "eastwest", [](json& o) {
      o["spec"]["listeners"][0]["hostname"] = "fake-hostname-to-block-all-by-default";
    });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2)
              .broken.rfind("mesh1: east-west Gateway istio-system/eastwest does not pass " +
                                std::string(kHost2),
                            0) == 0);
    json expose = obj("networking.istio.io/v1", "Gateway", "istio-system", "expose-services");
    expose["spec"] = {{"selector", {{"istio.io/gateway-name", "eastwest"}}},
                      {"servers",
                       {{{"port", {{"number", 15443}, {"name", "tls"}, {"protocol", "TLS"}}},
                         {"tls", {{"mode", "AUTO_PASSTHROUGH"}}},
                         {"hosts", {kHost2}}}}}};
    m["mesh1"].push_back(expose);
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).reachable);
  }
  SUBCASE("the exporting side has no ServiceEntry for the imported name") {
    erase(m, "mesh1", "ServiceEntry", "ratings-export");
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2)
              .broken.rfind("mesh1: no Service answers " + std::string(kHost2), 0) == 0);
  }
  SUBCASE("the server's namespace is still served by OSSM 2") {
    edit(m, "mesh1", "Namespace", "mesh1-bookinfo", [](json& o) {
      o["metadata"]["labels"] = {{"maistra.io/member-of", "mesh1-system"}};
    });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh1: namespace mesh1-bookinfo of Service mesh1-bookinfo/ratings is not served by "
          "OSSM 3 (ossm2:mesh1-system)");
  }
  SUBCASE("different roots and no trust-domain alias") {
    edit(m, "mesh2", "IstioRevision", "default",
         [](json& o) { o["spec"]["values"]["meshConfig"].erase("trustDomainAliases"); });
    CHECK(check_reachability(m, "mesh2", "mesh2-bookinfo", kHost2).broken ==
          "mesh2: revision default shares no root CA with mesh1 and does not list its trust "
          "domain mesh1.local in trustDomainAliases");
  }
}

TEST_CASE("which mesh serves a namespace follows the injectors") {
  MeshObjects m = ossm2_federation();
  add_ossm3(m);
  std::string why;
  CHECK(serving_mesh(m, "mesh2", "mesh2-bookinfo", &why) == "ossm3:default");
  SUBCASE("both claim it: an error, as both would inject") {
    edit(m, "mesh2", "Namespace", "mesh2-bookinfo",
         [](json& o) { o["metadata"]["labels"]["maistra.io/member-of"] = "mesh2-system"; });
    CHECK(serving_mesh(m, "mesh2", "mesh2-bookinfo", &why).empty());
    CHECK(why.find("claimed by OSSM 2 (maistra.io/member-of=mesh2-system) and OSSM 3 (revision "
                   "default)") != std::string::npos);
    edit(m, "mesh2", "Namespace", "mesh2-bookinfo",
         [](json& o) { o["metadata"]["labels"]["maistra.io/ignore-namespace"] = "true"; });
    CHECK(serving_mesh(m, "mesh2", "mesh2-bookinfo", &why) == "ossm3:default");
  }
  SUBCASE("istio-injection=enabled means the default revision, which must be Ready") {
    edit(m, "mesh2", "Namespace", "mesh2-bookinfo", [](json& o) {
      o["metadata"]["labels"] = {{"istio-injection", "enabled"}};
    });
    CHECK(serving_mesh(m, "mesh2", "mesh2-bookinfo", &why) == "ossm3:default");
    edit(m, "mesh2", "IstioRevision", "default", [](json& o) { o.erase("status"); });
    CHECK(serving_mesh(m, "mesh2", "mesh2-bookinfo", &why).empty());
    CHECK(why == "namespace mesh2-bookinfo is labelled for revision default, which is not Ready");
  }
}
