// Helpers of the openstack_lb harness tests (see harness_util.h).
// Assertions here fail the calling test case (doctest REQUIRE inside helpers).
#include "tests/openstack/harness_util.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <thread>

#include "base/http/beast_transport.h"
#include "providers/openstack_lb/keystone.h"

namespace fedplan::openstack_lb::testing {

using nlohmann::json;

ValueMap password_settings(const Harness& h) {
  return {{"auth_url", S(h["OS_AUTH_URL"])},
          {"username", S(h["OS_USERNAME"])},
          {"password", S(h["OS_PASSWORD"]).mark_sensitive()},
          {"project_name", S(h["OS_PROJECT_NAME"])},
          {"user_domain_name", S("Default")},
          {"project_domain_name", S("Default")},
          {"region", S(h["OS_REGION_NAME"])},
          {"wait_timeout", S("90s")}};
}

HarnessProvider harness_provider(const ValueMap& settings, std::map<std::string, std::string> env,
                                 std::shared_ptr<Clock> clock, const std::string& working_dir) {
  HarnessProvider out;
  auto recorder_slot = std::make_shared<std::shared_ptr<RecordingTransport>>();
  OpenStackLbDeps deps;
  deps.transport = [recorder_slot](const TlsConfig& tls, std::string* err) {
    std::shared_ptr<HttpTransport> inner = make_beast_transport(tls, BeastTransportOptions{}, err);
    if (!inner) return std::shared_ptr<HttpTransport>();
    *recorder_slot = std::make_shared<RecordingTransport>(inner);
    return std::shared_ptr<HttpTransport>(*recorder_slot);
  };
  deps.clock = clock ? clock : std::make_shared<SystemClock>();
  deps.env = env_from_map(std::move(env));
  deps.working_dir = working_dir.empty() ? "/nonexistent" : working_dir;
  // Quicker polling than production: the harness finishes operations in about 0.5 s.
  deps.wait.poll_initial = std::chrono::milliseconds(100);
  deps.wait.poll_max = std::chrono::milliseconds(1000);
  deps.wait.conflict_initial = std::chrono::milliseconds(200);
  deps.wait.conflict_max = std::chrono::milliseconds(2000);
  out.provider = make_openstack_lb_provider(std::move(deps));
  out.configure_diags = out.provider->configure(Value::object(settings));
  out.recorder = *recorder_slot;
  return out;
}

std::string text(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items) out += x.summary + ": " + x.detail + "\n";
  return out;
}

Value create(Provider& p, const std::string& type, const Value& config) {
  Diagnostics v = p.validate(type, config);
  REQUIRE_MESSAGE(!v.has_errors(), text(v));
  PlanResult plan = p.plan_change({type, Value(), config});
  REQUIRE_MESSAGE(!plan.diags.has_errors(), text(plan.diags));
  ApplyResult r = p.apply({type, Value(), plan.planned, config});
  REQUIRE_MESSAGE(!r.diags.has_errors(), std::string(type + ": " + text(r.diags)));
  REQUIRE(r.state.is_mapping());
  return r.state;
}

Value update(Provider& p, const std::string& type, const Value& prior, const Value& config) {
  PlanResult plan = p.plan_change({type, prior, config});
  REQUIRE_MESSAGE(!plan.diags.has_errors(), text(plan.diags));
  REQUIRE(plan.requires_replace.empty());
  ApplyResult r = p.apply({type, prior, plan.planned, config});
  REQUIRE_MESSAGE(!r.diags.has_errors(), std::string(type + ": " + text(r.diags)));
  return r.state;
}

void destroy(Provider& p, const std::string& type, const Value& state) {
  ApplyResult r = p.apply({type, state, Value(), Value()});
  REQUIRE_MESSAGE(!r.diags.has_errors(), std::string(type + ": " + text(r.diags)));
  REQUIRE(r.state.is_null());
}

std::string unique_name(const std::string& base) {
  static std::atomic<int> counter{0};
  return base + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

RawCloud::RawCloud(const Harness& h, const std::string& user, const std::string& password,
                   const std::string& project) {
  std::string err;
  http = make_beast_transport(TlsConfig{}, BeastTransportOptions{}, &err);
  CloudConfig c;
  c.auth_url = h["OS_AUTH_URL"];
  c.username = user.empty() ? h["OS_USERNAME"] : user;
  c.password = password.empty() ? h["OS_PASSWORD"] : password;
  c.project_name = project.empty() ? h["OS_PROJECT_NAME"] : project;
  c.user_domain_name = "Default";
  c.project_domain_name = "Default";
  KeystoneResult t = keystone_authenticate(*http, c);
  REQUIRE_MESSAGE(t.token, t.error);
  token = t.token->id;
  lbaas = h["OCTAVIA_URL"] + "/v2/lbaas";
}

HttpResponse RawCloud::send(const std::string& method, const std::string& path,
                            const json* body) const {
  HttpRequest req;
  req.method = method;
  req.url = path.rfind("http", 0) == 0 ? path : lbaas + path;
  req.headers.set("X-Auth-Token", token);
  req.headers.set("Accept", "application/json");
  if (body) {
    req.headers.set("Content-Type", "application/json");
    req.body = body->dump();
  }
  return http->send(req);
}

void RawCloud::wait_lb(const std::string& id, const std::string& status) const {
  std::string seen;
  for (int i = 0; i < 300; ++i) {
    HttpResponse r = send("GET", "/loadbalancers/" + id);
    if (r.status == 404) {
      seen = "gone";
    } else {
      json j = json::parse(r.body, nullptr, false);
      seen = j.is_discarded() ? "?" : j["loadbalancer"].value("provisioning_status", "?");
    }
    if (seen == status) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("load balancer " << id << " did not become " << status << " (last " << seen << ")");
}

const Value& at(const Value& obj, const std::string& key) {
  static const Value kNull;
  const Value* v = obj.is_mapping() ? obj.get(key) : nullptr;
  return v ? *v : kNull;
}

std::string str(const Value& obj, const std::string& key) {
  const Value& v = at(obj, key);
  return v.known() && v.kind() == ValueKind::String ? v.as_string() : "";
}

}  // namespace fedplan::openstack_lb::testing
