// Authentication against the harness's real Keystone: password and application credentials,
// clouds.yaml and OS_* configuration, the catalog, and token renewal after a real 401 (the token
// revoked through Keystone's API) or on expiry.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "tests/openstack/harness_util.h"

namespace fedplan::openstack_lb::testing {
namespace {

using nlohmann::json;

#define NEED_HARNESS(h)         \
  const Harness& h = harness(); \
  if (!h.skip.empty()) {        \
    MESSAGE(h.skip);            \
    return;                     \
  }

// A lookup that reaches Octavia: "no load balancer named" means Octavia answered the query.
void expect_octavia_answers(Provider& p) {
  ReadResult r =
      p.read_data("openstack_lb_loadbalancer", Value::object({{"name", S(unique_name("none"))}}));
  CHECK_MESSAGE(text(r.diags).find("the project has no load balancer named") != std::string::npos,
                text(r.diags));
}

TEST_CASE("password authentication finds Octavia through the real catalog") {
  NEED_HARNESS(h);
  HarnessProvider p = harness_provider(password_settings(h));
  REQUIRE_MESSAGE(!p.configure_diags.has_errors(), text(p.configure_diags));
  expect_octavia_answers(*p.provider);
  CHECK(p.recorder->count("POST", h["OS_AUTH_URL"] + "/auth/tokens", 201) == 1);
  CHECK(p.recorder->count("GET", h["OCTAVIA_URL"] + "/v2/lbaas/loadbalancers?name=", 200) == 1);
  // The request carried the password with the project scope, as Keystone's v3 API wants.
  json body = json::parse(p.recorder->exchanges().at(0).request.body);
  CHECK(body["auth"]["scope"]["project"]["name"] == h["OS_PROJECT_NAME"]);
}

TEST_CASE("a wrong password is refused by Keystone with its message") {
  NEED_HARNESS(h);
  ValueMap s = password_settings(h);
  s["password"] = S("not-the-password");
  HarnessProvider p = harness_provider(s);
  std::string t = text(p.configure_diags);
  CHECK(t.find("Keystone refused the password credentials") != std::string::npos);
  CHECK(t.find("401") != std::string::npos);
  CHECK(t.find("not-the-password") == std::string::npos);
}

TEST_CASE("application credentials authenticate by id, and by name with their user") {
  NEED_HARNESS(h);
  ValueMap by_id = {{"auth_url", S(h["OS_AUTH_URL"])},
                    {"application_credential_id", S(h["APP_CRED_ID"])},
                    {"application_credential_secret", S(h["APP_CRED_SECRET"])}};
  HarnessProvider a = harness_provider(by_id);
  REQUIRE_MESSAGE(!a.configure_diags.has_errors(), text(a.configure_diags));
  expect_octavia_answers(*a.provider);
  json body = json::parse(a.recorder->exchanges().at(0).request.body);
  CHECK(body["auth"]["identity"]["methods"] == json{"application_credential"});

  HarnessProvider b =
      harness_provider({}, {{"OS_AUTH_URL", h["OS_AUTH_URL"]},
                            {"OS_AUTH_TYPE", "v3applicationcredential"},
                            {"OS_APPLICATION_CREDENTIAL_NAME", h["APP_CRED_NAME"]},
                            {"OS_APPLICATION_CREDENTIAL_SECRET", h["APP_CRED_SECRET"]},
                            {"OS_USERNAME", h["OS_USERNAME"]},
                            {"OS_USER_DOMAIN_NAME", "Default"}});
  REQUIRE_MESSAGE(!b.configure_diags.has_errors(), text(b.configure_diags));
  expect_octavia_answers(*b.provider);

  by_id["application_credential_secret"] = S("wrong");
  HarnessProvider c = harness_provider(by_id);
  CHECK(text(c.configure_diags).find("Keystone refused the application credential credentials") !=
        std::string::npos);
}

TEST_CASE("OS_* variables alone configure the provider") {
  NEED_HARNESS(h);
  HarnessProvider p = harness_provider({}, {{"OS_AUTH_URL", h["KEYSTONE_URL"]},  // no /v3
                                            {"OS_USERNAME", h["OS_USERNAME"]},
                                            {"OS_PASSWORD", h["OS_PASSWORD"]},
                                            {"OS_PROJECT_ID", h["OS_PROJECT_ID"]},
                                            {"OS_REGION_NAME", h["OS_REGION_NAME"]},
                                            {"OS_INTERFACE", "internal"}});
  REQUIRE_MESSAGE(!p.configure_diags.has_errors(), text(p.configure_diags));
  expect_octavia_answers(*p.provider);
  CHECK(p.recorder->count("POST", h["KEYSTONE_URL"] + "/v3/auth/tokens", 201) == 1);

  HarnessProvider wrong_region = harness_provider({}, {{"OS_AUTH_URL", h["OS_AUTH_URL"]},
                                                       {"OS_USERNAME", h["OS_USERNAME"]},
                                                       {"OS_PASSWORD", h["OS_PASSWORD"]},
                                                       {"OS_PROJECT_NAME", h["OS_PROJECT_NAME"]},
                                                       {"OS_REGION_NAME", "Mars"}});
  CHECK(text(wrong_region.configure_diags)
            .find("no public \"load-balancer\" endpoint in region Mars (regions: RegionOne") !=
        std::string::npos);
}

TEST_CASE("a clouds.yaml cloud named by OS_CLOUD, with its secret in secure.yaml") {
  NEED_HARNESS(h);
  fedplan::testing::TempDir dir;
  dir.write("clouds.yaml", "clouds:\n  harness:\n    auth:\n      auth_url: " + h["OS_AUTH_URL"] +
                               "\n      username: " + h["OS_USERNAME"] +
                               "\n      project_name: " + h["OS_PROJECT_NAME"] +
                               "\n      user_domain_name: Default\n"
                               "      project_domain_name: Default\n"
                               "    region_name: " +
                               h["OS_REGION_NAME"] +
                               "\n    interface: public\n    identity_api_version: 3\n");
  dir.write("secure.yaml",
            "clouds:\n  harness:\n    auth:\n      password: " + h["OS_PASSWORD"] + "\n");
  HarnessProvider p =
      harness_provider({}, {{"OS_CLOUD", "harness"}, {"HOME", dir.path()}}, nullptr, dir.path());
  REQUIRE_MESSAGE(!p.configure_diags.has_errors(), text(p.configure_diags));
  expect_octavia_answers(*p.provider);

  // The provider's `cloud` and `clouds_file` settings do the same without the environment.
  std::string elsewhere = dir.write(
      "conf/my-clouds.yaml", "clouds:\n  other:\n    auth:\n      auth_url: " + h["OS_AUTH_URL"] +
                                 "\n      user_id: " + h["OS_USER_ID"] +
                                 "\n      password: " + h["OS_PASSWORD"] +
                                 "\n      project_id: " + h["OS_PROJECT_ID"] + "\n");
  HarnessProvider q = harness_provider({{"cloud", S("other")}, {"clouds_file", S(elsewhere)}},
                                       {{"HOME", "/nonexistent"}});
  REQUIRE_MESSAGE(!q.configure_diags.has_errors(), text(q.configure_diags));
  expect_octavia_answers(*q.provider);
}

TEST_CASE("a token revoked in Keystone gets a real 401 from Octavia and is renewed") {
  NEED_HARNESS(h);
  HarnessProvider p = harness_provider(password_settings(h));
  REQUIRE_MESSAGE(!p.configure_diags.has_errors(), text(p.configure_diags));
  // The token the provider holds, as Keystone issued it; Octavia has not seen it yet (so its
  // keystonemiddleware cache cannot hide the revocation).
  std::string token = p.recorder->exchanges().at(0).response.headers.get("X-Subject-Token");
  REQUIRE_FALSE(token.empty());
  HttpRequest revoke;
  revoke.method = "DELETE";
  revoke.url = h["OS_AUTH_URL"] + "/auth/tokens";
  revoke.headers.set("X-Auth-Token", token);
  revoke.headers.set("X-Subject-Token", token);
  REQUIRE(p.recorder->send(revoke).status == 204);

  Value lb = create(*p.provider, "openstack_lb_loadbalancer",
                    Value::object({{"name", S(unique_name("revoked"))},
                                   {"vip_subnet_id", S(h["VIP_SUBNET_ID"])},
                                   {"vip_network_id", S(h["VIP_NETWORK_ID"])}}));
  CHECK(str(lb, "provisioning_status") == "ACTIVE");
  CHECK(p.recorder->count("POST", "/v2/lbaas/loadbalancers", 401) == 1);
  CHECK(p.recorder->count("POST", "/v2/lbaas/loadbalancers", 201) == 1);
  CHECK(p.recorder->count("POST", "/auth/tokens", 201) == 2);
  destroy(*p.provider, "openstack_lb_loadbalancer", lb);
}

TEST_CASE("a token near its expiry is renewed before use") {
  NEED_HARNESS(h);
  auto clock = std::make_shared<OffsetClock>();
  HarnessProvider p = harness_provider(password_settings(h), {}, clock);
  REQUIRE_MESSAGE(!p.configure_diags.has_errors(), text(p.configure_diags));
  expect_octavia_answers(*p.provider);
  CHECK(p.recorder->count("POST", "/auth/tokens", 201) == 1);
  clock->advance(std::chrono::minutes(59));  // Keystone's default lifetime is one hour
  expect_octavia_answers(*p.provider);
  CHECK(p.recorder->count("POST", "/auth/tokens", 201) == 2);
  CHECK(p.recorder->count("GET", "/v2/lbaas/", 401) == 0);
}

}  // namespace
}  // namespace fedplan::openstack_lb::testing
