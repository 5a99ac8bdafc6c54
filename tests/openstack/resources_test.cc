// The Octavia resources against the harness's real Octavia API: the gateway load balancer of
// mode (b) created in order, a no-op plan, update versus replace, drift, 409 while pending,
// ERROR, parallel steps, import, destroy in reverse order.
#include <doctest/doctest.h>

#include <thread>

#include "tests/openstack/harness_util.h"

namespace fedplan::openstack_lb::testing {
namespace {

using nlohmann::json;

#define NEED_HARNESS(h)         \
  const Harness& h = harness(); \
  if (!h.skip.empty()) {        \
    MESSAGE(h.skip);            \
    return;                     \
  }

HarnessProvider ready_provider(const Harness& h) {
  HarnessProvider p = harness_provider(password_settings(h));
  REQUIRE_MESSAGE(!p.configure_diags.has_errors(), text(p.configure_diags));
  return p;
}

Value lb_config(const Harness& h, const std::string& name, const std::string& vip = "") {
  ValueMap m = {{"name", S(name)},
                {"description", S("federation ingress")},
                {"vip_subnet_id", S(h["VIP_SUBNET_ID"])},
                {"vip_network_id", S(h["VIP_NETWORK_ID"])}};
  if (!vip.empty()) m["vip_address"] = S(vip);
  return Value::object(m);
}

Value listener_config(const Value& lb, double port, const std::string& name) {
  return Value::object({{"loadbalancer_id", at(lb, "id")},
                        {"protocol", S("TCP")},
                        {"protocol_port", N(port)},
                        {"name", S(name)}});
}

Value pool_config(const Value& listener, const std::string& name) {
  return Value::object({{"listener_id", at(listener, "id")},
                        {"protocol", S("TCP")},
                        {"lb_algorithm", S("SOURCE_IP")},
                        {"name", S(name)}});
}

Value member_config(const Harness& h, const Value& pool, const std::string& address, double port) {
  return Value::object({{"pool_id", at(pool, "id")},
                        {"address", S(address)},
                        {"protocol_port", N(port)},
                        {"subnet_id", S(h["VIP_SUBNET_ID"])}});
}

Value monitor_config(const Value& pool) {
  return Value::object({{"pool_id", at(pool, "id")},
                        {"type", S("TCP")},
                        {"delay", N(5)},
                        {"timeout", N(3)},
                        {"max_retries", N(3)}});
}

// plan_change(prior = what read() returns now, config) must be a no-op.
void expect_no_op(Provider& p, const std::string& type, const Value& state, const Value& config) {
  ReadResult live = p.read(type, state);
  REQUIRE_MESSAGE(!live.diags.has_errors(), text(live.diags));
  REQUIRE(live.state.is_mapping());
  PlanResult plan = p.plan_change({type, live.state, config});
  CHECK_MESSAGE(plan.planned == live.state, type << ": planned " << debug_string(plan.planned)
                                                 << "\n  prior " << debug_string(live.state));
  CHECK(plan.requires_replace.empty());
}

bool replaces(const PlanResult& r, const std::string& attr) {
  for (const ValuePath& path : r.requires_replace)
    if (path.size() == 1 && path[0].key == attr) return true;
  return false;
}

// A node of the cluster: the members of each pool point at its NodePorts.
struct Node {
  std::string address;
};

TEST_CASE(
    "the gateway load balancer is created in order, plans no change, and is destroyed "
    "in reverse order") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Provider& prov = *p.provider;
  std::string name = unique_name("federation-gw");
  Value lb_cfg = lb_config(h, name, "10.0.0.10");
  Value lb = create(prov, "openstack_lb_loadbalancer", lb_cfg);
  CHECK(str(lb, "provisioning_status") == "ACTIVE");
  CHECK(str(lb, "vip_address") == "10.0.0.10");
  CHECK_FALSE(str(lb, "vip_port_id").empty());
  CHECK(str(lb, "provider") == "noop_driver");

  // One listener per federation port, a pool per listener, one member per node, a monitor.
  // A federation port and the NodePort its gateway Service has on every node.
  struct Port {
    const char* name;
    double port;
    double node_port;
  };
  const Port ports[] = {{"service", 15443, 31443}, {"discovery", 8188, 30188}};
  const Node nodes[] = {{"10.0.1.11"}, {"10.0.1.12"}};
  // What was created, in order, to check and destroy later.
  struct Created {
    std::string type;
    Value config;
    Value state;
  };
  std::vector<Created> created = {{"openstack_lb_loadbalancer", lb_cfg, lb}};
  for (const Port& port : ports) {
    Value l_cfg = listener_config(lb, port.port, name + "-" + port.name);
    Value listener = create(prov, "openstack_lb_listener", l_cfg);
    CHECK(at(listener, "protocol_port") == N(port.port));
    CHECK(str(listener, "loadbalancer_id") == str(lb, "id"));
    created.push_back({"openstack_lb_listener", l_cfg, listener});
    Value p_cfg = pool_config(listener, name + "-" + port.name);
    Value pool = create(prov, "openstack_lb_pool", p_cfg);
    CHECK(str(pool, "loadbalancer_id") == str(lb, "id"));
    CHECK(str(pool, "lb_algorithm") == "SOURCE_IP");
    created.push_back({"openstack_lb_pool", p_cfg, pool});
    for (const Node& node : nodes) {
      Value m_cfg = member_config(h, pool, node.address, port.node_port);
      Value member = create(prov, "openstack_lb_member", m_cfg);
      CHECK(str(member, "loadbalancer_id") == str(lb, "id"));
      CHECK(at(member, "operating_status").is_null());  // health is not state: no drift
      created.push_back({"openstack_lb_member", m_cfg, member});
    }
    Value mon_cfg = monitor_config(pool);
    Value monitor = create(prov, "openstack_lb_monitor", mon_cfg);
    CHECK(str(monitor, "pool_id") == str(pool, "id"));
    created.push_back({"openstack_lb_monitor", mon_cfg, monitor});
  }

  // Octavia's status tree holds what fedplan created: 2 listeners, each a pool of 2 members.
  RawCloud raw(h);
  json tree = json::parse(raw.send("GET", "/loadbalancers/" + str(lb, "id") + "/status").body);
  json listeners = tree["statuses"]["loadbalancer"]["listeners"];
  REQUIRE(listeners.size() == 2);
  for (const json& l : listeners) {
    REQUIRE(l["pools"].size() == 1);
    CHECK(l["pools"][0]["members"].size() == 2);
    CHECK(l["pools"][0]["health_monitor"]["provisioning_status"] == "ACTIVE");
  }

  // Refresh and plan again: nothing to do for any of them.
  for (const Created& c : created) expect_no_op(prov, c.type, c.state, c.config);

  // A bulk refresh lists each collection once (the members: once per pool) and finds what
  // one GET per object finds.
  std::vector<Value> members;
  for (const Created& c : created)
    if (c.type == "openstack_lb_member") members.push_back(c.state);
  REQUIRE(members.size() == 4);
  int lists = p.recorder->count("GET", "/members");
  std::vector<ReadResult> bulk = prov.read_many("openstack_lb_member", members);
  CHECK(p.recorder->count("GET", "/members") - lists == 2);
  REQUIRE(bulk.size() == members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    CHECK_FALSE(bulk[i].diags.has_errors());
    CHECK(bulk[i].state == prov.read("openstack_lb_member", members[i]).state);
  }

  // Import gives back the same state a refresh does.
  const Created& member = created[3];
  REQUIRE(member.type == "openstack_lb_member");
  ReadResult imported = prov.import("openstack_lb_member",
                                    str(member.state, "pool_id") + "/" + str(member.state, "id"));
  REQUIRE_MESSAGE(!imported.diags.has_errors(), text(imported.diags));
  CHECK(imported.state == prov.read("openstack_lb_member", member.state).state);
  ReadResult lb_import = prov.import("openstack_lb_loadbalancer", str(lb, "id"));
  CHECK(str(lb_import.state, "vip_address") == "10.0.0.10");

  // Destroy in reverse dependency order; each object is gone after its step.
  for (auto it = created.rbegin(); it != created.rend(); ++it) {
    destroy(prov, it->type, it->state);
    ReadResult gone = prov.read(it->type, it->state);
    CHECK_MESSAGE(gone.state.is_null(), it->type);
    CHECK_FALSE(gone.diags.has_errors());
  }
  CHECK(raw.send("GET", "/loadbalancers/" + str(lb, "id")).status == 404);
}

TEST_CASE(
    "a member's port change is a replacement (Octavia allows no other way) and its weight "
    "changes in place") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Provider& prov = *p.provider;
  std::string name = unique_name("member-change");
  Value lb = create(prov, "openstack_lb_loadbalancer", lb_config(h, name));
  Value listener = create(prov, "openstack_lb_listener", listener_config(lb, 15443, name));
  Value pool = create(prov, "openstack_lb_pool", pool_config(listener, name));
  Value m_cfg = member_config(h, pool, "10.0.1.21", 31443);
  Value member = create(prov, "openstack_lb_member", m_cfg);

  // What Octavia says to an in-place port change: its MemberPUT has no protocol_port.
  RawCloud raw(h);
  json port_change = {{"member", {{"protocol_port", 31444}}}};
  HttpResponse refused =
      raw.send("PUT", "/pools/" + str(pool, "id") + "/members/" + str(member, "id"), &port_change);
  CHECK(refused.status == 400);
  CHECK(refused.body.find("Unknown attribute") != std::string::npos);

  ValueMap changed = m_cfg.attributes();
  changed["protocol_port"] = N(31444);
  Value new_cfg = Value::object(changed);
  PlanResult plan = prov.plan_change({"openstack_lb_member", member, new_cfg});
  CHECK(replaces(plan, "protocol_port"));
  // An update in place is refused before anything is sent.
  int writes = p.recorder->count("PUT", "/members/");
  ApplyResult wrong = prov.apply({"openstack_lb_member", member, plan.planned, new_cfg});
  CHECK(text(wrong.diags).find("Cannot update openstack_lb_member.protocol_port in place") !=
        std::string::npos);
  CHECK(p.recorder->count("PUT", "/members/") == writes);
  // The replacement: delete, then create.
  destroy(prov, "openstack_lb_member", member);
  Value replaced = create(prov, "openstack_lb_member", new_cfg);
  CHECK(str(replaced, "id") != str(member, "id"));
  CHECK(at(replaced, "protocol_port") == N(31444));

  // Weight (and name) are in MemberPUT: same member, new values.
  changed["weight"] = N(5);
  changed["name"] = S("node-a");
  Value weighted = update(prov, "openstack_lb_member", replaced, Value::object(changed));
  CHECK(str(weighted, "id") == str(replaced, "id"));
  CHECK(at(weighted, "weight") == N(5));
  CHECK(str(weighted, "provisioning_status") == "ACTIVE");
  expect_no_op(prov, "openstack_lb_member", weighted, Value::object(changed));

  // The pool's algorithm changes in place too.
  ValueMap pool_cfg = pool_config(listener, name).attributes();
  pool_cfg["lb_algorithm"] = S("ROUND_ROBIN");
  Value pool2 = update(prov, "openstack_lb_pool", pool, Value::object(pool_cfg));
  CHECK(str(pool2, "id") == str(pool, "id"));
  CHECK(str(pool2, "lb_algorithm") == "ROUND_ROBIN");

  // Destroying the load balancer cascades to everything under it.
  destroy(prov, "openstack_lb_loadbalancer", lb);
  CHECK(prov.read("openstack_lb_member", weighted).state.is_null());
  CHECK(prov.read("openstack_lb_listener", listener).state.is_null());
}

TEST_CASE("a listener's port change replaces the listener") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Provider& prov = *p.provider;
  std::string name = unique_name("listener-port");
  Value lb = create(prov, "openstack_lb_loadbalancer", lb_config(h, name));
  Value l_cfg = listener_config(lb, 15443, name);
  Value listener = create(prov, "openstack_lb_listener", l_cfg);
  Value pool = create(prov, "openstack_lb_pool", pool_config(listener, name));
  ValueMap changed = l_cfg.attributes();
  changed["protocol_port"] = N(15444);
  PlanResult plan = prov.plan_change({"openstack_lb_listener", listener, Value::object(changed)});
  CHECK(replaces(plan, "protocol_port"));
  CHECK_FALSE(at(plan.planned, "id").known());
  // Its pool hangs on the listener id, which is unknown until the new listener exists: the
  // pool is replaced with it.
  ValueMap pool_cfg = pool_config(listener, name).attributes();
  pool_cfg["listener_id"] = Value::unknown(ValueKind::String);
  CHECK(replaces(prov.plan_change({"openstack_lb_pool", pool, Value::object(pool_cfg)}),
                 "listener_id"));

  destroy(prov, "openstack_lb_pool", pool);
  destroy(prov, "openstack_lb_listener", listener);
  Value replaced = create(prov, "openstack_lb_listener", Value::object(changed));
  CHECK(at(replaced, "protocol_port") == N(15444));
  CHECK(prov.read("openstack_lb_listener", listener).state.is_null());
  Value pool2 = create(prov, "openstack_lb_pool", pool_config(replaced, name));
  CHECK(str(pool2, "listener_id") == str(replaced, "id"));
  destroy(prov, "openstack_lb_loadbalancer", lb);
}

TEST_CASE("a load balancer deleted behind fedplan's back reads as gone, with its children") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Provider& prov = *p.provider;
  std::string name = unique_name("drift");
  Value lb_cfg = lb_config(h, name);
  Value lb = create(prov, "openstack_lb_loadbalancer", lb_cfg);
  Value listener = create(prov, "openstack_lb_listener", listener_config(lb, 8188, name));
  Value listener2 = create(prov, "openstack_lb_listener", listener_config(lb, 15443, name));
  std::vector<ReadResult> before = prov.read_many("openstack_lb_listener", {listener, listener2});
  CHECK(before.at(0).state == listener);
  CHECK(before.at(1).state == listener2);
  RawCloud raw(h);
  REQUIRE(raw.send("DELETE", "/loadbalancers/" + str(lb, "id") + "?cascade=true").status == 204);
  raw.wait_lb(str(lb, "id"), "gone");
  ReadResult r = prov.read("openstack_lb_loadbalancer", lb);
  CHECK_FALSE(r.diags.has_errors());
  CHECK(r.state.is_null());
  CHECK(prov.read("openstack_lb_listener", listener).state.is_null());
  std::vector<ReadResult> after = prov.read_many("openstack_lb_listener", {listener, listener2});
  CHECK(after.at(0).state.is_null());
  CHECK(after.at(1).state.is_null());
  CHECK_FALSE(after.at(1).diags.has_errors());
  // The next plan creates it again.
  PlanResult plan = prov.plan_change({"openstack_lb_loadbalancer", r.state, lb_cfg});
  CHECK_FALSE(at(plan.planned, "id").known());
  // Deleting what is already gone succeeds.
  destroy(prov, "openstack_lb_listener", listener);
}

TEST_CASE("a plan's read and a resumed create find the load balancer a killed run made by name") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Provider& prov = *p.provider;
  Value cfg = lb_config(h, unique_name("resumed"));
  // The killed run's POST went through; its state write never happened: the state holds only
  // the intent, which has no id to read the object by.
  Value made = create(prov, "openstack_lb_loadbalancer", cfg);
  CHECK(prov.read("openstack_lb_loadbalancer", cfg).state.is_null());
  ReadResult found = prov.read_pending("openstack_lb_loadbalancer", cfg);
  REQUIRE_MESSAGE(!found.diags.has_errors(), text(found.diags));
  CHECK(str(found.state, "id") == str(made, "id"));
  PlanResult plan = prov.plan_change({"openstack_lb_loadbalancer", Value(), cfg});
  REQUIRE_MESSAGE(!plan.diags.has_errors(), text(plan.diags));
  ApplyRequest req{"openstack_lb_loadbalancer", Value(), plan.planned, cfg};
  req.resumed = true;
  ApplyResult again = prov.apply(req);
  REQUIRE_MESSAGE(!again.diags.has_errors(), text(again.diags));
  CHECK(str(again.state, "id") == str(made, "id"));  // the same one, no second load balancer
  RawCloud raw(h);
  json listed = json::parse(raw.send("GET", "/loadbalancers?name=" + str(cfg, "name")).body);
  CHECK(listed["loadbalancers"].size() == 1);
  destroy(prov, "openstack_lb_loadbalancer", again.state);
}

TEST_CASE("another project's load balancer is reported as forbidden, not as gone") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Value lb = create(*p.provider, "openstack_lb_loadbalancer", lb_config(h, unique_name("mine")));
  ValueMap other = password_settings(h);
  other["username"] = S(h["OTHER_USERNAME"]);
  other["password"] = S(h["OTHER_PASSWORD"]);
  other["project_name"] = S(h["OTHER_PROJECT_NAME"]);
  HarnessProvider q = harness_provider(other);
  REQUIRE_FALSE(q.configure_diags.has_errors());
  ReadResult r = q->read("openstack_lb_loadbalancer", lb);
  CHECK(r.diags.has_errors());
  CHECK(text(r.diags).find("403") != std::string::npos);
  CHECK(r.state == lb);  // unchanged, not null: a refusal is not a deletion
  destroy(*p.provider, "openstack_lb_loadbalancer", lb);
}

TEST_CASE("a write while the load balancer is pending is retried until it is ACTIVE") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Provider& prov = *p.provider;
  std::string name = unique_name("pending");
  Value lb = create(prov, "openstack_lb_loadbalancer", lb_config(h, name));
  std::string lb_id = str(lb, "id");
  // Someone else changes the load balancer, and the controller holds it in PENDING_UPDATE.
  h.set_fault(lb_id, "hold");
  RawCloud raw(h);
  json change = {{"loadbalancer", {{"description", "changed elsewhere"}}}};
  REQUIRE(raw.send("PUT", "/loadbalancers/" + lb_id, &change).status == 200);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    h.set_fault(lb_id, "");
  });
  auto start = std::chrono::steady_clock::now();
  Value listener = create(prov, "openstack_lb_listener", listener_config(lb, 15443, name));
  auto took = std::chrono::steady_clock::now() - start;
  release.join();
  CHECK(str(listener, "provisioning_status") == "ACTIVE");
  CHECK(p.recorder->count("POST", "/v2/lbaas/listeners", 409) >= 2);
  CHECK(p.recorder->count("POST", "/v2/lbaas/listeners", 201) == 1);
  CHECK(took >= std::chrono::milliseconds(2000));
  // The update fedplan did not make shows as drift of the description: an update, not a replace.
  ReadResult live = prov.read("openstack_lb_loadbalancer", lb);
  CHECK(str(live.state, "description") == "changed elsewhere");
  PlanResult plan = prov.plan_change({"openstack_lb_loadbalancer", live.state, lb_config(h, name)});
  CHECK(plan.requires_replace.empty());
  CHECK(str(plan.planned, "description") == "federation ingress");
  destroy(prov, "openstack_lb_loadbalancer", lb);
}

TEST_CASE("an operation that ends in ERROR fails the step with Octavia's status") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Provider& prov = *p.provider;
  std::string name = unique_name("error");
  Value lb = create(prov, "openstack_lb_loadbalancer", lb_config(h, name));
  h.set_fault(str(lb, "id"), "error-next");
  Value cfg = listener_config(lb, 15443, name);
  PlanResult plan = prov.plan_change({"openstack_lb_listener", Value(), cfg});
  ApplyResult r = prov.apply({"openstack_lb_listener", Value(), plan.planned, cfg});
  std::string t = text(r.diags);
  CHECK(r.diags.has_errors());
  CHECK(t.find("load balancer " + str(lb, "id") + " went to provisioning_status ERROR") !=
        std::string::npos);
  CHECK(t.find("objects in ERROR: listener") != std::string::npos);
  // The listener exists (in ERROR): the state records it, so the next plan replaces it.
  REQUIRE(r.state.is_mapping());
  CHECK(str(r.state, "provisioning_status") == "ERROR");
  PlanResult again = prov.plan_change({"openstack_lb_listener", r.state, cfg});
  CHECK(replaces(again, "provisioning_status"));
  // Further changes under the ERROR load balancer fail at once, naming why.
  ApplyResult refused = prov.apply({"openstack_lb_listener", r.state, Value(), Value()});
  CHECK(text(refused.diags).find("is in provisioning_status ERROR") != std::string::npos);
  CHECK_FALSE(refused.retryable);
  // Deleting the load balancer (cascade) is what Octavia allows.
  ReadResult lb_now = prov.read("openstack_lb_loadbalancer", lb);
  CHECK(str(lb_now.state, "provisioning_status") == "ERROR");
  destroy(prov, "openstack_lb_loadbalancer", lb_now.state);
}

TEST_CASE("parallel steps on one load balancer share one token and queue through 409s") {
  NEED_HARNESS(h);
  HarnessProvider p = ready_provider(h);
  Provider& prov = *p.provider;
  std::string name = unique_name("parallel");
  Value lb = create(prov, "openstack_lb_loadbalancer", lb_config(h, name));
  Value listener = create(prov, "openstack_lb_listener", listener_config(lb, 15443, name));
  Value pool = create(prov, "openstack_lb_pool", pool_config(listener, name));
  const int n = 4;
  std::vector<ApplyResult> results(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      Value cfg = member_config(h, pool, "10.0.2." + std::to_string(10 + i), 31443);
      PlanResult plan = prov.plan_change({"openstack_lb_member", Value(), cfg});
      results[i] = prov.apply({"openstack_lb_member", Value(), plan.planned, cfg});
    });
  for (std::thread& t : threads) t.join();
  for (const ApplyResult& r : results) {
    CHECK_MESSAGE(!r.diags.has_errors(), text(r.diags));
    CHECK(str(r.state, "provisioning_status") == "ACTIVE");
  }
  CHECK(p.recorder->count("POST", "/members", 409) >= 1);
  CHECK(p.recorder->count("POST", "/auth/tokens", 201) == 1);
  RawCloud raw(h);
  json members = json::parse(raw.send("GET", "/pools/" + str(pool, "id") + "/members").body);
  CHECK(members["members"].size() == static_cast<size_t>(n));
  destroy(prov, "openstack_lb_loadbalancer", lb);
}

}  // namespace
}  // namespace fedplan::openstack_lb::testing
