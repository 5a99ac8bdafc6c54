// plan_change of the Octavia resources without a cloud: create, no-op, update in place versus
// replace as Octavia's PUT bodies allow, objects in ERROR, unknown values, validation.
#include "providers/openstack_lb/resource_plan.h"

#include <doctest/doctest.h>

#include "providers/openstack_lb/octavia_client.h"
#include "providers/openstack_lb/openstack_lb_provider.h"
#include "providers/openstack_lb/resources.h"

namespace fedplan::openstack_lb {
namespace {

Value S(const char* s) {
  return Value::string(s);
}
Value N(double n) {
  return Value::number(n);
}

Value with(const Value& obj, const std::string& key, Value v) {
  ValueMap m = obj.attributes();
  m[key] = std::move(v);
  return Value::object(std::move(m));
}

const Value& at(const Value& obj, const std::string& key) {
  return *obj.get(key);
}

bool replaces(const PlanResult& r, const std::string& attr) {
  for (const ValuePath& p : r.requires_replace)
    if (p.size() == 1 && p[0].key == attr) return true;
  return false;
}

Value member_config() {
  return Value::object({{"pool_id", S("pool-1")},
                        {"address", S("10.0.1.5")},
                        {"protocol_port", N(31443)},
                        {"subnet_id", S("subnet-1")}});
}

// The state apply leaves after creating member_config().
Value member_state() {
  return Value::object({{"pool_id", S("pool-1")},
                        {"address", S("10.0.1.5")},
                        {"protocol_port", N(31443)},
                        {"subnet_id", S("subnet-1")},
                        {"name", S("")},
                        {"weight", N(1)},
                        {"admin_state_up", Value::boolean(true)},
                        {"backup", Value::boolean(false)},
                        {"monitor_address", Value()},
                        {"monitor_port", Value()},
                        {"id", S("member-1")},
                        {"provisioning_status", S("ACTIVE")},
                        {"loadbalancer_id", S("lb-1")}});
}

TEST_CASE("create plans config values, Octavia defaults, and unknown computed attributes") {
  PlanResult r = plan_resource(member_spec(), {"openstack_lb_member", Value(), member_config()});
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(at(r.planned, "address") == S("10.0.1.5"));
  CHECK(at(r.planned, "weight") == N(1));
  CHECK(at(r.planned, "admin_state_up") == Value::boolean(true));
  CHECK(at(r.planned, "monitor_port").is_null());
  CHECK_FALSE(at(r.planned, "id").known());
  CHECK_FALSE(at(r.planned, "loadbalancer_id").known());
  CHECK(r.requires_replace.empty());
}

TEST_CASE("no change in config plans exactly the prior state") {
  PlanResult r =
      plan_resource(member_spec(), {"openstack_lb_member", member_state(), member_config()});
  CHECK(r.planned == member_state());
  CHECK(r.requires_replace.empty());
}

TEST_CASE("an optional attribute Octavia fills in is kept when the config leaves it out") {
  ValueMap cfg = member_config().attributes();
  cfg.erase("subnet_id");
  PlanResult r =
      plan_resource(member_spec(), {"openstack_lb_member", member_state(), Value::object(cfg)});
  CHECK(r.planned == member_state());
}

TEST_CASE("replace when a member's port changes (Octavia's MemberPUT has no protocol_port)") {
  PlanResult r = plan_resource(member_spec(), {"openstack_lb_member", member_state(),
                                               with(member_config(), "protocol_port", N(31444))});
  CHECK(replaces(r, "protocol_port"));
  CHECK(r.requires_replace.size() == 1);
  CHECK(at(r.planned, "protocol_port") == N(31444));
  CHECK_FALSE(at(r.planned, "id").known());
}

TEST_CASE("update in place when a member's weight changes") {
  PlanResult r = plan_resource(member_spec(), {"openstack_lb_member", member_state(),
                                               with(member_config(), "weight", N(5))});
  CHECK(r.requires_replace.empty());
  CHECK(at(r.planned, "weight") == N(5));
  CHECK(at(r.planned, "id") == S("member-1"));
  CHECK_FALSE(at(r.planned, "provisioning_status").known());
}

TEST_CASE("replace when a listener's port or protocol changes, update when its name does") {
  Value cfg = Value::object(
      {{"loadbalancer_id", S("lb-1")}, {"protocol", S("TCP")}, {"protocol_port", N(15443)}});
  PlanResult created = plan_resource(listener_spec(), {"openstack_lb_listener", Value(), cfg});
  ValueMap st = created.planned.attributes();
  st["id"] = S("l-1");
  st["provisioning_status"] = S("ACTIVE");
  st["timeout_client_data"] = N(50000);
  st["timeout_member_data"] = N(50000);
  Value state = Value::object(st);
  CHECK(plan_resource(listener_spec(), {"openstack_lb_listener", state, cfg}).planned == state);
  PlanResult port = plan_resource(
      listener_spec(), {"openstack_lb_listener", state, with(cfg, "protocol_port", N(15444))});
  CHECK(replaces(port, "protocol_port"));
  CHECK_FALSE(at(port.planned, "timeout_client_data").known());  // Octavia chooses it again
  CHECK(replaces(plan_resource(listener_spec(),
                               {"openstack_lb_listener", state, with(cfg, "protocol", S("UDP"))}),
                 "protocol"));
  PlanResult name =
      plan_resource(listener_spec(), {"openstack_lb_listener", state, with(cfg, "name", S("gw"))});
  CHECK(name.requires_replace.empty());
  CHECK(at(name.planned, "timeout_client_data") == N(50000));
}

TEST_CASE("pool algorithm updates in place, pool protocol replaces") {
  Value cfg = Value::object(
      {{"listener_id", S("l-1")}, {"protocol", S("TCP")}, {"lb_algorithm", S("ROUND_ROBIN")}});
  ValueMap st =
      plan_resource(pool_spec(), {"openstack_lb_pool", Value(), cfg}).planned.attributes();
  for (const char* k : {"id", "provisioning_status", "loadbalancer_id"}) st[k] = S("x");
  Value state = Value::object(st);
  PlanResult algo = plan_resource(
      pool_spec(), {"openstack_lb_pool", state, with(cfg, "lb_algorithm", S("SOURCE_IP"))});
  CHECK(algo.requires_replace.empty());
  CHECK(replaces(
      plan_resource(pool_spec(), {"openstack_lb_pool", state, with(cfg, "protocol", S("UDP"))}),
      "protocol"));
}

TEST_CASE("monitor type replaces, delay and retries update") {
  Value cfg = Value::object({{"pool_id", S("p")},
                             {"type", S("TCP")},
                             {"delay", N(5)},
                             {"timeout", N(3)},
                             {"max_retries", N(3)}});
  ValueMap st =
      plan_resource(monitor_spec(), {"openstack_lb_monitor", Value(), cfg}).planned.attributes();
  for (const char* k : {"id", "provisioning_status", "loadbalancer_id"}) st[k] = S("x");
  st["http_method"] = Value();
  st["url_path"] = Value();
  st["expected_codes"] = Value();
  Value state = Value::object(st);
  CHECK(plan_resource(monitor_spec(), {"openstack_lb_monitor", state, cfg}).planned == state);
  CHECK(plan_resource(monitor_spec(), {"openstack_lb_monitor", state, with(cfg, "delay", N(10))})
            .requires_replace.empty());
  CHECK(replaces(
      plan_resource(monitor_spec(), {"openstack_lb_monitor", state, with(cfg, "type", S("HTTP"))}),
      "type"));
}

TEST_CASE("an unknown value of an immutable attribute means replace") {
  PlanResult r = plan_resource(member_spec(), {"openstack_lb_member", member_state(),
                                               with(member_config(), "pool_id", Value::unknown())});
  CHECK(replaces(r, "pool_id"));
}

TEST_CASE("an object in ERROR is replaced, since Octavia only lets it be deleted") {
  PlanResult r = plan_resource(
      member_spec(), {"openstack_lb_member",
                      with(member_state(), "provisioning_status", S("ERROR")), member_config()});
  CHECK(replaces(r, "provisioning_status"));
  CHECK(r.note.find("ERROR") != std::string::npos);
}

TEST_CASE("a null config plans a delete") {
  PlanResult r = plan_resource(member_spec(), {"openstack_lb_member", member_state(), Value()});
  CHECK(r.planned.is_null());
}

TEST_CASE("validation names missing, read-only and out-of-range attributes") {
  auto errors = [](const ResourceSpec& s, const Value& cfg) {
    std::string all;
    for (const Diagnostic& d : validate_resource(s, cfg).items) all += d.detail + "\n";
    return all;
  };
  CHECK(errors(loadbalancer_spec(), Value::object({{"name", S("x")}}))
            .find("needs vip_subnet_id or vip_network_id") != std::string::npos);
  CHECK(errors(loadbalancer_spec(), Value::object({{"vip_subnet_id", Value::unknown()}})).empty());
  CHECK(errors(listener_spec(), Value::object({{"loadbalancer_id", S("l")},
                                               {"protocol", S("FTP")},
                                               {"protocol_port", N(70000)}}))
            .find("Octavia accepts TCP, UDP") != std::string::npos);
  CHECK(errors(listener_spec(), Value::object({{"loadbalancer_id", S("l")},
                                               {"protocol", S("TCP")},
                                               {"protocol_port", N(70000)}}))
            .find("a port is 1 to 65535") != std::string::npos);
  CHECK(errors(member_spec(), Value::object({{"pool_id", S("p")}, {"address", S("a")}}))
            .find("needs \"protocol_port\"") != std::string::npos);
  CHECK(errors(member_spec(), with(member_config(), "id", S("x"))).find("set by Octavia") !=
        std::string::npos);
  CHECK(errors(pool_spec(), Value::object({{"protocol", S("TCP")}, {"lb_algorithm", S("RANDOM")}}))
            .find("needs listener_id or loadbalancer_id") != std::string::npos);
  CHECK(errors(member_spec(), with(member_config(), "protocol_port", S("http")))
            .find("a number is required") != std::string::npos);
}

TEST_CASE("the provider schema lists the five resources and the data source") {
  auto p = make_openstack_lb_provider();
  const ProviderSchema& s = p->schema();
  for (const char* t : {"openstack_lb_loadbalancer", "openstack_lb_listener", "openstack_lb_pool",
                        "openstack_lb_member", "openstack_lb_monitor"})
    CHECK(s.resource(t) != nullptr);
  REQUIRE(s.data_source("openstack_lb_loadbalancer"));
  CHECK(s.resource("openstack_lb_member")->attribute("protocol_port")->force_new);
  CHECK_FALSE(s.resource("openstack_lb_member")->attribute("weight")->force_new);
  CHECK(s.resource("openstack_lb_loadbalancer")->attribute("vip_port_id")->read_only);
  CHECK(s.config.attribute("password")->sensitive);
  CHECK(s.config.attribute("application_credential_secret")->sensitive);
}

}  // namespace
}  // namespace fedplan::openstack_lb

namespace fedplan::openstack_lb {
namespace {

TEST_CASE("the data source validates as data.TYPE, the resource by its own rules") {
  auto p = make_openstack_lb_provider();
  Value by_name = Value::object({{"name", Value::string("gw")}});
  CHECK_FALSE(p->validate("data.openstack_lb_loadbalancer", by_name).has_errors());
  CHECK(p->validate("data.openstack_lb_loadbalancer", Value::object({})).has_errors());
  CHECK(p->validate("data.openstack_lb_loadbalancer",
                    Value::object({{"id", Value::unknown()}, {"timeout", Value::string("5x")}}))
            .has_errors());
  // The same config is no load balancer resource: no VIP. plan_change says so too.
  CHECK(p->validate("openstack_lb_loadbalancer", by_name).has_errors());
  PlanResult plan = p->plan_change({"openstack_lb_loadbalancer", Value(), by_name});
  CHECK(plan.diags.has_errors());
  CHECK(plan.planned.is_null());
  CHECK(p->validate("data.openstack_lb_listener", by_name).has_errors());
}

TEST_CASE("Octavia's 409 names the locked object, which may be a pool") {
  ImmutableObject pool = immutable_object(
      "POST http://o/v2/lbaas/pools/p1/members: 409 Conflict: Pool p1 is immutable and cannot be "
      "updated.");
  CHECK(pool.resource == "Pool");
  CHECK(pool.id == "p1");
  CHECK(pool.path == "/pools/p1");
  ImmutableObject lb = immutable_object("Load Balancer lb-9 is immutable and cannot be updated.");
  CHECK(lb.resource == "Load Balancer");
  CHECK(lb.path == "/loadbalancers/lb-9");
  CHECK(immutable_object("409 Conflict: port 15443 is in use").resource.empty());
}

}  // namespace
}  // namespace fedplan::openstack_lb
