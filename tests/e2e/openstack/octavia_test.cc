// examples/openstack-two-cluster against a real Octavia (tests/openstack/harness.sh) and two
// sandboxes: octavia mode (fedplan's load balancers in front of the NodePorts), and the
// default mode confirmed through the cloud provider's load balancers.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "base/testing/temp_dir.h"
#include "tests/e2e/openstack/octavia.h"
#include "tests/e2e/support/golden_check.h"
#include "tests/e2e/support/mesh_facts.h"
#include "tests/e2e/support/run.h"
#include "tests/e2e/support/sandboxes.h"
#include "tests/e2e/support/stage_order.h"
#include "tests/e2e/support/upgrade.h"

using namespace fedplan::e2e;
using fedplan::testing::TempDir;
using nlohmann::json;

namespace {

// The federation module's addresses of the two meshes and their peerings.
const std::string kCp1 = "module.federation.module.control_plane[\"mesh1\"].";
const std::string kCp2 = "module.federation.module.control_plane[\"mesh2\"].";
const std::string kPeer12 = "module.federation.module.peering[\"mesh1->mesh2\"].";
const std::string kPeer21 = "module.federation.module.peering[\"mesh2->mesh1\"].";

// The harness of this process (the ctest fixture's, or one of our own), or exit 77 (skipped)
// when the machine cannot run it.
const OpenStackHarness& harness() {
  static TempDir own;
  static OpenStackHarness h(own / "os");
  if (h.cannot_run) {
    MESSAGE("the OpenStack harness cannot run on this machine: skipped (" << h.error << ")");
    std::exit(77);
  }
  REQUIRE_MESSAGE(h.error.empty(), h.error);
  return h;
}

std::string value(const std::map<std::string, std::string>& env, const std::string& key) {
  auto it = env.find(key);
  return it == env.end() ? "" : it->second;
}

// The names of the project's load balancers.
std::set<std::string> lb_names(OctaviaClient& octavia) {
  std::set<std::string> out;
  for (const json& lb : octavia.load_balancers()) out.insert(lb.value("name", ""));
  return out;
}

json find_named(const json& items, const std::string& name) {
  for (const json& i : items)
    if (i.value("name", "") == name) return i;
  return nullptr;
}

// The sandboxes, the example copied next to them, the environment to run it with, an Octavia
// client, and what the clusters and Octavia held before the test changed anything.
struct Setup {
  TempDir tmp;
  Sandboxes sb{{"mesh1", "mesh2"}, tmp / "sb"};
  OctaviaClient octavia;
  std::string dir;
  std::map<std::string, std::string> env;
  std::set<std::string> lbs_before;
  std::map<std::string, json> before1, before2;

  explicit Setup(const OpenStackHarness& h) : octavia(h) {
    copy_example("openstack-two-cluster", tmp.path());
    dir = tmp / "examples/openstack-two-cluster";
    env = sb.env();
    for (const auto& [k, v] : h.os_env()) env[k] = v;
    if (!ok()) return;
    lbs_before = lb_names(octavia);
    before1 = sb.dump("mesh1");
    before2 = sb.dump("mesh2");
  }
  bool ok() const { return octavia.ok() && sb.ok(); }
  std::string problem() const { return octavia.ok() ? sb.error() : octavia.error(); }
};

// `-var` arguments for octavia mode: the harness's VIP network, a VIP per mesh, the nodes.
std::vector<std::string> octavia_vars(const OpenStackHarness& h, const std::string& nodes1,
                                      const std::string& nodes2) {
  return {"-var", "mode=octavia",
          "-var", "vip_subnet_id=" + value(h.env, "VIP_SUBNET_ID"),
          "-var", "vip_network_id=" + value(h.env, "VIP_NETWORK_ID"),
          "-var", "mesh1_openstack={ nodes = " + nodes1 + ", vip_address = \"10.0.0.21\" }",
          "-var", "mesh2_openstack={ nodes = " + nodes2 + ", vip_address = \"10.0.0.22\" }"};
}

// The line of a fedplan output that starts with `prefix`, or "" when there is none.
std::string line_starting(const std::string& out, const std::string& prefix) {
  size_t at = out.find(prefix);
  if (at == std::string::npos) return "";
  return out.substr(at, out.find('\n', at) - at);
}

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

// The load balancer `name` as Octavia holds it: TCP listeners on 15443 and 8188, a SOURCE_IP
// pool behind each with a health monitor, and one member per node on the gateway's NodePort.
void check_octavia_tree(OctaviaClient& octavia, const std::string& name, const std::string& vip,
                        const GatewayFacts& gw) {
  INFO("load balancer " << name);
  json lb = find_named(octavia.load_balancers(), name);
  REQUIRE(lb.is_object());
  CHECK(lb.value("provisioning_status", "") == "ACTIVE");
  CHECK(lb.value("vip_address", "") == vip);
  std::string id = lb.value("id", "");
  json listeners = octavia.get("listeners?loadbalancer_id=" + id)["listeners"];
  json pools = octavia.get("pools?loadbalancer_id=" + id)["pools"];
  REQUIRE(listeners.size() == 2);
  REQUIRE(pools.size() == 2);
  std::map<int, std::string> node_port = {{15443, gw.node_port_tls},
                                          {8188, gw.node_port_discovery}};
  for (const json& l : listeners) {
    int port = l.value("protocol_port", 0);
    INFO("listener " << port);
    REQUIRE(node_port.count(port) == 1);
    CHECK(l.value("protocol", "") == "TCP");
    json pool;
    for (const json& p : pools)
      if (!p["listeners"].empty() && p["listeners"][0].value("id", "") == l.value("id", ""))
        pool = p;
    REQUIRE(pool.is_object());
    CHECK(pool.value("protocol", "") == "TCP");
    CHECK(pool.value("lb_algorithm", "") == "SOURCE_IP");
    CHECK(!pool["healthmonitor_id"].is_null());
    json members = octavia.get("pools/" + pool.value("id", "") + "/members")["members"];
    std::set<std::string> got, want;
    for (const json& m : members)
      got.insert(m.value("address", "") + ":" + std::to_string(m.value("protocol_port", 0)));
    for (const auto& [node, ip] : gw.node_ips) want.insert(ip + ":" + node_port[port]);
    CHECK(got == want);
  }
}

}  // namespace

TEST_CASE(
    "openstack-two-cluster, octavia mode: a load balancer per mesh in front of the NodePorts, "
    "golden objects, no-op replan, destroy leaves no load balancer") {
  const OpenStackHarness& h = harness();
  Setup s(h);
  REQUIRE_MESSAGE(s.ok(), s.problem());
  REQUIRE(s.lbs_before.count("mesh1-federation-mesh2") == 0);
  std::vector<std::string> vars = octavia_vars(h, "[\"mesh1-node-1\"]", "[\"mesh2-node-1\"]");

  // The first plan: the seed's objects with NodePort gateways, and per mesh a load balancer,
  // two listeners, two pools, two monitors and a member per node and port.
  Run plan = run_fedplan(with({"plan", "-detailed-exitcode"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  CHECK(count_actions(actions, kCp1 + "kube_object.", "created") == 4);
  CHECK(count_actions(actions, kCp2 + "kube_object.", "created") == 4);
  CHECK(count_actions(actions, kPeer12 + "kube_object.", "created") == 3);
  CHECK(count_actions(actions, kPeer21 + "kube_object.", "created") == 3);
  for (const char* gw : {"mesh1->mesh2", "mesh2->mesh1"}) {
    std::string m = std::string("module.federation.module.octavia[\"") + gw + "\"].";
    INFO(gw);
    CHECK(count_actions(actions, m + "openstack_lb_loadbalancer.", "created") == 1);
    CHECK(count_actions(actions, m + "openstack_lb_listener.", "created") == 2);
    CHECK(count_actions(actions, m + "openstack_lb_pool.", "created") == 2);
    CHECK(count_actions(actions, m + "openstack_lb_monitor.", "created") == 2);
    CHECK(count_actions(actions, m + "openstack_lb_member.", "created") == 2);
  }
  CHECK(count_actions(actions, "module.bookinfo_mesh1[0].", "created") == 22);
  CHECK(count_actions(actions, "module.bookinfo_mesh2[0].", "created") == 26);
  PlanCounts counts = plan_counts(plan.out);
  CHECK(counts.add == count_actions(actions, "", "created"));
  CHECK(plan.out.find("= \"NodePort\"") != std::string::npos);
  CHECK(plan.out.find("= \"LoadBalancer\"") == std::string::npos);

  Run apply = run_fedplan(with({"apply", "-auto-approve"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  CHECK(apply.out.find("Apply complete! Resources: " + std::to_string(counts.add) +
                       " added, 0 changed, 0 destroyed.") != std::string::npos);
  auto ev = apply_events(apply.out);
  check_stage_order(ev);
  // A mesh's peer follows the other mesh's load balancer; members follow the gateway Service.
  const std::string gw_a = "module.federation.module.octavia[\"mesh1->mesh2\"].";
  const std::string gw_b = "module.federation.module.octavia[\"mesh2->mesh1\"].";
  CHECK(event_index(ev, gw_b + "openstack_lb_loadbalancer.gateway", "Creation complete") <
        event_index(ev, kPeer12 + "kube_object.peer", "Creating..."));
  CHECK(event_index(ev, gw_a + "openstack_lb_loadbalancer.gateway", "Creation complete") <
        event_index(ev, kPeer21 + "kube_object.peer", "Creating..."));
  CHECK(event_index(ev, kCp1 + "kube_object.control_plane", "Creation complete") <
        event_index(ev, gw_a + "openstack_lb_member.*", "Creating..."));

  // Octavia holds what the plan said, and each peer points at the other mesh's VIP.
  GatewayFacts m1 = gateway_facts(s.sb, "mesh1", "mesh2");
  GatewayFacts m2 = gateway_facts(s.sb, "mesh2", "mesh1");
  CHECK(m1.type == "NodePort");
  REQUIRE(!m1.node_port_tls.empty());
  REQUIRE(m1.node_ips.size() == 1);
  check_octavia_tree(s.octavia, "mesh1-federation-mesh2", "10.0.0.21", m1);
  check_octavia_tree(s.octavia, "mesh2-federation-mesh1", "10.0.0.22", m2);
  std::map<std::string, std::string> golden = {
      {"MESH1_CERT", m1.cert},          {"MESH2_CERT", m2.cert},
      {"MESH1_ADDRESS", "10.0.0.21"},   {"MESH2_ADDRESS", "10.0.0.22"},
      {"MESH1_SERVICE_PORT", "15443"},  {"MESH2_SERVICE_PORT", "15443"},
      {"MESH1_DISCOVERY_PORT", "8188"}, {"MESH2_DISCOVERY_PORT", "8188"},
  };
  CHECK(m1.cert != m2.cert);
  check_seed_objects(s.sb, "smcp-bare-metal.yaml", "servicemeshpeer.yaml", golden);

  Run again = run_fedplan(with({"plan", "-detailed-exitcode"}, vars), s.dir, s.env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  // Destroy: both clusters as before, and no load balancer left in Octavia.
  Run destroy = run_fedplan(with({"destroy", "-auto-approve"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  auto dev = apply_events(destroy.out);
  CHECK(event_index(dev, gw_a + "openstack_lb_member.*", "Destruction complete") <
        event_index(dev, gw_a + "openstack_lb_pool.*", "Destroying..."));
  CHECK(event_index(dev, gw_a + "openstack_lb_listener.*", "Destruction complete") <
        event_index(dev, gw_a + "openstack_lb_loadbalancer.gateway", "Destroying..."));
  CHECK(s.sb.dump("mesh1") == s.before1);
  CHECK(s.sb.dump("mesh2") == s.before2);
  CHECK(lb_names(s.octavia) == s.lbs_before);
}

TEST_CASE(
    "openstack-two-cluster, confirm_load_balancer: each peer gets the address of the cloud "
    "provider's load balancer, read from Octavia") {
  const OpenStackHarness& h = harness();
  Setup s(h);
  REQUIRE_MESSAGE(s.ok(), s.problem());

  // What cloud-provider-openstack would have made for the two ingress gateway Services.
  std::map<std::string, std::string> made;  // name => id
  for (const auto& [name, vip] : std::map<std::string, std::string>{
           {"kube_service_kubernetes_mesh1-system_mesh2-ingress", "10.0.0.11"},
           {"kube_service_kubernetes_mesh2-system_mesh1-ingress", "10.0.0.12"}}) {
    json lb = s.octavia.post("loadbalancers", {{"loadbalancer",
                                                {{"name", name},
                                                 {"vip_network_id", value(h.env, "VIP_NETWORK_ID")},
                                                 {"vip_subnet_id", value(h.env, "VIP_SUBNET_ID")},
                                                 {"vip_address", vip}}}});
    REQUIRE_MESSAGE(lb.is_object(), s.octavia.error());
    made[name] = lb["loadbalancer"].value("id", "");
  }
  std::vector<std::string> vars = {"-var", "confirm_load_balancer=true"};

  Run plan = run_fedplan(with({"plan", "-detailed-exitcode"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  auto actions = planned_actions(plan.out);
  CHECK(count_actions(actions, "module.federation.module.service_load_balancer[",
                      "read during apply") == 2);
  CHECK(count_actions(actions, "module.federation.module.octavia[", "created") == 0);

  Run apply = run_fedplan(with({"apply", "-auto-approve"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  check_stage_order(apply_events(apply.out));

  // The Services' own status says 192.0.2.x; the peers hold the load balancers' VIPs.
  GatewayFacts m1 = gateway_facts(s.sb, "mesh1", "mesh2");
  GatewayFacts m2 = gateway_facts(s.sb, "mesh2", "mesh1");
  CHECK(m1.lb_address.rfind("192.0.2.", 0) == 0);
  std::map<std::string, std::string> golden = {
      {"MESH1_CERT", m1.cert},          {"MESH2_CERT", m2.cert},
      {"MESH1_ADDRESS", "10.0.0.11"},   {"MESH2_ADDRESS", "10.0.0.12"},
      {"MESH1_SERVICE_PORT", "15443"},  {"MESH2_SERVICE_PORT", "15443"},
      {"MESH1_DISCOVERY_PORT", "8188"}, {"MESH2_DISCOVERY_PORT", "8188"},
  };
  check_seed_objects(s.sb, "smcp.yaml", "servicemeshpeer.yaml", golden);

  Run again = run_fedplan(with({"plan", "-detailed-exitcode"}, vars), s.dir, s.env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  // Destroy leaves the clusters as before and the cloud provider's load balancers alone.
  Run destroy = run_fedplan(with({"destroy", "-auto-approve"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(s.sb.dump("mesh1") == s.before1);
  CHECK(s.sb.dump("mesh2") == s.before2);
  for (const auto& [name, id] : made) {
    INFO(name);
    CHECK(s.octavia.get("loadbalancers/" + id).is_object());
    CHECK(s.octavia.wait_active(id));
    CHECK(s.octavia.del("loadbalancers/" + id + "?cascade=true") == 204);
    CHECK(s.octavia.wait_gone(id));
  }
}

TEST_CASE(
    "openstack-two-cluster: switching to octavia mode and back moves the peers and leaves no "
    "load balancer") {
  const OpenStackHarness& h = harness();
  Setup s(h);
  REQUIRE_MESSAGE(s.ok(), s.problem());
  auto peer_address = [&](const std::string& mesh, const std::string& peer) {
    nlohmann::json p = s.sb.get(mesh, "servicemeshpeer", peer, mesh + "-system");
    return p.is_object() ? p["spec"]["remote"]["addresses"][0].get<std::string>() : "";
  };

  Run a = run_fedplan({"apply", "-auto-approve"}, s.dir, s.env);
  REQUIRE_MESSAGE(a.exit_code == 0, a.all());
  std::string lb1 = gateway_facts(s.sb, "mesh1", "mesh2").lb_address;
  std::string lb2 = gateway_facts(s.sb, "mesh2", "mesh1").lb_address;
  CHECK(peer_address("mesh2", "mesh1") == lb1);
  CHECK(peer_address("mesh1", "mesh2") == lb2);

  // To octavia: one apply makes the 9 Octavia objects per mesh, replaces the per-gateway
  // markers (the Services change type, so they are read again) and moves both peers to the VIPs.
  std::vector<std::string> vars = octavia_vars(h, "[\"mesh1-node-1\"]", "[\"mesh2-node-1\"]");
  Run b = run_fedplan(with({"apply", "-auto-approve"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(b.exit_code == 0, b.all());
  CHECK(line_starting(b.out, "Apply complete!") ==
        "Apply complete! Resources: 20 added, 4 changed, 2 destroyed.");
  CHECK(gateway_facts(s.sb, "mesh1", "mesh2").type == "NodePort");
  CHECK(peer_address("mesh2", "mesh1") == "10.0.0.21");
  CHECK(peer_address("mesh1", "mesh2") == "10.0.0.22");
  Run b_again = run_fedplan(with({"plan", "-detailed-exitcode"}, vars), s.dir, s.env);
  CHECK_MESSAGE(b_again.exit_code == 0, b_again.all());

  // And back, in one apply too: the load balancers are deleted and the peers return to the
  // Services' load-balancer addresses.
  Run back = run_fedplan({"apply", "-auto-approve"}, s.dir, s.env);
  REQUIRE_MESSAGE(back.exit_code == 0, back.all());
  CHECK(line_starting(back.out, "Apply complete!") ==
        "Apply complete! Resources: 2 added, 4 changed, 20 destroyed.");
  CHECK(lb_names(s.octavia) == s.lbs_before);
  Run settled = run_fedplan({"plan", "-detailed-exitcode"}, s.dir, s.env);
  CHECK_MESSAGE(settled.exit_code == 0, settled.all());
  CHECK(gateway_facts(s.sb, "mesh1", "mesh2").type == "LoadBalancer");
  CHECK(peer_address("mesh2", "mesh1") == gateway_facts(s.sb, "mesh1", "mesh2").lb_address);
  CHECK(peer_address("mesh1", "mesh2") == gateway_facts(s.sb, "mesh2", "mesh1").lb_address);

  Run destroy = run_fedplan({"destroy", "-auto-approve"}, s.dir, s.env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(s.sb.dump("mesh1") == s.before1);
  CHECK(s.sb.dump("mesh2") == s.before2);
}

TEST_CASE(
    "openstack-two-cluster, octavia mode: a missing VIP network, missing nodes or an unknown "
    "node is a plan-time error naming the mesh, and nothing is made") {
  const OpenStackHarness& h = harness();
  Setup s(h);
  REQUIRE_MESSAGE(s.ok(), s.problem());

  Run bare = run_fedplan({"plan", "-var", "mode=octavia"}, s.dir, s.env);
  CHECK(bare.exit_code == 1);
  // The federation module's inventory check, before any cluster is contacted: both meshes.
  CHECK_MESSAGE(bare.err.find("clusters.mesh1.network.openstack; clusters.mesh2.network.openstack: "
                              "platform \"openstack_octavia\" needs vip_subnet_id (or "
                              "vip_network_id) and nodes") != std::string::npos,
                bare.all());

  Run unknown = run_fedplan(
      with({"plan"}, octavia_vars(h, "[\"mesh1-node-1\", \"worker-9\"]", "[\"mesh2-node-1\"]")),
      s.dir, s.env);
  CHECK(unknown.exit_code == 1);
  CHECK_MESSAGE(
      unknown.err.find("Mesh mesh1: node worker-9 is not in the cluster or has no "
                       "InternalIP. Nodes in the cluster: mesh1-node-1.") != std::string::npos,
      unknown.all());
  CHECK(unknown.err.find("mesh2-node-1 is not") == std::string::npos);

  CHECK(lb_names(s.octavia) == s.lbs_before);
  CHECK(s.sb.dump("mesh1") == s.before1);
}

TEST_CASE(
    "openstack-two-cluster, octavia mode: a federation applied by the earlier version moves, "
    "and its load balancers are renamed in place") {
  const OpenStackHarness& h = harness();
  Setup s(h);
  REQUIRE_MESSAGE(s.ok(), s.problem());
  std::vector<std::string> vars = octavia_vars(h, "[\"mesh1-node-1\"]", "[\"mesh2-node-1\"]");
  Run old = apply_earlier_version(
      s.dir, "tests/e2e/openstack/fixtures/openstack-two-cluster-v1.fed.hcl", vars, s.env);
  REQUIRE_MESSAGE(old.exit_code == 0, old.all());
  json lb_before = find_named(s.octavia.load_balancers(), "mesh1-federation");
  REQUIRE(lb_before.is_object());

  // Moves, and the names of what fedplan made in Octavia updated: nothing made again.
  Run plan =
      run_fedplan(with({"plan", "-detailed-exitcode", "-out=moves.plan"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(plan.exit_code == 2, plan.all());
  for (const std::string& c : changes_beside_moves(plan.out)) {
    INFO(c);
    CHECK(c.rfind("module.federation.module.octavia[", 0) == 0);
    CHECK(c.ends_with(" updated in-place"));
  }
  PlanCounts counts = plan_counts(plan.out);
  CHECK(counts.add == 0);
  CHECK(counts.destroy == 0);
  CHECK(counts.change > 0);
  // Renamed, so shown as an update "(moved from ...)" rather than as a bare move.
  CHECK_MESSAGE(
      plan.out.find("(moved from "
                    "module.federation.module.gateway_a[0].openstack_lb_loadbalancer.gateway)") !=
          std::string::npos,
      plan.out);

  // The same load balancer (id, VIP) under its new name; the peers unchanged.
  std::string peers_before = run_fedplan({"output", "peers"}, s.dir, s.env).out;
  Run apply = run_fedplan({"apply", "moves.plan"}, s.dir, s.env);
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.all());
  json lb_after = find_named(s.octavia.load_balancers(), "mesh1-federation-mesh2");
  REQUIRE(lb_after.is_object());
  CHECK(lb_after.value("id", "") == lb_before.value("id", ""));
  CHECK(lb_after.value("vip_address", "") == "10.0.0.21");
  CHECK(run_fedplan({"output", "peers"}, s.dir, s.env).out == peers_before);
  Run again = run_fedplan(with({"plan", "-detailed-exitcode"}, vars), s.dir, s.env);
  CHECK_MESSAGE(again.exit_code == 0, again.all());

  Run destroy = run_fedplan(with({"destroy", "-auto-approve"}, vars), s.dir, s.env);
  REQUIRE_MESSAGE(destroy.exit_code == 0, destroy.all());
  CHECK(lb_names(s.octavia) == s.lbs_before);
}
