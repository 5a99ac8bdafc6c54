// examples/four-cluster-mixed end to end: four sandboxes on three platforms (libvirt with a real
// firewalld, OpenStack LoadBalancer, MetalLB), a fifth cluster added, one decommissioned.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/firewall.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

const std::vector<std::string> kFour = {"mesh1", "mesh2", "mesh3", "mesh4"};

bool four_cluster_libvirt(const std::string& mesh) {
  return mesh == "mesh1" || mesh == "mesh2";
}

// The port named `name` of a Service, or null.
json four_cluster_port(const json& svc, const std::string& name) {
  for (const json& p : svc["spec"]["ports"])
    if (p["name"] == name) return p;
  return nullptr;
}

std::string four_cluster_read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void four_cluster_write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// The example's main.fed.hcl without the inventory entry of `mesh`.
std::string four_cluster_without(const std::string& text, const std::string& mesh) {
  size_t from = text.find("    " + mesh + " = {");
  size_t to = text.find("\n    }\n", from);
  if (from == std::string::npos || to == std::string::npos) return text;
  return text.substr(0, from) + text.substr(to + 7);
}

// Every peering of the running federation on the sandboxes: for each ordered pair, mesh a's
// ServiceMeshPeer for b points at b's gateway for a (NodePorts on libvirt, the load balancer's
// address and the Service's ports elsewhere), with b's CA beside it.
void check_four_cluster_peers(const Sandboxes& sb, const std::vector<std::string>& meshes) {
  for (const std::string& a : meshes)
    for (const std::string& b : meshes) {
      if (a == b) continue;
      INFO(a << " -> " << b);
      json peer = sb.get(a, "servicemeshpeer", b, a + "-system");
      REQUIRE(peer.is_object());
      json svc = sb.get(b, "service", a + "-ingress", b + "-system");
      REQUIRE(svc.is_object());
      json remote = peer["spec"]["remote"];
      json tls = four_cluster_port(svc, "tls");
      json discovery = four_cluster_port(svc, "https-discovery");
      if (four_cluster_libvirt(b)) {
        CHECK(svc["spec"]["type"] == "NodePort");
        CHECK(remote["servicePort"] == tls["nodePort"]);
        CHECK(remote["discoveryPort"] == discovery["nodePort"]);
      } else {
        CHECK(svc["spec"]["type"] == "LoadBalancer");
        CHECK(remote["addresses"][0] == svc["status"]["loadBalancer"]["ingress"][0]["ip"]);
        CHECK(remote["servicePort"] == 15443);
        CHECK(remote["discoveryPort"] == 8188);
      }
      json ca = sb.get(a, "configmap", b + "-ca-root-cert", a + "-system");
      json remote_ca = sb.get(b, "configmap", "istio-ca-root-cert", b + "-system");
      REQUIRE(ca.is_object());
      CHECK(ca["data"]["root-cert.pem"] == remote_ca["data"]["root-cert.pem"]);
      // mesh1 exports to every peer; the others import from mesh1.
      CHECK(sb.get(a, "exportedserviceset", b, a + "-system").is_object() == (a == "mesh1"));
      CHECK(sb.get(a, "importedserviceset", b, a + "-system").is_object() == (b == "mesh1"));
    }
}

// The NodePorts (tls and https-discovery) of libvirt mesh `a`'s gateway for `b`.
std::vector<std::string> four_cluster_node_ports(const Sandboxes& sb, const std::string& a,
                                                 const std::string& b) {
  json svc = sb.get(a, "service", b + "-ingress", a + "-system");
  std::vector<std::string> out;
  for (const char* name : {"tls", "https-discovery"}) {
    json p = four_cluster_port(svc, name);
    if (p.is_object()) out.push_back(std::to_string(p["nodePort"].get<int>()));
  }
  return out;
}

bool four_cluster_open(const Firewall& fw, bool permanent, const std::string& port,
                       const std::string& proto) {
  std::string open = " " + fw.ports(permanent) + " ";
  for (char& c : open)
    if (c == '\n') c = ' ';
  return open.find(" " + port + "/" + proto + " ") != std::string::npos;
}

// The non-no-op changes of a saved plan, by action, from `fedplan show -json`.
std::map<std::string, std::vector<std::string>> four_cluster_changes(const std::string& show) {
  std::map<std::string, std::vector<std::string>> out;
  json doc = json::parse(show, nullptr, false);
  if (!doc.is_object()) return out;
  for (const json& rc : doc["resource_changes"]) {
    std::string action;
    for (const json& a : rc["change"]["actions"])
      action += (action.empty() ? "" : ",") + a.get<std::string>();
    if (action == "no-op" || action == "read") continue;
    out[action].push_back(rc["address"]);
  }
  return out;
}

}  // namespace

TEST_CASE(
    "four-cluster-mixed: four clusters on three platforms applied, a fifth plans only its objects, "
    "present = false deletes exactly one cluster's") {
  TempDir tmp;
  Firewall fw(tmp / "fw");
  if (fw.start_code == 77) {
    MESSAGE("the firewalld harness cannot run on this machine: skipped");
    std::exit(77);
  }
  REQUIRE_MESSAGE(fw.start_code == 0, fw.log);
  Sandboxes sb({"mesh1", "mesh2", "mesh3", "mesh4", "mesh5"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("four-cluster-mixed", tmp.path());
  const std::string dir = tmp / "examples/four-cluster-mixed";
  auto env = sb.env();
  env["FEDPLAN_VAR_firewall_cmd"] = fw.cmd();
  auto before5 = sb.dump("mesh5");

  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  // 4 x (2 namespaces, SMCP, SMMR, 4 markers) + 12 x (CA, peer) + 3 exports + 3 imports + the
  // 24 openings of mesh1's and mesh2's gateways (3 peers x 2 ports x tcp, udp each).
  CHECK_MESSAGE(apply.out.find("Apply complete! Resources: 86 added, 0 changed, 0 destroyed.") !=
                    std::string::npos,
                apply.out);
  check_four_cluster_peers(sb, kFour);

  // The libvirt clusters' gateway NodePorts are open on the hypervisor, runtime and permanent.
  for (const std::string a : {"mesh1", "mesh2"})
    for (const std::string& b : kFour) {
      if (a == b) continue;
      for (const std::string& port : four_cluster_node_ports(sb, a, b))
        for (bool permanent : {false, true})
          for (const char* proto : {"tcp", "udp"}) {
            INFO(a << " gateway for " << b << ": " << port << "/" << proto);
            CHECK(four_cluster_open(fw, permanent, port, proto));
          }
    }

  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  // A fifth cluster (a cloud LoadBalancer) plans its control plane, its 8 peerings and the
  // openings of the libvirt gateways for it; the existing control planes only gain its gateways.
  const std::string fifth =
      "extra_clusters={mesh5={kubeconfig=\"" + sb.kubeconfig("mesh5") +
      "\", platform=\"cloud_lb\", imports=[{from=\"mesh1\", namespace=\"bookinfo\", "
      "alias_namespace=\"mesh5-bookinfo\"}]}}";
  Run plan5 = run_fedplan({"plan", "-out", "five.plan", "-var", fifth}, dir, env);
  REQUIRE_MESSAGE(plan5.exit_code == 0, plan5.all());
  Run show5 = run_fedplan({"show", "-json", "five.plan"}, dir, env);
  REQUIRE_MESSAGE(show5.exit_code == 0, show5.all());
  auto changes = four_cluster_changes(show5.out);
  CHECK(changes.size() == 2);  // creates and updates only
  // mesh5: 2 namespaces, SMCP, SMMR, 5 markers; 4 markers on the others; 8 x (CA, peer);
  // mesh1's export to and mesh5's import from mesh1; 8 openings on the hypervisor.
  CHECK(changes["create"].size() == 39);
  for (const std::string& addr : changes["create"]) {
    INFO(addr);
    CHECK((addr.find("[\"mesh5\"]") != std::string::npos ||
           addr.find("mesh5/") != std::string::npos || addr.find("->mesh5") != std::string::npos ||
           addr.find("mesh5->") != std::string::npos));
  }
  std::set<std::string> updated(changes["update"].begin(), changes["update"].end());
  std::set<std::string> expected_updates;
  for (const std::string& m : kFour)
    expected_updates.insert("module.federation.module.control_plane[\"" + m +
                            "\"].kube_object.control_plane");
  CHECK(updated == expected_updates);
  CHECK(sb.dump("mesh5") == before5);  // planning changed nothing

  // mesh1 moved from libvirt to node_port, its firewall settings kept: exactly its 12 openings
  // are to be closed.
  const std::string moved =
      "extra_clusters={mesh1={kubeconfig=\"" + sb.kubeconfig("mesh1") +
      "\", platform=\"node_port\", network={firewall={transport=\"local\", firewall_cmd=\"" +
      fw.cmd() +
      "\"}}, exports=[{namespace=\"mesh1-bookinfo\", name=\"ratings\", "
      "alias_namespace=\"bookinfo\", alias_name=\"ratings\"}, {namespace=\"mesh1-bookinfo\", "
      "name=\"mongodb\", alias_namespace=\"bookinfo\", alias_name=\"mongodb\"}]}}";
  Run move = run_fedplan({"plan", "-detailed-exitcode", "-var", moved}, dir, env);
  CHECK_MESSAGE(move.exit_code == 2, move.all());
  auto move_actions = planned_actions(move.out);
  CHECK(count_actions(move_actions, "module.federation.firewalld_port.gateway[\"mesh1->",
                      "destroyed") == 12);
  CHECK_MESSAGE((plan_counts(move.out) == PlanCounts{0, 0, 12}), move.out);

  // The plan-time check of imports against exports names the mesh, the peer and the namespace.
  const std::string wrong_import =
      "extra_clusters={mesh4={kubeconfig=\"" + sb.kubeconfig("mesh4") +
      "\", platform=\"metallb\", imports=[{from=\"mesh1\", namespace=\"reviews\"}]}}";
  Run bad = run_fedplan({"plan", "-var", wrong_import}, dir, env);
  CHECK(bad.exit_code == 1);
  CHECK_MESSAGE(bad.all().find("Mesh mesh4 imports namespace reviews from mesh1, which does not "
                               "export anything under that namespace") != std::string::npos,
                bad.all());

  // Decommission mesh4: its objects go, and so do the peers, CAs, sets and openings for it on
  // the others; their control planes lose its gateway pair; nothing else changes.
  std::vector<std::string> mesh4_ports;
  for (const std::string a : {"mesh1", "mesh2"})
    for (const std::string& p : four_cluster_node_ports(sb, a, "mesh4")) mesh4_ports.push_back(p);
  REQUIRE(mesh4_ports.size() == 4);
  auto before = [&] {
    std::map<std::string, json> out;
    for (const std::string m : {"mesh1", "mesh2", "mesh3"})
      out[m + "/mesh1-peer"] =
          sb.get(m, "servicemeshpeer", m == "mesh1" ? "mesh2" : "mesh1", m + "-system");
    return out;
  }();
  const std::string off = "extra_clusters={mesh4={kubeconfig=\"" + sb.kubeconfig("mesh4") +
                          "\", platform=\"metallb\", present=false}}";
  Run down = run_fedplan({"apply", "-auto-approve", "-var", off}, dir, env);
  REQUIRE_MESSAGE(down.exit_code == 0, down.all());
  // mesh4: 2 namespaces, SMCP, SMMR, 4 markers; a marker on each other; 6 x (CA, peer); the
  // export to it and its import; 8 openings.
  CHECK_MESSAGE(down.out.find("Apply complete! Resources: 0 added, 3 changed, 33 destroyed.") !=
                    std::string::npos,
                down.out);
  CHECK(sb.get("mesh4", "servicemeshcontrolplane", "fed-mesh4", "mesh4-system").is_null());
  CHECK(sb.get("mesh4", "servicemeshpeer", "mesh1", "mesh4-system").is_null());
  CHECK(sb.get("mesh4", "namespace", "mesh4-system").is_null());
  for (const std::string m : {"mesh1", "mesh2", "mesh3"}) {
    INFO(m);
    CHECK(sb.get(m, "servicemeshpeer", "mesh4", m + "-system").is_null());
    CHECK(sb.get(m, "configmap", "mesh4-ca-root-cert", m + "-system").is_null());
    CHECK(sb.get(m, "exportedserviceset", "mesh4", m + "-system").is_null());
    json smcp = sb.get(m, "servicemeshcontrolplane", "fed-" + m, m + "-system");
    REQUIRE(smcp.is_object());
    CHECK_FALSE(smcp["spec"]["gateways"]["additionalIngress"].contains("mesh4-ingress"));
  }
  for (const auto& [key, peer] : before) {
    std::string m = key.substr(0, key.find('/'));
    json now = sb.get(m, "servicemeshpeer", m == "mesh1" ? "mesh2" : "mesh1", m + "-system");
    CHECK(now["metadata"]["uid"] == peer["metadata"]["uid"]);
    CHECK(now["spec"] == peer["spec"]);
  }
  check_four_cluster_peers(sb, {"mesh1", "mesh2", "mesh3"});
  for (const std::string& port : mesh4_ports)
    for (bool permanent : {false, true}) {
      INFO(port);
      CHECK_FALSE(four_cluster_open(fw, permanent, port, "tcp"));
    }

  // Deleting an entry whose objects the state still holds is refused, naming it and the flag;
  // the decommissioned entry can go.
  const std::string main_file = dir + "/main.fed.hcl";
  const std::string text = four_cluster_read(main_file);
  four_cluster_write(main_file, four_cluster_without(text, "mesh3"));
  Run gone = run_fedplan({"plan", "-var", off}, dir, env);
  CHECK(gone.exit_code == 1);
  CHECK_MESSAGE(gone.all().find("Provider instance not present") != std::string::npos, gone.all());
  CHECK(gone.all().find("provider[module.federation.kube.cluster[\"mesh3\"]] is still needed") !=
        std::string::npos);
  CHECK(gone.all().find("`present = false`, set it on the entry [\"mesh3\"]") != std::string::npos);
  four_cluster_write(main_file, four_cluster_without(text, "mesh4"));
  Run clean = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(clean.exit_code == 0, clean.all());
}
