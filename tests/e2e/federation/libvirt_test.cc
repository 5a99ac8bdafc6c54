// examples/libvirt-two-cluster end to end: two sandboxes and a real firewalld (the harness,
// in a network namespace) play the seed's two libvirt clusters and hypervisor.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "base/testing/temp_dir.h"
#include "tests/e2e/support/golden.h"
#include "tests/e2e/support/golden_check.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// A firewalld of our own (tests/firewalld/harness.sh), stopped when the test ends.
struct Firewall {
  std::string dir;
  int start_code = -1;
  std::string log;

  explicit Firewall(std::string d) : dir(std::move(d)) {
    Run r = run_program({source_dir() + "/tests/firewalld/harness.sh", "start", dir}, {},
                        std::chrono::seconds(300));
    start_code = r.exit_code;
    log = r.all();
  }
  ~Firewall() {
    if (start_code == 0)
      run_program({source_dir() + "/tests/firewalld/harness.sh", "stop", dir}, {},
                  std::chrono::seconds(120));
  }
  std::string cmd() const { return dir + "/firewall-cmd"; }
  // Everything the firewall holds, runtime and permanent.
  std::string state() const {
    return run_program({cmd(), "--list-all-zones"}).out + "\n--permanent--\n" +
           run_program({cmd(), "--permanent", "--list-all-zones"}).out;
  }
  std::string ports(bool permanent) const {
    std::vector<std::string> argv = {cmd(), "--zone=libvirt", "--list-ports"};
    if (permanent) argv.insert(argv.begin() + 1, "--permanent");
    return run_program(argv).out;
  }
};

// Values read from a cluster, to fill in the config-poc placeholders of the other one.
struct MeshFacts {
  std::string cert;
  std::string address;
  std::string service_port;
  std::string discovery_port;
};

std::string node_port(const json& svc, const std::string& port_name) {
  for (const json& p : svc["spec"]["ports"])
    if (p.value("name", "") == port_name) return std::to_string(p.value("nodePort", 0));
  return "";
}

MeshFacts facts(const Sandboxes& sb, const std::string& mesh, const std::string& peer) {
  MeshFacts f;
  json ca = sb.get(mesh, "configmap", "istio-ca-root-cert", mesh + "-system");
  if (ca.is_object()) f.cert = ca["data"].value("root-cert.pem", "");
  json svc = sb.get(mesh, "service", peer + "-ingress", mesh + "-system");
  if (svc.is_object()) {
    f.service_port = node_port(svc, "tls");
    f.discovery_port = node_port(svc, "https-discovery");
  }
  json nodes = sb.list(mesh, "nodes");
  if (!nodes.empty())
    for (const json& a : nodes[0]["status"]["addresses"])
      if (a.value("type", "") == "InternalIP") f.address = a.value("address", "");
  return f;
}

}  // namespace

TEST_CASE(
    "libvirt-two-cluster: plan, apply, golden objects, no-op replan, export change, destroy") {
  TempDir tmp;
  Firewall fw(tmp / "fw");
  if (fw.start_code == 77) {
    MESSAGE("firewalld harness cannot run on this machine: skipped");
    std::exit(77);
  }
  REQUIRE_MESSAGE(fw.start_code == 0, fw.log);
  Sandboxes sb({"mesh1", "mesh2"}, tmp / "sb");
  REQUIRE_MESSAGE(sb.ok(), sb.error());
  copy_example("libvirt-two-cluster", tmp.path());
  std::string dir = tmp / "examples/libvirt-two-cluster";
  std::map<std::string, std::string> env = sb.env();
  env["FEDPLAN_VAR_firewall_cmd"] = fw.cmd();

  auto before1 = sb.dump("mesh1");
  auto before2 = sb.dump("mesh2");
  std::string fw_before = fw.state();

  // The first plan: every stage of the seed, nothing else.
  Run plan = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  auto count = [&](const std::string& prefix, const std::string& action) {
    int n = 0;
    for (const auto& [addr, what] : actions)
      if (addr.rfind(prefix, 0) == 0 && what == action) ++n;
    return n;
  };
  const std::string pair = "module.federation.module.pair.";
  CHECK(count(pair + "module.a.kube_object.", "created") == 4);  // 2 namespaces, SMCP, SMMR
  CHECK(count(pair + "module.b.kube_object.", "created") == 4);
  CHECK(count(pair + "module.a.null_resource.", "created") == 2);  // read markers
  CHECK(count(pair + "module.b.null_resource.", "created") == 2);
  CHECK(count(pair + "module.a_peers_b.kube_object.", "created") == 3);  // CA, peer, exports
  CHECK(count(pair + "module.b_peers_a.kube_object.", "created") == 3);  // CA, peer, imports
  CHECK(count("module.federation.firewalld_port.gateway[", "created") == 8);
  CHECK(count("module.bookinfo_mesh1[0].", "created") == 22);
  CHECK(count("module.bookinfo_mesh2[0].", "created") == 26);
  CHECK(plan_counts(plan.out) == PlanCounts{74, 0, 0});

  // Apply, in the seed's order.
  Run apply = run_fedplan({"apply", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.out.find("Apply complete! Resources: 74 added, 0 changed, 0 destroyed.") !=
        std::string::npos);
  auto ev = apply_events(apply.out);
  for (const char* side : {"a", "b"}) {
    std::string cp = pair + "module." + side + ".kube_object.control_plane";
    std::string peering =
        pair + "module." + std::string(side) + "_peers_" + (side[0] == 'a' ? "b" : "a");
    int cp_a = event_index(ev, pair + "module.a.kube_object.control_plane", "Creation complete");
    int cp_b = event_index(ev, pair + "module.b.kube_object.control_plane", "Creation complete");
    int ca = event_index(ev, peering + ".kube_object.ca_root_cert", "Creation complete");
    int peer = event_index(ev, peering + ".kube_object.peer", "Creating...");
    INFO(peering);
    REQUIRE(cp_a >= 0);
    REQUIRE(cp_b >= 0);
    REQUIRE(ca >= 0);
    REQUIRE(peer >= 0);
    CHECK(cp_a < peer);  // control planes before peers
    CHECK(cp_b < peer);
    CHECK(ca < peer);  // peers after the CA ConfigMaps exist
    CHECK(event_index(ev, cp, "Creation complete") <
          event_index(ev, "module.federation.firewalld_port.*", "Creating..."));
  }
  int last_federation = -1;
  for (size_t i = 0; i < ev.size(); ++i)
    if (ev[i].first.rfind("module.federation.", 0) == 0 && ev[i].second == "Creation complete")
      last_federation = static_cast<int>(i);
  CHECK(last_federation < event_index(ev, "module.bookinfo_mesh*", "Creating..."));

  // Every object equals its config-poc counterpart, with the values read from the clusters.
  MeshFacts m1 = facts(sb, "mesh1", "mesh2");
  MeshFacts m2 = facts(sb, "mesh2", "mesh1");
  REQUIRE(!m1.cert.empty());
  REQUIRE(!m2.cert.empty());
  CHECK(m1.cert != m2.cert);
  std::map<std::string, std::string> vars = {
      {"MESH1_CERT", m1.cert},
      {"MESH2_CERT", m2.cert},
      {"MESH1_ADDRESS", m1.address},
      {"MESH2_ADDRESS", m2.address},
      {"MESH1_SERVICE_PORT", m1.service_port},
      {"MESH2_SERVICE_PORT", m2.service_port},
      {"MESH1_DISCOVERY_PORT", m1.discovery_port},
      {"MESH2_DISCOVERY_PORT", m2.discovery_port},
  };
  for (const char* f : {"export/smcp-bare-metal.yaml", "export/smmr.yaml", "export/configmap.yaml",
                        "export/servicemeshpeer.yaml", "export/exportedserviceset.yaml"})
    check_golden(sb, "mesh1", f, vars);
  for (const char* f : {"import/smcp-bare-metal.yaml", "import/smmr.yaml", "import/configmap.yaml",
                        "import/servicemeshpeer-bare-metal.yaml", "import/importedserviceset.yaml",
                        "import/mongodb-service.yaml"})
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

  // The four NodePorts are open in the libvirt zone, at runtime and permanently, tcp and udp.
  for (bool permanent : {false, true}) {
    std::string open = fw.ports(permanent);
    for (const std::string& p :
         {m1.service_port, m1.discovery_port, m2.service_port, m2.discovery_port}) {
      CHECK_MESSAGE(open.find(p + "/tcp") != std::string::npos, open);
      CHECK_MESSAGE(open.find(p + "/udp") != std::string::npos, open);
    }
  }

  // The peers connect (the sandbox's operator play checks the local side is complete).
  json peer1 = sb.get("mesh1", "servicemeshpeer", "mesh2", "mesh1-system");
  CHECK(peer1["status"]["discoveryStatus"].contains("active"));

  // A second plan has no changes, and reports no drift.
  Run again = run_fedplan({"plan", "-detailed-exitcode"}, dir, env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  CHECK(again.out.find("changed outside") == std::string::npos);

  // Exporting one more service changes only the ExportedServiceSet.
  {
    std::ofstream vars_file(dir + "/more.fedvars.hcl");
    vars_file << "exports = [\n"
                 "  { namespace = \"mesh1-bookinfo\", name = \"ratings\", alias_namespace = "
                 "\"bookinfo\", alias_name = \"ratings\" },\n"
                 "  { namespace = \"mesh1-bookinfo\", name = \"mongodb\", alias_namespace = "
                 "\"bookinfo\", alias_name = \"mongodb\" },\n"
                 "  { namespace = \"mesh1-bookinfo\", name = \"reviews\", alias_namespace = "
                 "\"bookinfo\", alias_name = \"reviews\" },\n"
                 "]\n";
  }
  Run more = run_fedplan({"plan", "-detailed-exitcode", "-var-file", "more.fedvars.hcl"}, dir, env);
  CHECK_MESSAGE(more.exit_code == 2, more.all());
  CHECK(plan_counts(more.out) == PlanCounts{0, 1, 0});
  auto changed = planned_actions(more.out);
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].first == pair + "module.a_peers_b.kube_object.exports[0]");

  // Destroy leaves both clusters and the firewall exactly as they were.
  Run destroy = run_fedplan({"destroy", "-auto-approve"}, dir, env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(sb.dump("mesh1") == before1);
  CHECK(sb.dump("mesh2") == before2);
  CHECK(fw.state() == fw_before);
}
