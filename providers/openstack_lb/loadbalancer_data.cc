// Lookup of an existing load balancer by name or id, and of its floating IP through Neutron
// (see loadbalancer_data.h).
#include "providers/openstack_lb/loadbalancer_data.h"

#include "base/duration.h"
#include "base/http/url.h"
#include "lang/value_json.h"
#include "providers/openstack_lb/resource_spec.h"
#include "providers/sdk/attrs.h"

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;

const char* kType = "openstack_lb_loadbalancer";

AttributeSchema attr(std::string name, Type type, std::string description, bool computed,
                     bool read_only) {
  AttributeSchema a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.computed = computed;
  a.read_only = read_only;
  a.description = std::move(description);
  return a;
}

// One lookup: the LB document, or an error; `missing` when it does not exist (yet).
struct Lookup {
  json lb;
  std::string error;
  bool missing = false;
};

Lookup find(OctaviaClient& client, const std::string& id, const std::string& name) {
  Lookup out;
  if (!id.empty()) {
    ApiResult r = client.get("/loadbalancers/" + url_encode(id));
    if (r.status == 404) {
      out.missing = true;
      out.error = "Octavia has no load balancer with id " + id;
    } else if (!r.ok()) {
      out.error = r.error;
    } else {
      out.lb = r.body.value("loadbalancer", json::object());
    }
    return out;
  }
  ApiResult r = client.get(append_query("/loadbalancers", {{"name", name}}));
  if (!r.ok()) {
    out.error = r.error;
    return out;
  }
  json list = r.body.value("loadbalancers", json::array());
  json matches = json::array();
  for (const json& lb : list)
    if (lb.value("name", "") == name && lb.value("provisioning_status", "") != "DELETED")
      matches.push_back(lb);
  if (matches.empty()) {
    out.missing = true;
    out.error = "the project has no load balancer named \"" + name + "\"";
  } else if (matches.size() > 1) {
    out.error = std::to_string(matches.size()) + " load balancers are named \"" + name + "\" (ids";
    for (const json& m : matches) out.error += " " + m.value("id", "");
    out.error += "); look it up by id";
  } else {
    out.lb = matches[0];
  }
  return out;
}

}  // namespace

ResourceSchema loadbalancer_data_schema() {
  ResourceSchema s;
  s.type = kType;
  s.description = "An existing Octavia load balancer, found by name or id.";
  s.attributes = {
      attr("id", Type::string(), "The load balancer's id (or set name).", true, false),
      attr("name", Type::string(), "The load balancer's name; it must be unique in the project.",
           true, false),
      attr("timeout", Type::string(),
           "Wait up to this long (\"5m\") for it to exist and be ACTIVE; unset: no wait.", false,
           false),
      attr("description", Type::string(), "", true, true),
      attr("vip_address", Type::string(), "The VIP's fixed IP.", true, true),
      attr("vip_port_id", Type::string(), "The Neutron port of the VIP.", true, true),
      attr("vip_subnet_id", Type::string(), "", true, true),
      attr("vip_network_id", Type::string(), "", true, true),
      attr("provider", Type::string(), "", true, true),
      attr("provisioning_status", Type::string(), "", true, true),
      attr("operating_status", Type::string(), "", true, true),
      attr("floating_ip", Type::string(),
           "The floating IP on the VIP port, or null (also null when the cloud has no Neutron "
           "endpoint).",
           true, true),
      attr("address", Type::string(),
           "The externally reachable address: floating_ip when there is one, else vip_address.",
           true, true),
  };
  return s;
}

ReadResult read_loadbalancer_data(OctaviaClient& client, const std::string& neutron_root,
                                  const Value& config) {
  ReadResult result;
  std::string id = sdk::Attrs(config).str("id").value_or("");
  std::string name = sdk::Attrs(config).str("name").value_or("");
  if (id.empty() && name.empty()) {
    result.diags.error("Missing argument", std::string(kType) + " needs name or id.");
    return result;
  }
  std::chrono::milliseconds timeout{0};
  std::string timeout_text = sdk::Attrs(config).str("timeout").value_or("");
  if (!timeout_text.empty()) {
    auto t = parse_duration(timeout_text);
    if (!t) {
      result.diags.error("Invalid timeout", "\"" + timeout_text + "\" is not a duration (\"5m\").");
      return result;
    }
    timeout = *t;
  }
  Clock& clock = client.clock();
  Clock::time_point deadline = clock.now() + timeout;
  std::chrono::milliseconds delay = client.wait_options().poll_initial;
  Lookup found;
  for (;;) {
    found = find(client, id, name);
    bool ready = found.error.empty() && found.lb.value("provisioning_status", "") == "ACTIVE";
    bool can_wait = timeout.count() > 0 && (found.missing || (found.error.empty() && !ready));
    if (!can_wait || ready) break;
    if (clock.now() + delay > deadline) {
      if (found.error.empty()) {
        found.error = "load balancer " + found.lb.value("id", "") + " is still " +
                      found.lb.value("provisioning_status", "") + " after " +
                      human_duration(timeout);
      } else {
        found.error += " (waited " + human_duration(timeout) + ")";
      }
      break;
    }
    clock.sleep_for(delay);
    delay = std::min(client.wait_options().poll_max, delay * 2);
  }
  if (!found.error.empty()) {
    result.diags.error("Cannot find the load balancer", found.error);
    return result;
  }
  const json& lb = found.lb;
  ValueMap out;
  for (const char* k : {"id", "name", "description", "vip_address", "vip_port_id", "vip_subnet_id",
                        "vip_network_id", "provider", "provisioning_status", "operating_status"})
    out[k] = lb.contains(k) ? from_json(lb[k]) : Value();
  out["timeout"] = timeout_text.empty() ? Value() : Value::string(timeout_text);
  out["floating_ip"] = Value();
  std::string port = lb.value("vip_port_id", "");
  if (!neutron_root.empty() && !port.empty()) {
    ApiResult f =
        client.call("GET", append_query(neutron_root + "/floatingips", {{"port_id", port}}));
    if (!f.ok()) {
      result.diags.error("Cannot look up the floating IP of load balancer " + lb.value("id", "") +
                             " (VIP port " + port + ")",
                         f.error);
      return result;
    }
    json ips = f.body.value("floatingips", json::array());
    if (!ips.empty() && ips[0].contains("floating_ip_address"))
      out["floating_ip"] = from_json(ips[0]["floating_ip_address"]);
  }
  out["address"] = out["floating_ip"].is_null() ? out["vip_address"] : out["floating_ip"];
  result.state = Value::object(std::move(out));
  return result;
}

}  // namespace fedplan::openstack_lb
