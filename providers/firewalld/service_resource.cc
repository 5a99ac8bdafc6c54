// firewalld_service: checks zone/service, plans (zone and service force a replacement) and
// enables, disables and reads the service through zone_item, like firewalld_port.
#include "providers/firewalld/service_resource.h"

#include "base/quote.h"
#include "providers/firewalld/firewalld_values.h"
#include "providers/firewalld/resource_plan.h"
#include "providers/firewalld/zone_item.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/checks.h"

namespace fedplan::firewalld {
namespace {

// zone and service as far as they are known and valid.
struct ServiceFields {
  std::optional<std::string> zone;
  std::optional<std::string> service;
};

ServiceFields read_service_fields(const Value& obj, Diagnostics& d) {
  sdk::Attrs a(obj, &d);
  ServiceFields f;
  auto field = [&](const char* name, std::string (*check)(std::string_view),
                   std::optional<std::string>* out) {
    if (a.unknown(name)) return;
    size_t before = d.size();
    std::optional<std::string> v = a.str(name);
    if (!v) {
      if (d.size() == before)
        d.error("Missing \"" + std::string(name) + "\"",
                "firewalld_service needs zone and service.");
    } else if (std::string why = check(*v); !why.empty()) {
      sdk::invalid_value(d, name, *v, why);
    } else {
      *out = v;
    }
  };
  field("zone", check_zone_name, &f.zone);
  field("service", check_service_name, &f.service);
  return f;
}

std::optional<ItemKey> key_of(const ServiceFields& f) {
  if (!f.zone || !f.service) return std::nullopt;
  return ItemKey{ItemKind::Service, *f.zone, *f.service, *f.zone + "/" + *f.service};
}

std::optional<ItemKey> known_service_key(const Value& obj, Diagnostics& d) {
  std::optional<ItemKey> k = key_of(read_service_fields(obj, d));
  if (!k && !d.has_errors())
    d.error("Incomplete firewalld_service", "zone and service must be known.");
  return k;
}

MakeItemState service_state_maker(const ItemKey& key) {
  return [key](const ItemLayers& layers, const HostItems& hosts) {
    ValueMap m = item_state_attrs(key, layers, hosts);
    m["service"] = Value::string(key.item);
    return Value::object(std::move(m));
  };
}

}  // namespace

ResourceSchema service_schema() {
  ResourceSchema s;
  s.type = "firewalld_service";
  s.description = "A firewalld service (such as \"http\") enabled in a zone.";
  auto zone = make_attr("zone", Type::string(), "The zone, e.g. \"libvirt\".");
  zone.required = zone.force_new = true;
  auto service = make_attr("service", Type::string(),
                           "A service firewalld knows (firewall-cmd --get-services).");
  service.required = service.force_new = true;
  s.attributes = {zone, service};
  for (AttributeSchema& a : item_common_schema("\"zone/service\", e.g. \"libvirt/http\"."))
    s.attributes.push_back(std::move(a));
  return s;
}

Diagnostics validate_service(const Value& config) {
  Diagnostics d;
  read_service_fields(config, d);
  config_layers(config, d);
  return d;
}

PlanResult plan_service(const PlanRequest& request) {
  static const ResourceSchema schema = service_schema();
  if (request.config.is_null()) return finish_plan(request, {}, schema);
  Diagnostics d;
  ServiceFields f = read_service_fields(request.config, d);
  std::optional<ItemLayers> layers = config_layers(request.config, d);
  if (d.has_errors()) {
    PlanResult r;
    r.diags = std::move(d);
    return r;
  }
  auto known = [](const std::optional<std::string>& s) {
    return s ? Value::string(*s) : Value::unknown(ValueKind::String);
  };
  ValueMap planned = {{"zone", known(f.zone)}, {"service", known(f.service)}};
  add_planned_layers(planned, layers);
  std::optional<ItemKey> key = key_of(f);
  planned["id"] = key ? Value::string(key->id) : Value::unknown(ValueKind::String);
  return finish_plan(request, std::move(planned), schema);
}

ApplyResult apply_service(const Transport& transport, const ApplyRequest& request) {
  return apply_item_request(
      transport, request, known_service_key,
      [](const ItemKey& key) { return service_state_maker(key); }, "zone or service");
}

ReadResult read_service(const Transport& transport, const Value& state) {
  ReadResult r;
  std::optional<ItemKey> key = known_service_key(state, r.diags);
  if (!key) {
    r.state = state;
    return r;
  }
  return read_item(transport, *key, state, service_state_maker(*key));
}

std::vector<ReadResult> read_services(const Transport& transport,
                                      const std::vector<Value>& states) {
  return read_item_states(transport, states,
                          [](const Value& state, Diagnostics& d) -> std::optional<ItemRead> {
                            std::optional<ItemKey> key = known_service_key(state, d);
                            if (!key) return std::nullopt;
                            return ItemRead{*key, state, service_state_maker(*key)};
                          });
}

ReadResult import_service(const Transport& transport, const std::string& id) {
  ReadResult r;
  size_t slash = id.find('/');
  if (slash == std::string::npos || id.find('/', slash + 1) != std::string::npos) {
    r.diags.error("Invalid firewalld_service id " + quote(id),
                  "Expected \"zone/service\", e.g. \"libvirt/http\".");
    return r;
  }
  Value obj = Value::object({{"zone", Value::string(id.substr(0, slash))},
                             {"service", Value::string(id.substr(slash + 1))}});
  std::optional<ItemKey> key = known_service_key(obj, r.diags);
  if (!key) return r;
  return import_item(transport, *key, service_state_maker(*key));
}

}  // namespace fedplan::firewalld
