// Where the openstack_lb provider's connection settings come from and what they become:
// clouds.yaml < OS_* environment < explicit provider settings, checked into one CloudConfig.
#pragma once

#include <string>

#include "base/diagnostics.h"
#include "base/env_lookup.h"
#include "base/http/tls_config.h"
#include "providers/openstack_lb/clouds_yaml.h"

namespace fedplan::openstack_lb {

// The two Keystone v3 methods fedplan speaks.
enum class AuthMethod { Password, ApplicationCredential };

// Everything needed to get a token and find Octavia, after layering and checks.
struct CloudConfig {
  std::string auth_url;  // Keystone v3 base URL, always ending in /v3
  AuthMethod method = AuthMethod::Password;
  std::string username, user_id, password, user_domain_name, user_domain_id;
  std::string project_name, project_id, project_domain_name, project_domain_id;
  std::string app_cred_id, app_cred_name, app_cred_secret;
  std::string region;                     // "" accepts any region of the catalog
  std::string interface = "public";       // public, internal or admin
  std::string endpoint_override;          // Octavia's URL instead of the catalog's
  std::string network_endpoint_override;  // Neutron's URL (floating IP lookups)
  TlsConfig tls;                          // CA bundle, insecure, client certificate
  std::string cloud;                      // the clouds.yaml entry used, if any
  std::string clouds_path;                // and its file
};

// A checked configuration, or errors saying which setting is missing or wrong.
struct CloudConfigResult {
  CloudConfig config;
  Diagnostics diags;
};

// The OS_* variables as CloudSettings keys: OS_AUTH_URL -> auth_url, OS_USERNAME -> username,
// OS_PROJECT_NAME (or OS_TENANT_NAME) -> project_name, OS_REGION_NAME -> region_name,
// OS_INTERFACE (or OS_ENDPOINT_TYPE) -> interface, OS_APPLICATION_CREDENTIAL_* ,
// OS_CACERT -> cacert, OS_CERT, OS_KEY, OS_INSECURE, OS_AUTH_TYPE, OS_CLOUD -> cloud,
// OS_LOAD_BALANCER_ENDPOINT_OVERRIDE -> endpoint_override, ... (see the docs for the table).
CloudSettings settings_from_env(const EnvLookup& env);

// Checks merged settings and builds the configuration. File paths (cacert, cert, key) are
// taken as they are; resolve_cloud_config expands them first.
CloudConfigResult cloud_config_from_settings(const CloudSettings& settings);

// The whole resolution: the cloud named by `explicit_settings["cloud"]` or $OS_CLOUD is read
// from clouds.yaml (`explicit_settings["clouds_file"]` or the search path), the environment
// overrides it, the explicit settings override both. `cwd` is where ./clouds.yaml is looked for
// and relative paths start.
CloudConfigResult resolve_cloud_config(const CloudSettings& explicit_settings, const EnvLookup& env,
                                       const std::string& cwd);

// "true"/"1"/"yes"/"on" and "false"/"0"/"no"/"off", any case; nullopt for anything else.
std::optional<bool> parse_bool_text(const std::string& s);

}  // namespace fedplan::openstack_lb
