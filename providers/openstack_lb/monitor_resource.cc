// openstack_lb_monitor: a health monitor on a pool. Its type and pool are fixed; delay,
// timeout and retries change in place (Octavia's HealthMonitorPUT).
#include "providers/openstack_lb/resources.h"

namespace fedplan::openstack_lb {

ResourceSpec monitor_spec() {
  ResourceSpec s;
  s.type = "openstack_lb_monitor";
  s.kind = "health monitor";
  s.json_key = "healthmonitor";
  s.description = "A health monitor: how Octavia checks a pool's members.";
  s.lb_via_pool = true;
  s.collection = [](const ValueMap&) { return std::string("/healthmonitors"); };
  auto& f = s.fields;
  f.push_back(required("pool_id", Type::string(), "The pool's id.", true));
  f.push_back(required("type", Type::string(),
                       "TCP, HTTP, HTTPS, PING, TLS-HELLO, UDP-CONNECT or SCTP.", true));
  f.push_back(required("delay", Type::number(), "Seconds between checks.", false));
  f.push_back(required("timeout", Type::number(), "Seconds a check may take.", false));
  f.push_back(required("max_retries", Type::number(),
                       "Successful checks before a member is ONLINE (1-10).", false));
  f.push_back(optional("max_retries_down", Type::number(),
                       "Failed checks before a member is ERROR (1-10, default 3).", false,
                       Value::number(3)));
  f.push_back(optional("name", Type::string(), "Human-readable name.", false, Value::string("")));
  f.push_back(optional("admin_state_up", Type::boolean(), "Enabled (default true).", false,
                       Value::boolean(true)));
  f.push_back(
      optional_computed("http_method", Type::string(), "HTTP(S) checks: the method.", false));
  f.push_back(optional_computed("url_path", Type::string(), "HTTP(S) checks: the path.", false));
  f.push_back(optional_computed("expected_codes", Type::string(),
                                "HTTP(S) checks: the healthy status codes (\"200\", \"200-204\").",
                                false));
  add_status_fields(f);
  f.push_back(computed("loadbalancer_id", Type::string(), "The pool's load balancer."));
  s.relations = [](const nlohmann::json& obj, ValueMap& attrs) {
    std::string pool = first_ref_id(obj, "pools");
    if (!pool.empty()) attrs["pool_id"] = Value::string(pool);
  };
  s.validate = [](const ValueMap& cfg, Diagnostics& d) {
    check_one_of("openstack_lb_monitor", cfg, "type",
                 {"TCP", "HTTP", "HTTPS", "PING", "TLS-HELLO", "UDP-CONNECT", "SCTP"}, d);
  };
  return s;
}

}  // namespace fedplan::openstack_lb
