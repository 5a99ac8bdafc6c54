// Layering of clouds.yaml, OS_* variables and explicit settings, and the checks that turn them
// into a CloudConfig (see cloud_config.h).
#include "providers/openstack_lb/cloud_config.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace fedplan::openstack_lb {
namespace {

// OS_* variable -> CloudSettings key. Where two variables mean the same, the first listed wins.
const std::vector<std::pair<const char*, const char*>>& env_names() {
  static const std::vector<std::pair<const char*, const char*>> kNames = {
      {"OS_CLOUD", "cloud"},
      {"OS_AUTH_URL", "auth_url"},
      {"OS_AUTH_TYPE", "auth_type"},
      {"OS_USERNAME", "username"},
      {"OS_USER_ID", "user_id"},
      {"OS_PASSWORD", "password"},
      {"OS_USER_DOMAIN_NAME", "user_domain_name"},
      {"OS_USER_DOMAIN_ID", "user_domain_id"},
      {"OS_PROJECT_NAME", "project_name"},
      {"OS_TENANT_NAME", "project_name"},
      {"OS_PROJECT_ID", "project_id"},
      {"OS_TENANT_ID", "project_id"},
      {"OS_PROJECT_DOMAIN_NAME", "project_domain_name"},
      {"OS_PROJECT_DOMAIN_ID", "project_domain_id"},
      {"OS_APPLICATION_CREDENTIAL_ID", "application_credential_id"},
      {"OS_APPLICATION_CREDENTIAL_NAME", "application_credential_name"},
      {"OS_APPLICATION_CREDENTIAL_SECRET", "application_credential_secret"},
      {"OS_REGION_NAME", "region_name"},
      {"OS_INTERFACE", "interface"},
      {"OS_ENDPOINT_TYPE", "interface"},
      {"OS_CACERT", "cacert"},
      {"OS_CERT", "cert"},
      {"OS_KEY", "key"},
      {"OS_INSECURE", "insecure"},
      {"OS_IDENTITY_API_VERSION", "identity_api_version"},
      {"OS_LOAD_BALANCER_ENDPOINT_OVERRIDE", "endpoint_override"},
      {"OS_NETWORK_ENDPOINT_OVERRIDE", "network_endpoint_override"},
  };
  return kNames;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string get(const CloudSettings& s, const std::string& key) {
  auto it = s.find(key);
  return it == s.end() ? std::string() : it->second;
}

// Keystone's v3 base URL from what users write: ".../v3" as is, a bare host gets "/v3".
std::string normalize_auth_url(std::string url, Diagnostics& diags) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() >= 5 && url.compare(url.size() - 5, 5, "/v2.0") == 0) {
    diags.error("Keystone v2.0 is not supported",
                "auth_url " + url +
                    " names the identity v2.0 API, which Keystone removed; use "
                    "the v3 URL (usually the same with /v3).");
    return url;
  }
  if (url.size() >= 3 && url.compare(url.size() - 3, 3, "/v3") == 0) return url;
  return url + "/v3";
}

}  // namespace

std::optional<bool> parse_bool_text(const std::string& s) {
  std::string l = lower(s);
  if (l == "true" || l == "1" || l == "yes" || l == "on") return true;
  if (l == "false" || l == "0" || l == "no" || l == "off") return false;
  return std::nullopt;
}

CloudSettings settings_from_env(const EnvLookup& env) {
  CloudSettings s;
  for (const auto& [var, key] : env_names()) {
    if (s.count(key)) continue;
    std::optional<std::string> v = env(var);
    if (v && !v->empty()) s[key] = *v;
  }
  return s;
}

CloudConfigResult cloud_config_from_settings(const CloudSettings& s) {
  CloudConfigResult r;
  CloudConfig& c = r.config;
  Diagnostics& d = r.diags;
  const std::string where =
      "Set it in the provider block, in the environment (OS_* variables) or in the cloud's "
      "clouds.yaml entry.";

  if (!get(s, "profile").empty())
    d.error("clouds.yaml vendor profiles are not supported",
            "The cloud uses `profile: " + get(s, "profile") +
                "`; write its auth_url (and region) into the clouds.yaml entry instead.");
  std::string api = get(s, "identity_api_version");
  if (!api.empty() && api != "3" && api != "3.0")
    d.error("Keystone v" + api + " is not supported", "fedplan speaks the identity v3 API only.");

  std::string auth_url = get(s, "auth_url");
  if (auth_url.empty())
    d.error("No Keystone auth_url", "The openstack_lb provider needs the identity URL. " + where);
  else
    c.auth_url = normalize_auth_url(auth_url, d);

  c.username = get(s, "username");
  c.user_id = get(s, "user_id");
  c.password = get(s, "password");
  c.user_domain_name = get(s, "user_domain_name");
  c.user_domain_id = get(s, "user_domain_id");
  c.project_name = get(s, "project_name");
  c.project_id = get(s, "project_id");
  c.project_domain_name = get(s, "project_domain_name");
  c.project_domain_id = get(s, "project_domain_id");
  c.app_cred_id = get(s, "application_credential_id");
  c.app_cred_name = get(s, "application_credential_name");
  c.app_cred_secret = get(s, "application_credential_secret");
  c.region = get(s, "region_name");
  c.endpoint_override = get(s, "endpoint_override");
  c.network_endpoint_override = get(s, "network_endpoint_override");

  std::string auth_type = lower(get(s, "auth_type"));
  if (auth_type.empty())
    auth_type = (!c.app_cred_secret.empty() || !c.app_cred_id.empty()) ? "v3applicationcredential"
                                                                       : "password";
  if (auth_type == "password" || auth_type == "v3password") {
    c.method = AuthMethod::Password;
  } else if (auth_type == "v3applicationcredential" || auth_type == "applicationcredential" ||
             auth_type == "application_credential" || auth_type == "v3_application_credential") {
    c.method = AuthMethod::ApplicationCredential;
  } else {
    d.error("auth_type \"" + get(s, "auth_type") + "\" is not supported",
            "Use \"password\" (v3password) or \"v3applicationcredential\".");
  }

  if (c.method == AuthMethod::Password) {
    if (c.username.empty() && c.user_id.empty())
      d.error("No user for password authentication", "Set username or user_id. " + where);
    if (c.password.empty())
      d.error("No password for password authentication", "Set password. " + where);
    if (c.project_name.empty() && c.project_id.empty())
      d.error("No project to scope the token to",
              "Octavia objects belong to a project: set project_name or project_id. " + where);
    // Names are unique only within a domain; the clients' usual default domain is "Default".
    if (!c.username.empty() && c.user_id.empty() && c.user_domain_name.empty() &&
        c.user_domain_id.empty())
      c.user_domain_name = "Default";
    if (!c.project_name.empty() && c.project_id.empty() && c.project_domain_name.empty() &&
        c.project_domain_id.empty())
      c.project_domain_name = "Default";
  } else {
    if (c.app_cred_secret.empty())
      d.error("No application credential secret", "Set application_credential_secret. " + where);
    if (c.app_cred_id.empty() && c.app_cred_name.empty())
      d.error("No application credential",
              "Set application_credential_id, or application_credential_name with the user "
              "(username or user_id) that owns it. " +
                  where);
    if (c.app_cred_id.empty() && !c.app_cred_name.empty() && c.username.empty() &&
        c.user_id.empty())
      d.error("An application credential name needs its user",
              "Keystone finds application credentials by name only within one user: set "
              "username (and user_domain_name) or user_id, or use application_credential_id.");
    if (!c.username.empty() && c.user_id.empty() && c.user_domain_name.empty() &&
        c.user_domain_id.empty())
      c.user_domain_name = "Default";
  }

  std::string iface = lower(get(s, "interface"));
  if (iface.size() > 3 && iface.compare(iface.size() - 3, 3, "url") == 0)
    iface.resize(iface.size() - 3);  // publicURL, internalURL, adminURL
  if (!iface.empty()) {
    if (iface != "public" && iface != "internal" && iface != "admin")
      d.error("interface \"" + get(s, "interface") + "\" is not one of public, internal, admin");
    c.interface = iface;
  }

  c.tls.ca_file = get(s, "cacert");
  c.tls.client_cert_file = get(s, "cert");
  c.tls.client_key_file = get(s, "key");
  std::string insecure = get(s, "insecure");
  if (!insecure.empty()) {
    std::optional<bool> b = parse_bool_text(insecure);
    if (!b)
      d.error("insecure is \"" + insecure + "\"", "Use true or false.");
    else
      c.tls.insecure_skip_verify = *b;
  }
  return r;
}

CloudConfigResult resolve_cloud_config(const CloudSettings& explicit_settings, const EnvLookup& env,
                                       const std::string& cwd) {
  CloudSettings from_env = settings_from_env(env);
  std::string cloud = get(explicit_settings, "cloud");
  if (cloud.empty()) cloud = get(from_env, "cloud");
  CloudSettings merged;
  std::string clouds_path;
  if (!cloud.empty()) {
    LoadedCloud loaded = load_cloud(cloud, get(explicit_settings, "clouds_file"), env, cwd);
    if (!loaded.error.empty()) {
      CloudConfigResult r;
      r.diags.error("Cannot read cloud \"" + cloud + "\" from clouds.yaml", loaded.error);
      return r;
    }
    merged = loaded.settings;
    clouds_path = loaded.path;
  }
  for (const auto& [k, v] : from_env) merged[k] = v;
  for (const auto& [k, v] : explicit_settings) merged[k] = v;
  for (const char* k : {"cacert", "cert", "key"})
    if (merged.count(k)) merged[k] = expand_path(merged[k], env, cwd);
  CloudConfigResult r = cloud_config_from_settings(merged);
  r.config.cloud = cloud;
  r.config.clouds_path = clouds_path;
  return r;
}

}  // namespace fedplan::openstack_lb
