// openstack_lb_listener: a port on a load balancer's VIP. Protocol, port and load balancer are
// fixed at creation (Octavia's ListenerPUT has none of them): changing one replaces it.
#include "providers/openstack_lb/resources.h"

namespace fedplan::openstack_lb {

ResourceSpec listener_spec() {
  ResourceSpec s;
  s.type = "openstack_lb_listener";
  s.kind = "listener";
  s.json_key = "listener";
  s.description = "A listener: one protocol port on a load balancer's VIP.";
  s.collection = [](const ValueMap&) { return std::string("/listeners"); };
  auto& f = s.fields;
  f.push_back(required("loadbalancer_id", Type::string(), "The load balancer's id.", true));
  f.push_back(required("protocol", Type::string(), "TCP for the federation gateways.", true));
  f.push_back(required("protocol_port", Type::number(), "The port on the VIP.", true));
  f.push_back(optional("name", Type::string(), "Human-readable name.", false, Value::string("")));
  f.push_back(optional("description", Type::string(), "Free text.", false, Value::string("")));
  f.push_back(optional("admin_state_up", Type::boolean(), "Enabled (default true).", false,
                       Value::boolean(true)));
  f.push_back(optional("connection_limit", Type::number(), "Maximum connections; -1 unlimited.",
                       false, Value::number(-1)));
  f.push_back(optional("allowed_cidrs", Type::list(Type::string()),
                       "Source CIDRs allowed to connect (all when unset).", false));
  f.push_back(optional_computed("timeout_client_data", Type::number(),
                                "Client inactivity timeout in ms (the cloud's default, usually "
                                "50000, when unset).",
                                false));
  f.push_back(optional_computed("timeout_member_data", Type::number(),
                                "Member inactivity timeout in ms.", false));
  add_status_fields(f);
  // default_pool_id is left out on purpose: creating the pool changes it on the listener, and
  // every first plan after an apply would report that as drift.
  s.relations = [](const nlohmann::json& obj, ValueMap& attrs) {
    std::string lb = first_ref_id(obj, "loadbalancers");
    if (!lb.empty()) attrs["loadbalancer_id"] = Value::string(lb);
  };
  s.validate = [](const ValueMap& cfg, Diagnostics& d) {
    check_one_of("openstack_lb_listener", cfg, "protocol",
                 {"TCP", "UDP", "SCTP", "HTTP", "HTTPS", "TERMINATED_HTTPS", "PROMETHEUS"}, d);
    check_port("openstack_lb_listener", cfg, "protocol_port", d);
  };
  return s;
}

}  // namespace fedplan::openstack_lb
