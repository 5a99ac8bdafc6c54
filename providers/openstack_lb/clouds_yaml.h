// clouds.yaml (and secure.yaml) as the OpenStack clients read them: where they are searched,
// and one cloud's entry flattened into CloudSettings keys.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/env_lookup.h"

namespace fedplan::openstack_lb {

// Connection settings by canonical key: the clouds.yaml `auth` keys (auth_url, username,
// password, project_name, application_credential_id, ...) and the top-level ones (auth_type,
// region_name, interface, cacert, cert, key, insecure, endpoint_override, ...). Later layers
// (environment, explicit provider settings) overwrite earlier ones key by key.
using CloudSettings = std::map<std::string, std::string>;

// One cloud read from a file: its settings, or an error naming the file.
struct CloudsYamlResult {
  CloudSettings settings;
  bool found = false;  // the cloud has an entry in the text
  std::string error;
};

// Flattens the entry of `cloud` in a clouds.yaml (or secure.yaml) text. `path` only names the
// file in messages. A missing cloud is not an error here (found = false).
CloudsYamlResult parse_clouds_yaml(std::string_view text, const std::string& cloud,
                                   const std::string& path);

// The files searched, in order, as the OpenStack clients do: `explicit_file` (the provider's
// `clouds_file`) or else $OS_CLIENT_CONFIG_FILE, then ./clouds.yaml (in `cwd`),
// $XDG_CONFIG_HOME/openstack/clouds.yaml (default ~/.config), /etc/openstack/clouds.yaml.
// `basename` is "clouds.yaml" or "secure.yaml" ($OS_SECURE_FILE for the latter).
std::vector<std::string> config_search_path(const std::string& basename,
                                            const std::string& explicit_file, const EnvLookup& env,
                                            const std::string& cwd);

// Expands a leading "~/" with $HOME from `env`, and makes a relative path absolute from `cwd`.
std::string expand_path(const std::string& path, const EnvLookup& env, const std::string& cwd);

// One cloud's settings from the files, with the clouds.yaml they came from, or an error.
struct LoadedCloud {
  CloudSettings settings;
  std::string path;  // the clouds.yaml used
  std::string error;
};

// Reads `cloud` from the first clouds.yaml found, merged with the first secure.yaml found (its
// values win). Errors: no file found (naming the places searched), the file does not parse,
// or the cloud is not in it (naming the clouds that are).
LoadedCloud load_cloud(const std::string& cloud, const std::string& explicit_file,
                       const EnvLookup& env, const std::string& cwd);

}  // namespace fedplan::openstack_lb
