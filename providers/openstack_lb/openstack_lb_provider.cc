// The openstack_lb Provider: configuration (clouds.yaml, OS_*, explicit settings), Keystone
// token and catalog, and dispatch of plan/apply/read to the resource specs.
#include "providers/openstack_lb/openstack_lb_provider.h"

#include <filesystem>
#include <mutex>

#include "base/duration.h"
#include "base/http/beast_transport.h"
#include "base/http/retry.h"
#include "providers/openstack_lb/catalog.h"
#include "providers/openstack_lb/cloud_config.h"
#include "providers/openstack_lb/loadbalancer_data.h"
#include "providers/openstack_lb/resource_apply.h"
#include "providers/openstack_lb/resource_plan.h"
#include "providers/openstack_lb/resources.h"
#include "providers/openstack_lb/token_cache.h"
#include "providers/sdk/attrs.h"
#include "providers/sdk/checks.h"

namespace fedplan {
namespace {

using namespace openstack_lb;

AttributeSchema setting(std::string name, Type type, std::string description,
                        bool sensitive = false) {
  AttributeSchema a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.sensitive = sensitive;
  a.description = std::move(description);
  return a;
}

ResourceSchema provider_config_schema() {
  ResourceSchema s;
  s.type = "openstack_lb";
  s.description =
      "Keystone v3 credentials and the Octavia endpoint. Unset settings come from "
      "the OS_* environment, then from the clouds.yaml entry of `cloud`.";
  Type str = Type::string();
  s.attributes = {
      setting("cloud", str, "Entry of clouds.yaml to use (else $OS_CLOUD)."),
      setting("clouds_file", str, "clouds.yaml to read instead of the search path."),
      setting("auth_url", str, "Keystone URL (\"https://keystone:5000/v3\")."),
      setting("auth_type", str, "password (default) or v3applicationcredential."),
      setting("username", str, "User name (with user_domain_name, default \"Default\")."),
      setting("user_id", str, "User id instead of username."),
      setting("password", str, "Password for password authentication.", true),
      setting("user_domain_name", str, ""),
      setting("user_domain_id", str, ""),
      setting("project_name", str, "Project the token is scoped to."),
      setting("project_id", str, "Project id instead of project_name."),
      setting("project_domain_name", str, ""),
      setting("project_domain_id", str, ""),
      setting("application_credential_id", str, "Application credential id."),
      setting("application_credential_name", str, "Application credential name (needs user)."),
      setting("application_credential_secret", str, "Application credential secret.", true),
      setting("region", str, "Region of the catalog endpoints (else $OS_REGION_NAME)."),
      setting("interface", str, "Catalog interface: public (default), internal or admin."),
      setting("endpoint_override", str, "Octavia URL instead of the catalog's."),
      setting("network_endpoint_override", str, "Neutron URL instead of the catalog's."),
      setting("cacert_file", str, "PEM CA bundle to trust (else $OS_CACERT)."),
      setting("cert_file", str, "Client certificate (PEM)."),
      setting("key_file", str, "Client certificate key (PEM)."),
      setting("insecure", Type::boolean(), "Skip TLS verification (throwaway clouds only)."),
      setting("wait_timeout", str,
              "How long one step may wait for Octavia (\"10m\", the default)."),
  };
  return s;
}

// The provider block's attribute -> CloudSettings key.
std::string settings_key(const std::string& attr) {
  if (attr == "region") return "region_name";
  if (attr == "cacert_file") return "cacert";
  if (attr == "cert_file") return "cert";
  if (attr == "key_file") return "key";
  return attr;
}

class OpenStackLbProvider : public Provider {
 public:
  explicit OpenStackLbProvider(OpenStackLbDeps deps) : deps_(std::move(deps)) {
    if (!deps_.transport)
      deps_.transport = [](const TlsConfig& tls, std::string* err) {
        return std::shared_ptr<HttpTransport>(
            make_beast_transport(tls, BeastTransportOptions{}, err));
      };
    if (!deps_.clock) deps_.clock = std::make_shared<SystemClock>();
    if (!deps_.env) deps_.env = process_env();
    if (deps_.working_dir.empty()) {
      std::error_code ec;
      deps_.working_dir = std::filesystem::current_path(ec).string();
    }
    specs_ = {loadbalancer_spec(), listener_spec(), pool_spec(), member_spec(), monitor_spec()};
    schema_.config = provider_config_schema();
    for (const ResourceSpec& s : specs_) schema_.resources.push_back(schema_of(s));
    schema_.data_sources.push_back(loadbalancer_data_schema());
  }

  const ProviderSchema& schema() const override { return schema_; }

  Diagnostics configure(const Value& config) override {
    Diagnostics d;
    CloudSettings explicit_settings;
    std::string wait_text;
    if (config.known() && config.is_mapping()) {
      for (const auto& [name, v] : config.attributes()) {
        if (!v.known() || v.is_null()) continue;
        if (!schema_.config.attribute(name)) {
          d.error("Unknown provider setting", "openstack_lb has no setting \"" + name + "\".");
          continue;
        }
        std::string text;
        if (v.kind() == ValueKind::Bool)
          text = v.as_bool() ? "true" : "false";
        else if (v.kind() == ValueKind::String)
          text = v.as_string();
        else if (v.kind() == ValueKind::Number)
          text = format_number(v.as_number());
        else {
          d.error("Invalid provider setting", "openstack_lb." + name + " must be a string.");
          continue;
        }
        if (name == "wait_timeout")
          wait_text = text;
        else
          explicit_settings[settings_key(name)] = text;
      }
    }
    WaitOptions wait = deps_.wait;
    if (!wait_text.empty()) {
      auto t = parse_duration(wait_text);
      if (!t)
        d.error("Invalid wait_timeout", "\"" + wait_text + "\" is not a duration (\"10m\").");
      else
        wait.timeout = *t;
    }
    CloudConfigResult cloud = resolve_cloud_config(explicit_settings, deps_.env, deps_.working_dir);
    d.append(cloud.diags);
    if (d.has_errors()) return d;

    std::string err;
    std::shared_ptr<HttpTransport> inner = deps_.transport(cloud.config.tls, &err);
    if (!inner) {
      d.error("Cannot set up HTTPS to OpenStack", err);
      return d;
    }
    auto http = std::make_shared<RetryingTransport>(inner, *deps_.clock);
    auto tokens = std::make_unique<TokenCache>(http, cloud.config, *deps_.clock);
    KeystoneResult t = tokens->get();
    if (!t.token) {
      d.error("Cannot authenticate to Keystone at " + cloud.config.auth_url, t.error);
      return d;
    }
    std::string octavia = cloud.config.endpoint_override;
    if (octavia.empty()) {
      EndpointResult e = find_endpoint(t.token->catalog, "load-balancer", cloud.config.interface,
                                       cloud.config.region);
      if (!e.error.empty()) {
        d.error("Cannot find Octavia in the service catalog",
                e.error +
                    ". Set endpoint_override (or OS_LOAD_BALANCER_ENDPOINT_OVERRIDE) if the "
                    "catalog does not list it.");
        return d;
      }
      octavia = e.url;
    }
    std::string neutron = cloud.config.network_endpoint_override;
    if (neutron.empty()) {
      EndpointResult e =
          find_endpoint(t.token->catalog, "network", cloud.config.interface, cloud.config.region);
      neutron = e.url;  // no Neutron: floating IPs are not looked up
    }
    std::lock_guard<std::mutex> lock(mu_);
    client_.reset();
    tokens_ = std::move(tokens);
    octavia_root_ = octavia_api_root(octavia);
    neutron_root_ = neutron.empty() ? "" : neutron_api_root(neutron);
    client_ = std::make_unique<OctaviaClient>(http, *tokens_, octavia_root_, *deps_.clock, wait);
    return d;
  }

  Diagnostics validate(const std::string& type, const Value& config) override {
    Diagnostics d;
    // The engine names data sources "data.TYPE" here (see provider.h).
    if (type == "data.openstack_lb_loadbalancer") {
      sdk::Attrs a(config);
      if (!a.has("id") && !a.has("name"))
        d.error("Missing argument", "data openstack_lb_loadbalancer needs name or id.");
      Value t = a.get("timeout");
      if (t.known() && t.kind() == ValueKind::String && !parse_duration(t.as_string()))
        d.error("Invalid timeout", "\"" + t.as_string() + "\" is not a duration (\"5m\").");
      return d;
    }
    if (const ResourceSpec* s = spec(type)) return validate_resource(*s, config);
    return sdk::unknown_type(schema_, type);
  }

  PlanResult plan_change(const PlanRequest& request) override {
    const ResourceSpec* s = spec(request.type);
    if (!s) {
      PlanResult r;
      r.diags = sdk::unknown_type(schema_, request.type);
      return r;
    }
    return plan_resource(*s, request);
  }

  ApplyResult apply(const ApplyRequest& request) override {
    ApplyResult r;
    const ResourceSpec* s = spec(request.type);
    OctaviaClient* c = client(r.diags);
    if (!s) r.diags.append(sdk::unknown_type(schema_, request.type));
    if (!s || !c) {
      r.state = request.prior;
      return r;
    }
    return apply_resource(*s, *c, request);
  }

  ReadResult read(const std::string& type, const Value& state) override {
    ReadResult r;
    const ResourceSpec* s = spec(type);
    OctaviaClient* c = client(r.diags);
    if (!s) r.diags.append(sdk::unknown_type(schema_, type));
    if (!s || !c) {
      r.state = state;
      return r;
    }
    return read_resource(*s, *c, state);
  }

  std::vector<ReadResult> read_many(const std::string& type,
                                    const std::vector<Value>& states) override {
    Diagnostics d;
    const ResourceSpec* s = spec(type);
    OctaviaClient* c = client(d);
    if (!s || !c) return Provider::read_many(type, states);
    return read_many_resources(*s, *c, states);
  }

  ReadResult read_pending(const std::string& type, const Value& intent) override {
    return with_spec(
        type, [&](const ResourceSpec& s, OctaviaClient& c) { return read_created(s, c, intent); });
  }

  // An Octavia object is its id: a refresh may find any other field changed. A create's intent
  // has no id yet; the object its killed run made is the one with its name (created_before).
  std::string other_object(const std::string& type, const Value& recorded,
                           const Value& live) const override {
    (void)type;
    const Value* id = recorded.is_mapping() ? recorded.get("id") : nullptr;
    bool has_id = id && id->known() && !id->is_null();
    return attribute_differs(has_id ? "id" : "name", recorded, live);
  }

  ReadResult read_data(const std::string& type, const Value& config) override {
    ReadResult r;
    OctaviaClient* c = client(r.diags);
    if (type != "openstack_lb_loadbalancer")
      r.diags.append(sdk::unknown_type(schema_, "data." + type));
    if (!c || r.diags.has_errors()) return r;
    return read_loadbalancer_data(*c, neutron_root_, config);
  }

  ReadResult import(const std::string& type, const std::string& id) override {
    return with_spec(
        type, [&](const ResourceSpec& s, OctaviaClient& c) { return import_resource(s, c, id); });
  }

 private:
  // `read` with the type's spec and the client, or the error saying why there is none.
  template <typename Read>
  ReadResult with_spec(const std::string& type, Read&& read) {
    ReadResult r;
    const ResourceSpec* s = spec(type);
    OctaviaClient* c = client(r.diags);
    if (!s) r.diags.append(sdk::unknown_type(schema_, type));
    if (!s || !c) return r;
    return read(*s, *c);
  }

  const ResourceSpec* spec(const std::string& type) const {
    for (const ResourceSpec& s : specs_)
      if (s.type == type) return &s;
    return nullptr;
  }

  OctaviaClient* client(Diagnostics& d) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!client_) d.error("Provider not configured", "openstack_lb was used before configure().");
    return client_.get();
  }

  OpenStackLbDeps deps_;
  std::vector<ResourceSpec> specs_;
  ProviderSchema schema_;
  std::mutex mu_;  // guards the members below against a configure() during use
  std::unique_ptr<TokenCache> tokens_;
  std::unique_ptr<OctaviaClient> client_;
  std::string octavia_root_;
  std::string neutron_root_;
};

}  // namespace

std::unique_ptr<Provider> make_openstack_lb_provider(OpenStackLbDeps deps) {
  return std::make_unique<OpenStackLbProvider>(std::move(deps));
}

}  // namespace fedplan
