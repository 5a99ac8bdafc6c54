// openstack_lb_loadbalancer: an Octavia load balancer with its VIP. Only name, description and
// admin_state_up can change in place (Octavia's LoadBalancerPUT); the VIP and provider cannot.
#include "providers/openstack_lb/resources.h"

namespace fedplan::openstack_lb {

ResourceSpec loadbalancer_spec() {
  ResourceSpec s;
  s.type = "openstack_lb_loadbalancer";
  s.kind = "load balancer";
  s.json_key = "loadbalancer";
  s.description = "An Octavia load balancer: a VIP on a subnet or network.";
  s.is_loadbalancer = true;
  s.collection = [](const ValueMap&) { return std::string("/loadbalancers"); };
  auto& f = s.fields;
  f.push_back(optional("name", Type::string(), "Human-readable name.", false, Value::string("")));
  f.push_back(optional("description", Type::string(), "Free text.", false, Value::string("")));
  f.push_back(optional_computed("vip_subnet_id", Type::string(),
                                "Subnet of the VIP. One of vip_subnet_id and vip_network_id is "
                                "needed.",
                                true));
  f.push_back(optional_computed("vip_network_id", Type::string(),
                                "Network of the VIP (Octavia picks the subnet when only the "
                                "network is given).",
                                true));
  f.push_back(optional_computed("vip_address", Type::string(),
                                "The VIP's fixed IP; Octavia allocates one when unset.", true));
  f.push_back(optional_computed("provider", Type::string(),
                                "Octavia provider driver (amphora, ovn, ...); the cloud's default "
                                "when unset.",
                                true));
  f.push_back(optional("flavor_id", Type::string(), "Octavia flavor.", true));
  f.push_back(optional("availability_zone", Type::string(), "Octavia availability zone.", true));
  f.push_back(optional("admin_state_up", Type::boolean(), "Enabled (default true).", false,
                       Value::boolean(true)));
  add_status_fields(f);
  add_operating_status(f);
  f.push_back(computed("vip_port_id", Type::string(), "The Neutron port holding the VIP."));
  s.validate = [](const ValueMap& cfg, Diagnostics& d) {
    check_any_of("openstack_lb_loadbalancer", cfg, {"vip_subnet_id", "vip_network_id"}, d);
  };
  return s;
}

}  // namespace fedplan::openstack_lb
