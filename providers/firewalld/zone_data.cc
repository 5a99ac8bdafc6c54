// The firewalld_zone data source: one `firewall-cmd [--permanent] --info-zone=NAME` per host.
#include "providers/firewalld/zone_data.h"

#include "base/quote.h"
#include "providers/firewalld/firewalld_values.h"
#include "providers/firewalld/resource_plan.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/checks.h"

namespace fedplan::firewalld {
namespace {

const char* const kLists[] = {"interfaces", "sources", "services", "ports", "protocols"};

ValueMap zone_attrs(const ZoneInfo& z) {
  return {{"target", Value::string(z.target)}, {"interfaces", string_list(z.interfaces)},
          {"sources", string_list(z.sources)}, {"services", string_list(z.services)},
          {"ports", string_list(z.ports)},     {"protocols", string_list(z.protocols)}};
}

}  // namespace

ResourceSchema zone_data_schema() {
  ResourceSchema s;
  s.type = "firewalld_zone";
  s.description = "A zone as the hosts have it now.";
  auto name = make_attr("name", Type::string(), "The zone.");
  name.required = true;
  auto permanent = make_attr("permanent", Type::boolean(),
                             "Read the permanent configuration instead of the runtime one.");
  auto target = make_attr("target", Type::string(), "default, ACCEPT, DROP or REJECT.");
  target.computed = target.read_only = true;
  s.attributes = {name, permanent, target};
  std::vector<ObjectAttr> fields = {ObjectAttr::of("target", Type::string())};
  for (const char* list : kLists) {
    auto a = make_attr(list, Type::list(Type::string()),
                       std::string("The zone's ") + list + " (ports as \"31000/tcp\").");
    a.computed = a.read_only = true;
    s.attributes.push_back(a);
    fields.push_back(ObjectAttr::of(list, Type::list(Type::string())));
  }
  auto hosts = make_attr("hosts", Type::map(Type::object(fields)), "The same, per host.");
  hosts.computed = hosts.read_only = true;
  s.attributes.push_back(hosts);
  return s;
}

Diagnostics validate_zone_data(const Value& config) {
  Diagnostics d;
  sdk::Attrs a(config, &d);
  if (a.unknown("name")) return d;
  std::optional<std::string> name = a.str("name");
  if (!name) {
    if (!d.has_errors()) d.error("Missing \"name\"", "data \"firewalld_zone\" needs name.");
  } else if (std::string why = check_zone_name(*name); !why.empty()) {
    sdk::invalid_value(d, "name", *name, why);
  }
  a.boolean("permanent");
  return d;
}

ReadResult read_zone_data(const Transport& t, const Value& config) {
  ReadResult r;
  r.diags = validate_zone_data(config);
  if (r.diags.has_errors()) return r;
  sdk::Attrs a(config, &r.diags);
  if (a.unknown("name") || a.unknown("permanent")) {
    r.state = Value::unknown(ValueKind::Object);
    return r;
  }
  std::string name = *a.str("name");
  bool permanent = a.boolean("permanent").value_or(false);
  Layer layer = permanent ? Layer::Permanent : Layer::Runtime;
  const std::vector<std::string>& hosts = t.hosts();
  std::vector<std::optional<ZoneInfo>> infos(hosts.size());
  std::vector<Diagnostics> diags(hosts.size());
  t.for_each_host([&](size_t i) {
    CmdRun run = t.run(hosts[i], info_zone_args(layer, name), false);
    std::string action =
        std::string("reading zone ") + quote(name) + " (" + layer_name(layer) + ")";
    if (run.outcome.failed()) {
      add_run_error(diags[i], run, action);
      return;
    }
    infos[i] = parse_zone_info(run.result.out);
    if (!infos[i])
      diags[i].error("firewalld on " + run.label + ": cannot read the answer of --info-zone",
                     "Command: " + run.command + "\nstdout: " + run.result.out);
  });
  for (Diagnostics& d : diags) r.diags.append(std::move(d));
  if (r.diags.has_errors()) return r;
  ValueMap per_host;
  for (size_t i = 0; i < hosts.size(); ++i)
    per_host[t.label(hosts[i])] = Value::object(zone_attrs(*infos[i]));
  ValueMap top = zone_attrs(*infos[0]);
  top["name"] = Value::string(name);
  top["permanent"] = Value::boolean(permanent);
  top["hosts"] = Value::map(std::move(per_host));
  r.state = Value::object(std::move(top));
  return r;
}

}  // namespace fedplan::firewalld
