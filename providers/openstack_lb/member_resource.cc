// openstack_lb_member: one backend (a node's NodePort) in a pool. Octavia's MemberPUT accepts
// only name, weight, admin_state_up, backup and the monitor overrides: address, port and subnet
// changes replace the member.
#include "providers/openstack_lb/resources.h"
#include "providers/sdk/attrs.h"

namespace fedplan::openstack_lb {

ResourceSpec member_spec() {
  ResourceSpec s;
  s.type = "openstack_lb_member";
  s.kind = "member";
  s.json_key = "member";
  s.description = "A pool member: an address and port traffic is sent to.";
  s.lb_via_pool = true;
  s.collection = [](const ValueMap& attrs) {
    return "/pools/" + sdk::Attrs(attrs).str("pool_id").value_or("") + "/members";
  };
  auto& f = s.fields;
  FieldSpec pool = required("pool_id", Type::string(), "The pool's id.", true);
  pool.in_body = false;  // part of the URL
  f.push_back(pool);
  f.push_back(required("address", Type::string(), "The backend's IP address.", true));
  f.push_back(required("protocol_port", Type::number(), "The backend's port (a NodePort).", true));
  f.push_back(optional_computed("subnet_id", Type::string(),
                                "Subnet the address is reached on (the VIP's when unset).", true));
  f.push_back(optional("name", Type::string(), "Human-readable name.", false, Value::string("")));
  f.push_back(optional("weight", Type::number(), "Share of the traffic, 0-256 (default 1).", false,
                       Value::number(1)));
  f.push_back(optional("admin_state_up", Type::boolean(), "Enabled (default true).", false,
                       Value::boolean(true)));
  f.push_back(optional("backup", Type::boolean(), "Used only when all others are down.", false,
                       Value::boolean(false)));
  f.push_back(optional("monitor_address", Type::string(), "Health checks go here instead.", false));
  f.push_back(
      optional("monitor_port", Type::number(), "Health checks go to this port instead.", false));
  add_status_fields(f);
  f.push_back(computed("loadbalancer_id", Type::string(), "The pool's load balancer."));
  s.validate = [](const ValueMap& cfg, Diagnostics& d) {
    check_port("openstack_lb_member", cfg, "protocol_port", d);
    check_port("openstack_lb_member", cfg, "monitor_port", d);
  };
  return s;
}

}  // namespace fedplan::openstack_lb
