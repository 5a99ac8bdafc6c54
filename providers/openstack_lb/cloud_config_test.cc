// OS_* environment units and the layering clouds.yaml < environment < explicit settings, with
// the checks that name a missing or wrong setting.
#include "providers/openstack_lb/cloud_config.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"

namespace fedplan::openstack_lb {
namespace {

bool has_error(const Diagnostics& d, const std::string& text) {
  for (const Diagnostic& x : d.items)
    if ((x.summary + " " + x.detail).find(text) != std::string::npos) return true;
  return false;
}

TEST_CASE("OS_* variables map to settings, first alias wins") {
  EnvLookup env = env_from_map({{"OS_AUTH_URL", "http://k:5000"},
                                {"OS_USERNAME", "bob"},
                                {"OS_PASSWORD", "pw"},
                                {"OS_TENANT_NAME", "legacy"},
                                {"OS_PROJECT_NAME", "modern"},
                                {"OS_USER_DOMAIN_NAME", "D"},
                                {"OS_PROJECT_DOMAIN_NAME", "P"},
                                {"OS_REGION_NAME", "R1"},
                                {"OS_INTERFACE", "internal"},
                                {"OS_CACERT", "/ca.pem"},
                                {"OS_INSECURE", "false"},
                                {"OS_CLOUD", "c"},
                                {"OS_AUTH_TYPE", "password"},
                                {"OS_APPLICATION_CREDENTIAL_NAME", "n"},
                                {"OS_LOAD_BALANCER_ENDPOINT_OVERRIDE", "http://o"},
                                {"OS_EMPTY", ""},
                                {"OS_PROJECT_ID", ""}});
  CloudSettings s = settings_from_env(env);
  CHECK(s["auth_url"] == "http://k:5000");
  CHECK(s["username"] == "bob");
  CHECK(s["project_name"] == "modern");
  CHECK(s["user_domain_name"] == "D");
  CHECK(s["project_domain_name"] == "P");
  CHECK(s["region_name"] == "R1");
  CHECK(s["interface"] == "internal");
  CHECK(s["cacert"] == "/ca.pem");
  CHECK(s["insecure"] == "false");
  CHECK(s["cloud"] == "c");
  CHECK(s["auth_type"] == "password");
  CHECK(s["application_credential_name"] == "n");
  CHECK(s["endpoint_override"] == "http://o");
  CHECK_FALSE(s.count("project_id"));  // empty variables count as unset
}

TEST_CASE("password settings become a v3 configuration with default domains") {
  CloudConfigResult r = cloud_config_from_settings({{"auth_url", "http://k:5000/"},
                                                    {"username", "u"},
                                                    {"password", "p"},
                                                    {"project_name", "proj"},
                                                    {"interface", "publicURL"}});
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(r.config.auth_url == "http://k:5000/v3");
  CHECK(r.config.method == AuthMethod::Password);
  CHECK(r.config.user_domain_name == "Default");
  CHECK(r.config.project_domain_name == "Default");
  CHECK(r.config.interface == "public");
  CHECK_FALSE(r.config.tls.insecure_skip_verify);
}

TEST_CASE("an application credential secret selects that method without auth_type") {
  CloudConfigResult r = cloud_config_from_settings({{"auth_url", "http://k/identity/v3"},
                                                    {"application_credential_id", "id1"},
                                                    {"application_credential_secret", "s"}});
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(r.config.method == AuthMethod::ApplicationCredential);
  CHECK(r.config.auth_url == "http://k/identity/v3");
  CHECK(r.config.app_cred_id == "id1");
}

TEST_CASE("missing or wrong settings are named") {
  CHECK(has_error(cloud_config_from_settings({}).diags, "No Keystone auth_url"));
  Diagnostics no_pw =
      cloud_config_from_settings({{"auth_url", "http://k"}, {"username", "u"}}).diags;
  CHECK(has_error(no_pw, "No password"));
  CHECK(has_error(no_pw, "No project"));
  CHECK(has_error(
      cloud_config_from_settings(
          {{"auth_url", "http://k/v2.0"}, {"user_id", "u"}, {"password", "p"}, {"project_id", "x"}})
          .diags,
      "v2.0"));
  CHECK(has_error(cloud_config_from_settings({{"auth_url", "http://k"},
                                              {"auth_type", "v3applicationcredential"},
                                              {"application_credential_name", "n"},
                                              {"application_credential_secret", "s"}})
                      .diags,
                  "needs its user"));
  CHECK(has_error(
      cloud_config_from_settings({{"auth_url", "http://k"}, {"auth_type", "token"}}).diags,
      "auth_type \"token\" is not supported"));
  CHECK(has_error(cloud_config_from_settings({{"auth_url", "http://k"},
                                              {"user_id", "u"},
                                              {"password", "p"},
                                              {"project_id", "x"},
                                              {"insecure", "maybe"}})
                      .diags,
                  "insecure is \"maybe\""));
  CHECK(has_error(cloud_config_from_settings({{"auth_url", "http://k"},
                                              {"user_id", "u"},
                                              {"password", "p"},
                                              {"project_id", "x"},
                                              {"interface", "private"}})
                      .diags,
                  "interface \"private\""));
  CHECK(has_error(
      cloud_config_from_settings({{"auth_url", "http://k"}, {"identity_api_version", "2"}}).diags,
      "Keystone v2 is not supported"));
}

TEST_CASE("explicit settings beat the environment, which beats clouds.yaml") {
  testing::TempDir dir;
  dir.write("clouds.yaml", R"(clouds:
  c:
    auth:
      auth_url: http://from-yaml:5000/v3
      username: yaml-user
      password: yaml-pw
      project_name: yaml-project
    region_name: YamlRegion
    cacert: ca.pem
)");
  EnvLookup env = env_from_map({{"OS_CLOUD", "c"},
                                {"OS_PASSWORD", "env-pw"},
                                {"OS_REGION_NAME", "EnvRegion"},
                                {"HOME", dir.path()}});
  CloudConfigResult r = resolve_cloud_config({{"region_name", "ExplicitRegion"}}, env, dir.path());
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(r.config.cloud == "c");
  CHECK(r.config.clouds_path == dir.path() + "/clouds.yaml");
  CHECK(r.config.auth_url == "http://from-yaml:5000/v3");
  CHECK(r.config.username == "yaml-user");
  CHECK(r.config.password == "env-pw");
  CHECK(r.config.region == "ExplicitRegion");
  CHECK(r.config.tls.ca_file == dir.path() + "/ca.pem");  // relative to the working directory

  // The provider's `cloud` wins over OS_CLOUD; a cloud that is not there is an error.
  CloudConfigResult other = resolve_cloud_config({{"cloud", "missing"}}, env, dir.path());
  CHECK(has_error(other.diags, "cloud \"missing\" is not in"));
}

TEST_CASE("without a cloud name clouds.yaml is not read") {
  testing::TempDir dir;
  dir.write("clouds.yaml", "clouds:\n  c:\n    auth:\n      auth_url: http://yaml/v3\n");
  EnvLookup env = env_from_map({{"OS_AUTH_URL", "http://env:5000/v3"},
                                {"OS_USER_ID", "u"},
                                {"OS_PASSWORD", "p"},
                                {"OS_PROJECT_ID", "x"},
                                {"OS_CACERT", "~/ca.pem"},
                                {"OS_INSECURE", "TRUE"},
                                {"HOME", "/home/me"}});
  CloudConfigResult r = resolve_cloud_config({}, env, dir.path());
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(r.config.auth_url == "http://env:5000/v3");
  CHECK(r.config.cloud.empty());
  CHECK(r.config.tls.ca_file == "/home/me/ca.pem");
  CHECK(r.config.tls.insecure_skip_verify);
}

}  // namespace
}  // namespace fedplan::openstack_lb
