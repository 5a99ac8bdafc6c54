// firewalld_port: checks zone/port/protocol, plans (zone, port, protocol force a replacement;
// runtime/permanent are updates in place) and opens, closes and reads through zone_item.
#include "providers/firewalld/port_resource.h"

#include "base/quote.h"
#include "providers/firewalld/firewalld_values.h"
#include "providers/firewalld/resource_plan.h"
#include "providers/firewalld/zone_item.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/checks.h"

namespace fedplan::firewalld {
namespace {

const char kType[] = "firewalld_port";

// The key attributes as far as they are known; nullopt members when unknown or invalid.
struct PortFields {
  std::optional<std::string> zone;
  std::optional<std::string> port;  // normalized: "31000", "30000-30010"
  std::optional<std::string> protocol;
  std::optional<PortRange> range;
};

PortFields read_port_fields(const Value& obj, Diagnostics& d) {
  sdk::Attrs a(obj, &d);
  PortFields f;
  if (!a.unknown("zone")) {
    f.zone = a.str("zone");
    if (!f.zone) {
      if (!d.has_errors()) d.error("Missing \"zone\"", "firewalld_port needs zone = \"NAME\".");
    } else if (std::string why = check_zone_name(*f.zone); !why.empty()) {
      sdk::invalid_value(d, "zone", *f.zone, why);
      f.zone.reset();
    }
  }
  if (!a.unknown("port")) {
    std::optional<std::string> p = a.str("port");
    std::string why;
    if (!p) {
      d.error("Missing \"port\"", "firewalld_port needs port = \"31000\" or \"30000-30010\".");
    } else if (std::optional<PortRange> r = parse_port_range(*p, &why)) {
      f.range = r;
      f.port = r->text();
    } else {
      sdk::invalid_value(d, "port", *p, why);
    }
  }
  if (!a.unknown("protocol")) {
    f.protocol = a.str("protocol").value_or("tcp");
    if (std::string why = check_protocol(*f.protocol); !why.empty()) {
      sdk::invalid_value(d, "protocol", *f.protocol, why);
      f.protocol.reset();
    }
  }
  return f;
}

std::optional<ItemKey> key_of(const PortFields& f) {
  if (!f.zone || !f.port || !f.protocol) return std::nullopt;
  ItemKey k;
  k.kind = ItemKind::Port;
  k.zone = *f.zone;
  k.item = *f.port + "/" + *f.protocol;
  k.id = *f.zone + "/" + k.item;
  return k;
}

// The key of a known object (a state, or an apply-time config), with errors when invalid.
std::optional<ItemKey> known_port_key(const Value& obj, Diagnostics& d) {
  std::optional<ItemKey> k = key_of(read_port_fields(obj, d));
  if (!k && !d.has_errors())
    d.error("Incomplete firewalld_port", "zone, port and protocol must be known.");
  return k;
}

MakeItemState port_state_maker(const ItemKey& key, const std::string& port,
                               const std::string& protocol) {
  return [key, port, protocol](const ItemLayers& layers, const HostItems& hosts) {
    ValueMap m = item_state_attrs(key, layers, hosts);
    m["port"] = Value::string(port);
    m["protocol"] = Value::string(protocol);
    return Value::object(std::move(m));
  };
}

MakeItemState port_state_maker(const ItemKey& key) {
  size_t slash = key.item.find('/');
  return port_state_maker(key, key.item.substr(0, slash), key.item.substr(slash + 1));
}

}  // namespace

ResourceSchema port_schema() {
  ResourceSchema s;
  s.type = kType;
  s.description = "A port or port range open in a firewalld zone, at runtime and/or permanently.";
  auto zone = make_attr("zone", Type::string(), "The zone, e.g. \"libvirt\".");
  zone.required = zone.force_new = true;
  auto port = make_attr("port", Type::string(), "A port (\"31000\") or range (\"30000-30010\").");
  port.required = port.force_new = true;
  auto protocol = make_attr("protocol", Type::string(), "tcp (default), udp, sctp or dccp.");
  protocol.computed = protocol.force_new = true;
  s.attributes = {zone, port, protocol};
  for (AttributeSchema& a :
       item_common_schema("\"zone/port/protocol\", e.g. \"libvirt/31000/tcp\"."))
    s.attributes.push_back(std::move(a));
  return s;
}

Diagnostics validate_port(const Value& config) {
  Diagnostics d;
  read_port_fields(config, d);
  config_layers(config, d);
  return d;
}

PlanResult plan_port(const PlanRequest& request) {
  static const ResourceSchema schema = port_schema();
  if (request.config.is_null()) return finish_plan(request, {}, schema);
  Diagnostics d;
  PortFields f = read_port_fields(request.config, d);
  std::optional<ItemLayers> layers = config_layers(request.config, d);
  if (d.has_errors()) {
    PlanResult r;
    r.diags = std::move(d);
    return r;
  }
  auto known = [](const std::optional<std::string>& s) {
    return s ? Value::string(*s) : Value::unknown(ValueKind::String);
  };
  ValueMap planned = {
      {"zone", known(f.zone)}, {"port", known(f.port)}, {"protocol", known(f.protocol)}};
  add_planned_layers(planned, layers);
  std::optional<ItemKey> key = key_of(f);
  planned["id"] = key ? Value::string(key->id) : Value::unknown(ValueKind::String);
  return finish_plan(request, std::move(planned), schema);
}

ApplyResult apply_port(const Transport& transport, const ApplyRequest& request) {
  return apply_item_request(
      transport, request, known_port_key, [](const ItemKey& key) { return port_state_maker(key); },
      "zone, port or protocol");
}

ReadResult read_port(const Transport& transport, const Value& state) {
  ReadResult r;
  std::optional<ItemKey> key = known_port_key(state, r.diags);
  if (!key) {
    r.state = state;
    return r;
  }
  return read_item(transport, *key, state, port_state_maker(*key));
}

std::vector<ReadResult> read_ports(const Transport& transport, const std::vector<Value>& states) {
  return read_item_states(transport, states,
                          [](const Value& state, Diagnostics& d) -> std::optional<ItemRead> {
                            std::optional<ItemKey> key = known_port_key(state, d);
                            if (!key) return std::nullopt;
                            return ItemRead{*key, state, port_state_maker(*key)};
                          });
}

ReadResult import_port(const Transport& transport, const std::string& id) {
  ReadResult r;
  size_t a = id.find('/');
  size_t b = a == std::string::npos ? a : id.find('/', a + 1);
  if (b == std::string::npos || id.find('/', b + 1) != std::string::npos) {
    r.diags.error("Invalid firewalld_port id " + quote(id),
                  "Expected \"zone/port/protocol\", e.g. \"libvirt/31000/tcp\".");
    return r;
  }
  Value obj = Value::object({{"zone", Value::string(id.substr(0, a))},
                             {"port", Value::string(id.substr(a + 1, b - a - 1))},
                             {"protocol", Value::string(id.substr(b + 1))}});
  std::optional<ItemKey> key = known_port_key(obj, r.diags);
  if (!key) return r;
  return import_item(transport, *key, port_state_maker(*key));
}

}  // namespace fedplan::firewalld
