// openstack_lb_pool: the backends behind a listener. lb_algorithm changes in place; protocol
// and the listener or load balancer it hangs on are fixed (Octavia's PoolPUT).
#include "providers/openstack_lb/resources.h"

namespace fedplan::openstack_lb {

ResourceSpec pool_spec() {
  ResourceSpec s;
  s.type = "openstack_lb_pool";
  s.kind = "pool";
  s.json_key = "pool";
  s.description = "A pool of members behind a listener (or a load balancer).";
  s.collection = [](const ValueMap&) { return std::string("/pools"); };
  auto& f = s.fields;
  f.push_back(optional_computed("listener_id", Type::string(),
                                "The listener whose default pool this is. One of listener_id and "
                                "loadbalancer_id is needed.",
                                true));
  f.push_back(optional_computed("loadbalancer_id", Type::string(),
                                "The load balancer (filled in from the listener when unset).",
                                true));
  f.push_back(required("protocol", Type::string(), "TCP for the federation gateways.", true));
  f.push_back(required("lb_algorithm", Type::string(),
                       "ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP or SOURCE_IP_PORT.", false));
  f.push_back(optional("name", Type::string(), "Human-readable name.", false, Value::string("")));
  f.push_back(optional("description", Type::string(), "Free text.", false, Value::string("")));
  f.push_back(optional("admin_state_up", Type::boolean(), "Enabled (default true).", false,
                       Value::boolean(true)));
  add_status_fields(f);
  s.relations = [](const nlohmann::json& obj, ValueMap& attrs) {
    std::string lb = first_ref_id(obj, "loadbalancers");
    if (!lb.empty()) attrs["loadbalancer_id"] = Value::string(lb);
    std::string listener = first_ref_id(obj, "listeners");
    if (!listener.empty()) attrs["listener_id"] = Value::string(listener);
  };
  s.validate = [](const ValueMap& cfg, Diagnostics& d) {
    check_any_of("openstack_lb_pool", cfg, {"listener_id", "loadbalancer_id"}, d);
    check_one_of("openstack_lb_pool", cfg, "protocol",
                 {"TCP", "UDP", "SCTP", "HTTP", "HTTPS", "PROXY", "PROXYV2"}, d);
    check_one_of("openstack_lb_pool", cfg, "lb_algorithm",
                 {"ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"}, d);
  };
  return s;
}

}  // namespace fedplan::openstack_lb
