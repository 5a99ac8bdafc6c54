// configure() of the whole provider against a scripted HTTPS Keystone: the CA bundle and
// insecure settings reach the transport, the catalog or endpoint_override picks Octavia, and
// configuration errors are reported before any request.
#include "providers/openstack_lb/openstack_lb_provider.h"

#include <doctest/doctest.h>

#include <atomic>

#include "base/http/testing/test_certs.h"
#include "base/http/testing/test_server.h"
#include "base/testing/fake_clock.h"
#include "base/testing/temp_dir.h"

namespace fedplan {
namespace {

using nlohmann::json;
using testing::TestReply;
using testing::TestRequest;

std::string all_text(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items) out += x.summary + ": " + x.detail + "\n";
  return out;
}

// An HTTPS server playing Keystone (tokens whose catalog lists `catalog_types`) and answering
// every other request with an empty load balancer list.
struct TlsCloud {
  testing::TestCert ca = testing::make_test_ca("openstack test CA");
  testing::TestCert cert = testing::make_test_server_cert(ca);
  std::vector<std::string> catalog_types = {"load-balancer"};
  std::atomic<int> octavia_requests{0};
  std::string last_octavia_target;
  testing::TestServer server{
      [this](const TestRequest& req) {
        TestReply r;
        r.headers.set("Content-Type", "application/json");
        if (req.target == "/identity/v3/auth/tokens") {
          json catalog = json::array();
          for (const std::string& t : catalog_types)
            catalog.push_back(
                {{"type", t},
                 {"endpoints",
                  {{{"interface", "public"},
                    {"region_id", "R"},
                    {"url", "https://127.0.0.1:" + std::to_string(port()) + "/lb"}},
                   {{"interface", "internal"},
                    {"region_id", "R"},
                    {"url", "https://127.0.0.1:" + std::to_string(port()) + "/lb-internal"}}}}});
          r.status = 201;
          r.headers.set("X-Subject-Token", "tok");
          r.body = json{{"token",
                         {{"expires_at", "2099-01-01T00:00:00Z"},
                          {"issued_at", "2098-12-31T23:00:00Z"},
                          {"catalog", catalog}}}}
                       .dump();
          return r;
        }
        ++octavia_requests;
        last_octavia_target = req.target;
        r.body = R"({"loadbalancers": []})";
        return r;
      },
      testing::TestServerTls{cert.cert_pem, cert.key_pem, ""}};
  testing::TempDir dir;
  std::string ca_file = dir.write("ca.pem", ca.cert_pem);

  uint16_t port() const { return server.port(); }

  std::unique_ptr<Provider> provider(std::map<std::string, std::string> env = {}) {
    OpenStackLbDeps deps;
    deps.clock = std::make_shared<FakeClock>();
    deps.env = env_from_map(std::move(env));
    deps.working_dir = dir.path();
    return make_openstack_lb_provider(std::move(deps));
  }

  ValueMap settings() {
    return {{"auth_url", Value::string(server.url("/identity/v3"))},
            {"user_id", Value::string("u")},
            {"password", Value::string("p").mark_sensitive()},
            {"project_id", Value::string("p1")}};
  }
};

// A data source lookup that reaches Octavia: proves the provider found its endpoint.
ReadResult lookup(Provider& p) {
  return p.read_data("openstack_lb_loadbalancer", Value::object({{"name", Value::string("x")}}));
}

TEST_CASE("the CA bundle from cacert_file is trusted for Keystone and Octavia") {
  TlsCloud cloud;
  auto p = cloud.provider();
  ValueMap s = cloud.settings();
  s["cacert_file"] = Value::string("ca.pem");  // relative to the working directory
  Diagnostics d = p->configure(Value::object(s));
  REQUIRE_MESSAGE(!d.has_errors(), all_text(d));
  ReadResult r = lookup(*p);
  CHECK(all_text(r.diags).find("no load balancer named \"x\"") != std::string::npos);
  CHECK(cloud.last_octavia_target == "/lb/v2/lbaas/loadbalancers?name=x");
}

TEST_CASE("without the CA the certificate is refused, as the OpenStack clients do") {
  TlsCloud cloud;
  auto p = cloud.provider();
  Diagnostics d = p->configure(Value::object(cloud.settings()));
  CHECK(d.has_errors());
  CHECK(all_text(d).find("TLS certificate verification failed") != std::string::npos);
}

TEST_CASE("OS_INSECURE skips verification, and OS_CACERT is read from the environment") {
  TlsCloud cloud;
  auto insecure = cloud.provider({{"OS_INSECURE", "true"}});
  CHECK_FALSE(insecure->configure(Value::object(cloud.settings())).has_errors());
  auto cacert = cloud.provider({{"OS_CACERT", cloud.ca_file}});
  CHECK_FALSE(cacert->configure(Value::object(cloud.settings())).has_errors());
  // An explicit insecure = false wins over the environment.
  ValueMap s = cloud.settings();
  s["insecure"] = Value::boolean(false);
  CHECK(insecure->configure(Value::object(s)).has_errors());
}

TEST_CASE("the interface setting selects the catalog endpoint and endpoint_override replaces it") {
  TlsCloud cloud;
  auto p = cloud.provider({{"OS_CACERT", cloud.ca_file}, {"OS_INTERFACE", "internal"}});
  REQUIRE_FALSE(p->configure(Value::object(cloud.settings())).has_errors());
  lookup(*p);
  CHECK(cloud.last_octavia_target == "/lb-internal/v2/lbaas/loadbalancers?name=x");

  ValueMap s = cloud.settings();
  s["endpoint_override"] = Value::string(cloud.server.url("/octavia/v2"));
  REQUIRE_FALSE(p->configure(Value::object(s)).has_errors());
  lookup(*p);
  CHECK(cloud.last_octavia_target == "/octavia/v2/lbaas/loadbalancers?name=x");
}

TEST_CASE("a catalog without Octavia is reported with what it has") {
  TlsCloud cloud;
  cloud.catalog_types = {"compute"};
  auto p = cloud.provider({{"OS_CACERT", cloud.ca_file}});
  Diagnostics d = p->configure(Value::object(cloud.settings()));
  CHECK(all_text(d).find("Cannot find Octavia in the service catalog: the service catalog has no "
                         "\"load-balancer\" service (services: compute)") != std::string::npos);
}

TEST_CASE("configuration mistakes are reported without contacting anyone") {
  TlsCloud cloud;
  auto p = cloud.provider();
  Diagnostics d = p->configure(Value::object({{"username", Value::string("u")},
                                              {"wait_timeout", Value::string("soon")},
                                              {"colour", Value::string("blue")}}));
  std::string text = all_text(d);
  CHECK(text.find("No Keystone auth_url") != std::string::npos);
  CHECK(text.find("\"soon\" is not a duration") != std::string::npos);
  CHECK(text.find("no setting \"colour\"") != std::string::npos);
  CHECK(cloud.server.requests() == 0);
  ReadResult r = lookup(*p);
  CHECK(all_text(r.diags).find("Provider not configured") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
