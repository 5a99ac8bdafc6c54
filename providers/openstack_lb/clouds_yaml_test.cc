// clouds.yaml units: flattening one cloud's entry, the search path, secure.yaml merging and the
// messages for a missing file or cloud.
#include "providers/openstack_lb/clouds_yaml.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"

namespace fedplan::openstack_lb {
namespace {

const char* kClouds = R"(clouds:
  prod:
    auth:
      auth_url: https://keystone.example:5000
      username: alice
      password: s3cret
      project_name: mesh
      user_domain_name: Users
      project_domain_id: default
    region_name: RegionTwo
    interface: internal
    cacert: ~/ca.pem
    identity_api_version: 3
    load_balancer_endpoint_override: https://octavia.example:9876
  legacy:
    auth:
      auth_url: https://k:5000/v3
      tenant_name: old
      tenant_id: 1234
    endpoint_type: publicURL
    verify: false
    regions:
      - name: North
      - South
  appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://k:5000/v3
      application_credential_id: abc
      application_credential_secret: xyz
)";

TEST_CASE("a cloud's auth and top-level keys are flattened") {
  CloudsYamlResult r = parse_clouds_yaml(kClouds, "prod", "clouds.yaml");
  REQUIRE(r.error.empty());
  CHECK(r.found);
  CHECK(r.settings["auth_url"] == "https://keystone.example:5000");
  CHECK(r.settings["username"] == "alice");
  CHECK(r.settings["password"] == "s3cret");
  CHECK(r.settings["project_name"] == "mesh");
  CHECK(r.settings["user_domain_name"] == "Users");
  CHECK(r.settings["project_domain_id"] == "default");
  CHECK(r.settings["region_name"] == "RegionTwo");
  CHECK(r.settings["interface"] == "internal");
  CHECK(r.settings["cacert"] == "~/ca.pem");
  CHECK(r.settings["identity_api_version"] == "3");
  CHECK(r.settings["endpoint_override"] == "https://octavia.example:9876");
}

TEST_CASE("legacy tenant keys, endpoint_type, verify false and the first region") {
  CloudsYamlResult r = parse_clouds_yaml(kClouds, "legacy", "clouds.yaml");
  REQUIRE(r.error.empty());
  CHECK(r.settings["project_name"] == "old");
  CHECK(r.settings["project_id"] == "1234");
  CHECK(r.settings["interface"] == "publicURL");
  CHECK(r.settings["insecure"] == "true");
  CHECK(r.settings["region_name"] == "North");
  CHECK_FALSE(r.settings.count("regions_first"));
}

TEST_CASE("application credential clouds keep their auth_type") {
  CloudsYamlResult r = parse_clouds_yaml(kClouds, "appcred", "clouds.yaml");
  CHECK(r.settings["auth_type"] == "v3applicationcredential");
  CHECK(r.settings["application_credential_id"] == "abc");
  CHECK(r.settings["application_credential_secret"] == "xyz");
}

TEST_CASE("a missing cloud is not found, a broken file is an error with its position") {
  CloudsYamlResult missing = parse_clouds_yaml(kClouds, "nope", "clouds.yaml");
  CHECK(missing.error.empty());
  CHECK_FALSE(missing.found);
  CloudsYamlResult broken = parse_clouds_yaml("clouds:\n  a: [1,\n", "a", "/x/clouds.yaml");
  CHECK(broken.error.find("/x/clouds.yaml:") == 0);
  CloudsYamlResult wrong = parse_clouds_yaml("clouds: 3\n", "a", "c.yaml");
  CHECK(wrong.error.find("clouds") != std::string::npos);
}

TEST_CASE("the search path follows the OpenStack clients") {
  EnvLookup env = env_from_map({{"HOME", "/home/u"}});
  std::vector<std::string> p = config_search_path("clouds.yaml", "", env, "/work");
  REQUIRE(p.size() == 3);
  CHECK(p[0] == "/work/clouds.yaml");
  CHECK(p[1] == "/home/u/.config/openstack/clouds.yaml");
  CHECK(p[2] == "/etc/openstack/clouds.yaml");

  EnvLookup xdg = env_from_map(
      {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "/cfg"}, {"OS_CLIENT_CONFIG_FILE", "~/my.yaml"}});
  p = config_search_path("clouds.yaml", "", xdg, "/work");
  REQUIRE(p.size() == 4);
  CHECK(p[0] == "/home/u/my.yaml");
  CHECK(p[2] == "/cfg/openstack/clouds.yaml");

  p = config_search_path("clouds.yaml", "rel/c.yaml", xdg, "/work");
  CHECK(p[0] == "/work/rel/c.yaml");  // the explicit file wins over OS_CLIENT_CONFIG_FILE
  p = config_search_path("secure.yaml", "", env_from_map({{"OS_SECURE_FILE", "/s.yaml"}}), "/w");
  CHECK(p[0] == "/s.yaml");
}

TEST_CASE("load_cloud reads the first clouds.yaml and merges secure.yaml over it") {
  testing::TempDir home;
  testing::TempDir cwd;
  home.write(".config/openstack/clouds.yaml",
             "clouds:\n  c:\n    auth:\n      auth_url: http://k/v3\n      username: u\n");
  home.write(".config/openstack/secure.yaml", "clouds:\n  c:\n    auth:\n      password: p\n");
  EnvLookup env = env_from_map({{"HOME", home.path()}});
  LoadedCloud c = load_cloud("c", "", env, cwd.path());
  REQUIRE(c.error.empty());
  CHECK(c.path == home.path() + "/.config/openstack/clouds.yaml");
  CHECK(c.settings["username"] == "u");
  CHECK(c.settings["password"] == "p");

  // ./clouds.yaml comes first and hides the one in ~/.config.
  cwd.write("clouds.yaml", "clouds:\n  other:\n    auth:\n      auth_url: http://o/v3\n");
  LoadedCloud hidden = load_cloud("c", "", env, cwd.path());
  CHECK(hidden.path == cwd.path() + "/clouds.yaml");
  CHECK_FALSE(hidden.settings.count("username"));
  CHECK(hidden.settings["password"] == "p");  // secure.yaml still merges over it
  LoadedCloud missing = load_cloud("zzz", "", env, cwd.path());
  CHECK(missing.error ==
        "cloud \"zzz\" is not in " + cwd.path() + "/clouds.yaml (clouds there: other)");
}

TEST_CASE("load_cloud names what it searched when no file exists") {
  testing::TempDir home;
  EnvLookup env = env_from_map({{"HOME", home.path()}});
  LoadedCloud c = load_cloud("c", "", env, home.path());
  CHECK(c.error.find("no clouds.yaml was found") != std::string::npos);
  CHECK(c.error.find(home.path() + "/.config/openstack/clouds.yaml") != std::string::npos);
  LoadedCloud explicit_missing = load_cloud("c", home / "none.yaml", env, home.path());
  CHECK(explicit_missing.error == "cannot read the clouds file " + home / "none.yaml");
}

}  // namespace
}  // namespace fedplan::openstack_lb
