// The firewalld provider: its schema, the provider block, and dispatch to one file per
// resource type. Everything after configure() only reads the configuration (thread-safe).
#include "providers/firewalld/firewalld_provider.h"

#include "providers/firewalld/port_resource.h"
#include "providers/firewalld/preflight.h"
#include "providers/firewalld/resource_plan.h"
#include "providers/firewalld/service_resource.h"
#include "providers/firewalld/transport.h"
#include "providers/firewalld/zone_data.h"
#include "providers/firewalld/zone_resource.h"
#include "providers/sdk/checks.h"

namespace fedplan {
namespace {

// Steps the walk gives the provider per firewall-cmd slot (see max_parallel()).
constexpr int kFirewalldStepsPerSlot = 4;

using namespace firewalld;

ResourceSchema provider_config_schema() {
  ResourceSchema s;
  s.type = "firewalld";
  s.description = "Where firewall-cmd runs: this machine (local) or hosts over ssh.";
  auto str = [](const char* name, const char* description) {
    return make_attr(name, Type::string(), description);
  };
  s.attributes = {
      str("transport", "\"local\" (default) or \"ssh\"."),
      str("host", "ssh: the host (name, IPv4 or IPv6 address)."),
      make_attr("hosts", Type::list(Type::string()),
                "ssh: several hosts; every resource is applied on each."),
      str("user", "ssh: the remote user (default: ssh's own)."),
      make_attr("port", Type::number(), "ssh: the port (default 22)."),
      str("identity_file", "ssh: the private key (-i, with IdentitiesOnly)."),
      str("known_hosts", "ssh: the known_hosts file (StrictHostKeyChecking is always on)."),
      make_attr("sudo", Type::boolean(), "Run `sudo -n firewall-cmd` (never prompts)."),
      make_attr("max_parallel", Type::number(), "firewall-cmd runs at a time (default 4)."),
      str("firewall_cmd", "The firewall-cmd program on the host that runs it."),
      str("ssh_command", "ssh: the local ssh client program (default \"ssh\")."),
      make_attr("timeout", Type::number(), "Seconds one command may take (default 60)."),
  };
  return s;
}

// The provider; transport_ is set once by configure().
class FirewalldProvider : public Provider {
 public:
  explicit FirewalldProvider(std::shared_ptr<ProcessRunner> runner) : runner_(std::move(runner)) {
    schema_.config = provider_config_schema();
    schema_.resources = {zone_schema(), port_schema(), service_schema()};
    schema_.data_sources = {zone_data_schema()};
  }

  const ProviderSchema& schema() const override { return schema_; }

  Diagnostics configure(const Value& config) override {
    TransportConfig c;
    Diagnostics d = parse_transport_config(config, &c);
    if (!d.has_errors()) {
      transport_ = std::make_unique<Transport>(runner_, std::move(c));
      preflight_ = std::make_unique<Preflight>(*transport_);
    }
    return d;
  }

  // Steps in flight: more than the firewall-cmd slots, so that while the slots are busy the
  // steps waiting queue their ports into the next shared run (Transport::change_item).
  int max_parallel() const override {
    return transport_ ? transport_->config().max_parallel * kFirewalldStepsPerSlot : 0;
  }

  // The checks configure() makes, so that `validate` refuses what `plan` would.
  Diagnostics validate_config(const Value& config) override {
    TransportConfig unused;
    return parse_transport_config(config, &unused);
  }

  Diagnostics validate(const std::string& type, const Value& config) override {
    if (type == "firewalld_port") return validate_port(config);
    if (type == "firewalld_service") return validate_service(config);
    if (type == "firewalld_zone") return validate_zone(config);
    if (type == "data.firewalld_zone") return validate_zone_data(config);
    return sdk::unknown_type(schema_, type);
  }

  PlanResult plan_change(const PlanRequest& request) override {
    PlanResult r;
    if (request.type == "firewalld_port")
      r = plan_port(request);
    else if (request.type == "firewalld_service")
      r = plan_service(request);
    else if (request.type == "firewalld_zone")
      r = plan_zone(request);
    else
      r.diags = sdk::unknown_type(schema_, request.type);
    if (!r.diags.has_errors()) r.diags.append(preflight(request, r));
    return r;
  }

  ApplyResult apply(const ApplyRequest& request) override {
    ApplyResult r;
    if (!ready(r.diags)) {
      r.state = request.prior;
      return r;
    }
    if (request.type == "firewalld_port") return apply_port(*transport_, request);
    if (request.type == "firewalld_service") return apply_service(*transport_, request);
    if (request.type == "firewalld_zone") return apply_zone(*transport_, request);
    r.diags = sdk::unknown_type(schema_, request.type);
    r.state = request.prior;
    return r;
  }

  ReadResult read(const std::string& type, const Value& state) override {
    ReadResult r;
    r.state = state;
    if (!ready(r.diags)) return r;
    if (type == "firewalld_port") return read_port(*transport_, state);
    if (type == "firewalld_service") return read_service(*transport_, state);
    if (type == "firewalld_zone") return read_zone(*transport_, state);
    r.diags = sdk::unknown_type(schema_, type);
    return r;
  }

  // A zone a killed run's create made is fedplan's: not adopted, so destroy deletes it.
  ReadResult read_pending(const std::string& type, const Value& intent) override {
    if (type != "firewalld_zone" || !transport_) return read(type, intent);
    return read_zone(*transport_, intent, true);
  }

  std::vector<ReadResult> read_many(const std::string& type,
                                    const std::vector<Value>& states) override {
    if (transport_ && states.size() > 1) {
      if (type == "firewalld_port") return read_ports(*transport_, states);
      if (type == "firewalld_service") return read_services(*transport_, states);
    }
    return Provider::read_many(type, states);
  }

  ReadResult read_data(const std::string& type, const Value& config) override {
    ReadResult r;
    if (!ready(r.diags)) return r;
    if (type == "firewalld_zone") return read_zone_data(*transport_, config);
    r.diags = sdk::unknown_type(schema_, "data." + type);
    return r;
  }

  ReadResult import(const std::string& type, const std::string& id) override {
    ReadResult r;
    if (!ready(r.diags)) return r;
    if (type == "firewalld_port") return import_port(*transport_, id);
    if (type == "firewalld_service") return import_service(*transport_, id);
    if (type == "firewalld_zone") return import_zone(*transport_, id);
    r.diags = sdk::unknown_type(schema_, type);
    return r;
  }

 private:
  // What apply will need, checked now: the hosts answer (for any change, deletes included) and
  // the zone of a created or changed port or service exists (see preflight.h).
  Diagnostics preflight(const PlanRequest& request, const PlanResult& plan) {
    Diagnostics d;
    if (!preflight_) return d;
    const bool noop = !request.prior.is_null() && plan.planned == request.prior;
    if (noop) return d;  // nothing to apply; refresh already reached the hosts
    d.append(preflight_->check_hosts());
    if (request.config.is_null() || d.has_errors()) return d;
    const Value* name = request.config.get(request.type == "firewalld_zone" ? "name" : "zone");
    if (!name || !name->known() || name->kind() != ValueKind::String) return d;
    if (request.type == "firewalld_zone") {
      preflight_->zone_planned(name->as_string());
      return d;
    }
    Diagnostics unused;
    if (std::optional<ItemLayers> layers = config_layers(request.config, unused))
      d.append(preflight_->check_zone(request.type, name->as_string(), *layers));
    return d;
  }

  bool ready(Diagnostics& d) const {
    if (transport_) return true;
    d.error("The firewalld provider is not configured",
            "configure() must succeed before resources are applied or read.");
    return false;
  }

  std::shared_ptr<ProcessRunner> runner_;
  ProviderSchema schema_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<Preflight> preflight_;
};

}  // namespace

std::unique_ptr<Provider> make_firewalld_provider(std::shared_ptr<ProcessRunner> runner) {
  return std::make_unique<FirewalldProvider>(std::move(runner));
}

}  // namespace fedplan
