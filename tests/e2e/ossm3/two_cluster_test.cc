// examples/ossm3-two-cluster with manual discovery end to end on two sandboxes playing the
// Sail operator: NodePort gateways, roots of their own, entries at the peer's gateway, destroy.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "base/testing/temp_dir.h"
#include "tests/e2e/ossm3/ossm3_rig.h"
#include "tests/e2e/support/firewall.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// The first InternalIP of a cluster's first node, as the gateway module picks it.
std::string first_node_ip(const Sandboxes& sb, const std::string& cluster) {
  json nodes = sb.list(cluster, "node");
  if (!nodes.is_array() || nodes.empty()) return "";
  for (const json& a : nodes[0]["status"]["addresses"])
    if (a["type"] == "InternalIP") return a["address"];
  return "";
}

// The NodePort of port 15443 of a mesh's east-west gateway Service.
json gateway_node_port(const Sandboxes& sb, const std::string& cluster) {
  json svc = sb.get(cluster, "service", "eastwestgateway-istio", "istio-system");
  if (!svc.is_object()) return nullptr;
  for (const json& p : svc["spec"]["ports"])
    if (p["port"] == 15443) return p.value("nodePort", json());
  return nullptr;
}

// A cluster's objects without the GatewayClasses istiod makes for itself once a revision is
// Ready: they stay after the Istio goes, on a real cluster too.
std::map<std::string, json> without_gateway_classes(std::map<std::string, json> objects) {
  std::erase_if(objects, [](const auto& kv) { return kv.first.rfind("GatewayClass/", 0) == 0; });
  return objects;
}

}  // namespace

TEST_CASE(
    "ossm3-two-cluster, manual discovery over NodePorts: each import's ServiceEntry and "
    "WorkloadEntry point at the peer's east-west gateway, and destroy removes everything") {
  TempDir tmp;
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::string err;
  REQUIRE_MESSAGE(ossm3_namespace(sb, "mesh1", "mesh1-bookinfo", tmp.path(), &err), err);
  copy_example("ossm3-two-cluster", tmp.path());
  std::string dir = tmp / "examples/ossm3-two-cluster";
  auto env = sb.env();
  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");
  std::vector<std::string> vars = {"-var", "service_type=NodePort"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), vars.begin(), vars.end());
    return args;
  };

  Run apply = run_fedplan(with({"apply", "-auto-approve"}), dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());

  for (const std::string mesh : {"mesh1", "mesh2"}) {
    INFO(mesh);
    json ns = sb.get(mesh, "namespace", "istio-system");
    REQUIRE(ns.is_object());
    CHECK(ns["metadata"]["labels"]["topology.istio.io/network"] == mesh + "-network");
    json istio = sb.get(mesh, "istio", "default");
    REQUIRE(istio.is_object());
    json values = istio["spec"]["values"];
    CHECK(values["global"]["meshID"] == mesh);
    CHECK(values["global"]["network"] == mesh + "-network");
    CHECK(values["global"]["multiCluster"]["clusterName"] == mesh);
    CHECK(values["meshConfig"]["trustDomain"] == mesh + ".local");
    CHECK(istio["spec"]["updateStrategy"]["type"] == "InPlace");
    json gw = sb.get(mesh, "gateways.gateway.networking.k8s.io", "eastwestgateway", "istio-system");
    REQUIRE(gw.is_object());
    CHECK(gw["metadata"]["labels"]["topology.istio.io/network"] == mesh + "-network");
    CHECK(gw["spec"]["listeners"][0]["port"] == 15443);
    CHECK(gw["spec"]["listeners"][0]["tls"]["mode"] == "Passthrough");
    CHECK(gateway_node_port(sb, mesh).is_number());
  }
  // Roots of their own: each cacerts is a self-signed root, different from the other's, and
  // each mesh trusts the other's root and aliases its trust domain.
  json ca1 = sb.get("mesh1", "secret", "cacerts", "istio-system");
  json ca2 = sb.get("mesh2", "secret", "cacerts", "istio-system");
  REQUIRE(ca1.is_object());
  REQUIRE(ca2.is_object());
  CHECK(ca1["data"]["root-cert.pem"] != ca2["data"]["root-cert.pem"]);
  json cm1 = sb.get("mesh1", "configmap", "istio-ca-root-cert", "istio-system");
  json cm2 = sb.get("mesh2", "configmap", "istio-ca-root-cert", "istio-system");
  REQUIRE(cm1.is_object());
  REQUIRE(cm2.is_object());
  CHECK(fedplan::cert_signed_by(cm1["data"]["root-cert.pem"], cm1["data"]["root-cert.pem"]));
  CHECK_FALSE(fedplan::cert_signed_by(cm1["data"]["root-cert.pem"], cm2["data"]["root-cert.pem"]));
  json istio1 = sb.get("mesh1", "istio", "default");
  CHECK(istio1["spec"]["values"]["meshConfig"]["caCertificates"][0]["pem"] ==
        cm2["data"]["root-cert.pem"]);
  CHECK(istio1["spec"]["values"]["meshConfig"]["trustDomainAliases"] ==
        json::array({"mesh2.local"}));

  // mesh1 exports ratings under bookinfo: a ServiceEntry for the alias host, and the gateway
  // passes exactly that host.
  const std::string host = "ratings.bookinfo.svc.mesh1-imports.local";
  json exported = sb.get("mesh1", "serviceentries.networking.istio.io", "ratings-bookinfo-export",
                         "mesh1-bookinfo");
  REQUIRE(exported.is_object());
  CHECK(exported["spec"]["hosts"] == json::array({host}));
  CHECK(exported["spec"]["workloadSelector"]["labels"]["app"] == "ratings");
  json expose =
      sb.get("mesh1", "gateways.networking.istio.io", "eastwestgateway-exports", "istio-system");
  REQUIRE(expose.is_object());
  CHECK(expose["spec"]["servers"][0]["tls"]["mode"] == "AUTO_PASSTHROUGH");
  CHECK(expose["spec"]["servers"][0]["hosts"] == json::array({host}));

  // mesh2 imports it: the entries point at mesh1's gateway, at the NodePort mesh1 exposes.
  json se = sb.get("mesh2", "serviceentries.networking.istio.io", "ratings-bookinfo-from-mesh1",
                   "istio-system");
  json we = sb.get("mesh2", "workloadentries.networking.istio.io", "ratings-bookinfo-from-mesh1",
                   "istio-system");
  json remote = sb.get("mesh2", "gateways.gateway.networking.k8s.io", "mesh1-network-gateway",
                       "istio-system");
  REQUIRE(se.is_object());
  REQUIRE(we.is_object());
  REQUIRE(remote.is_object());
  CHECK(se["spec"]["hosts"] == json::array({host}));
  CHECK(se["spec"]["location"] == "MESH_INTERNAL");
  CHECK(se["spec"]["resolution"] == "STATIC");
  CHECK(se["spec"]["subjectAltNames"] ==
        json::array({"spiffe://mesh1.local/ns/mesh1-bookinfo/sa/ratings"}));
  std::string mesh1_ip = first_node_ip(sb, "mesh1");
  REQUIRE(!mesh1_ip.empty());
  CHECK(we["spec"]["address"] == mesh1_ip);
  CHECK(we["spec"]["network"] == "mesh1-network");
  for (const auto& [k, v] : se["spec"]["workloadSelector"]["labels"].items())
    CHECK(we["spec"]["labels"][k] == v);
  CHECK(we["spec"]["labels"]["security.istio.io/tlsMode"] == "istio");
  CHECK(remote["spec"]["gatewayClassName"] == "istio-remote");
  CHECK(remote["metadata"]["labels"]["topology.istio.io/network"] == "mesh1-network");
  CHECK(remote["spec"]["addresses"][0]["value"] == mesh1_ip);
  CHECK(remote["spec"]["listeners"][0]["port"] == gateway_node_port(sb, "mesh1"));
  // mesh2 exports nothing; mesh1 imports nothing.
  CHECK(sb.get("mesh2", "gateways.networking.istio.io", "eastwestgateway-exports", "istio-system")
            .is_null());
  CHECK(sb.list("mesh1", "serviceentries.networking.istio.io", "istio-system").empty());

  Run again = run_fedplan(with({"plan", "-detailed-exitcode"}), dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  Run destroy = run_fedplan(with({"destroy", "-auto-approve"}), dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(without_gateway_classes(sb.dump("mesh1")) == before1);
  CHECK(without_gateway_classes(sb.dump("mesh2")) == before2);
}

TEST_CASE(
    "ossm3-two-cluster on libvirt: each east-west gateway's NodePort is opened in the "
    "hypervisor's firewalld, peers use the hypervisor's address, and destroy closes them") {
  TempDir tmp;
  Firewall fw(tmp / "fw");
  if (fw.start_code == 77) {
    std::fputs("firewalld harness cannot run on this machine: skipped\n", stderr);
    std::exit(77);
  }
  REQUIRE_MESSAGE(fw.start_code == 0, fw.log);
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  std::string err;
  REQUIRE_MESSAGE(ossm3_namespace(sb, "mesh1", "mesh1-bookinfo", tmp.path(), &err), err);
  copy_example("ossm3-two-cluster", tmp.path());
  std::string dir = tmp / "examples/ossm3-two-cluster";
  auto env = sb.env();
  env["FEDPLAN_VAR_firewall_cmd"] = fw.cmd();
  std::string fw_before = fw.state();
  const std::vector<std::string> vars = {
      "-var", "service_type=NodePort",
      "-var", "platform=firewalld",
      "-var", "gateway_address={mesh1=\"192.168.122.1\",mesh2=\"192.168.122.1\"}"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), vars.begin(), vars.end());
    return args;
  };

  Run apply = run_fedplan(with({"apply", "-auto-approve"}), dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  for (const std::string mesh : {"mesh1", "mesh2"}) {
    INFO(mesh);
    json port = gateway_node_port(sb, mesh);
    REQUIRE(port.is_number());
    std::string opening = std::to_string(port.get<int>()) + "/tcp";
    CHECK(fw.ports(false).find(opening) != std::string::npos);
    CHECK(fw.ports(true).find(opening) != std::string::npos);
  }
  json we = sb.get("mesh2", "workloadentries.networking.istio.io", "ratings-bookinfo-from-mesh1",
                   "istio-system");
  REQUIRE(we.is_object());
  CHECK(we["spec"]["address"] == "192.168.122.1");
  // Nothing to change on the next plan: the openings' ports are known from the Services.
  Run again = run_fedplan(with({"plan", "-detailed-exitcode"}), dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  Run destroy = run_fedplan(with({"destroy", "-auto-approve"}), dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(fw.state() == fw_before);
}
