// clouds.yaml / secure.yaml: the search path of the OpenStack clients and the flattening of one
// cloud entry into CloudSettings (see clouds_yaml.h).
#include "providers/openstack_lb/clouds_yaml.h"

#include <filesystem>

#include "base/files.h"
#include "base/yaml_json.h"

namespace fedplan::openstack_lb {
namespace {

using nlohmann::json;

// A scalar as the text a user would have written ("true", "3", "x"); nullopt for null and
// for collections.
std::optional<std::string> scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

// Names the clouds.yaml `auth` keys are known by in CloudSettings (legacy aliases included).
std::string auth_key(const std::string& k) {
  if (k == "tenant_name") return "project_name";
  if (k == "tenant_id") return "project_id";
  return k;
}

// Top-level keys of a cloud entry, renamed to CloudSettings keys; "" for keys fedplan ignores
// (image_api_version and the many other per-service options of the clients).
std::string top_key(const std::string& k) {
  static const char* kSame[] = {
      "auth_type", "region_name", "interface", "cacert",
      "cert",      "key",         "insecure",  "network_endpoint_override"};
  for (const char* s : kSame)
    if (k == s) return k;
  if (k == "endpoint_type") return "interface";
  if (k == "load_balancer_endpoint_override") return "endpoint_override";
  return "";
}

bool file_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

}  // namespace

CloudsYamlResult parse_clouds_yaml(std::string_view text, const std::string& cloud,
                                   const std::string& path) {
  CloudsYamlResult r;
  YamlResult y = parse_yaml(text);
  if (!y.ok()) {
    r.error = path + ":" + std::to_string(y.line) + ":" + std::to_string(y.column) + ": " + y.error;
    return r;
  }
  if (y.docs.empty() || y.docs[0].is_null()) return r;  // an empty file has no clouds
  const json& doc = y.docs[0];
  if (!doc.is_object() || (doc.contains("clouds") && !doc["clouds"].is_object())) {
    r.error = path + ": expected a mapping with a `clouds:` mapping of cloud names";
    return r;
  }
  if (!doc.contains("clouds") || !doc["clouds"].contains(cloud)) return r;
  const json& entry = doc["clouds"][cloud];
  if (!entry.is_object()) {
    r.error = path + ": cloud \"" + cloud + "\" is not a mapping";
    return r;
  }
  r.found = true;
  for (const auto& [k, v] : entry.items()) {
    if (k == "auth") {
      if (!v.is_object()) {
        r.error = path + ": clouds." + cloud + ".auth is not a mapping";
        return r;
      }
      for (const auto& [ak, av] : v.items())
        if (auto s = scalar_text(av)) r.settings[auth_key(ak)] = *s;
    } else if (k == "verify") {
      // The clients' `verify: false` is insecure mode; `verify: true` is the default.
      if (v.is_boolean()) r.settings["insecure"] = v.get<bool>() ? "false" : "true";
    } else if (k == "regions") {
      // A list of names or {name: ...}; the first one is the default region.
      if (v.is_array() && !v.empty()) {
        const json& first = v[0];
        if (first.is_string()) r.settings.emplace("regions_first", first.get<std::string>());
        if (first.is_object() && first.contains("name") && first["name"].is_string())
          r.settings.emplace("regions_first", first["name"].get<std::string>());
      }
    } else if (k == "profile") {
      if (auto s = scalar_text(v)) r.settings["profile"] = *s;
    } else if (k == "identity_api_version") {
      if (auto s = scalar_text(v)) r.settings["identity_api_version"] = *s;
    } else {
      std::string key = top_key(k);
      if (key.empty()) continue;
      if (auto s = scalar_text(v)) r.settings[key] = *s;
    }
  }
  if (!r.settings.count("region_name") && r.settings.count("regions_first"))
    r.settings["region_name"] = r.settings["regions_first"];
  r.settings.erase("regions_first");
  return r;
}

std::string expand_path(const std::string& path, const EnvLookup& env, const std::string& cwd) {
  if (path.empty()) return path;
  if (path == "~" || path.rfind("~/", 0) == 0) {
    std::string home = env("HOME").value_or("");
    return home + path.substr(1);
  }
  if (path[0] == '/' || cwd.empty()) return path;
  return (std::filesystem::path(cwd) / path).string();
}

std::vector<std::string> config_search_path(const std::string& basename,
                                            const std::string& explicit_file, const EnvLookup& env,
                                            const std::string& cwd) {
  std::vector<std::string> out;
  std::string file_var = basename == "secure.yaml" ? "OS_SECURE_FILE" : "OS_CLIENT_CONFIG_FILE";
  if (!explicit_file.empty())
    out.push_back(expand_path(explicit_file, env, cwd));
  else if (auto f = env(file_var); f && !f->empty())
    out.push_back(expand_path(*f, env, cwd));
  out.push_back(expand_path(basename, env, cwd));
  std::string xdg = env("XDG_CONFIG_HOME").value_or("");
  if (xdg.empty()) xdg = env("HOME").value_or("") + "/.config";
  out.push_back(xdg + "/openstack/" + basename);
  out.push_back("/etc/openstack/" + basename);
  return out;
}

LoadedCloud load_cloud(const std::string& cloud, const std::string& explicit_file,
                       const EnvLookup& env, const std::string& cwd) {
  LoadedCloud r;
  std::vector<std::string> paths = config_search_path("clouds.yaml", explicit_file, env, cwd);
  std::string text;
  for (const std::string& p : paths) {
    if (file_exists(p) && read_file(p, &text, nullptr)) {
      r.path = p;
      break;
    }
    // An explicitly named file that is missing is an error, not a reason to look elsewhere.
    if (&p == &paths.front() && !explicit_file.empty()) {
      r.error = "cannot read the clouds file " + p;
      return r;
    }
  }
  if (r.path.empty()) {
    r.error = "cloud \"" + cloud + "\" was asked for, but no clouds.yaml was found (searched";
    for (const std::string& p : paths) r.error += " " + p;
    r.error += ")";
    return r;
  }
  CloudsYamlResult main = parse_clouds_yaml(text, cloud, r.path);
  if (!main.error.empty()) {
    r.error = main.error;
    return r;
  }
  r.settings = main.settings;
  bool found = main.found;
  for (const std::string& p : config_search_path("secure.yaml", "", env, cwd)) {
    std::string secure;
    if (!file_exists(p) || !read_file(p, &secure, nullptr)) continue;
    CloudsYamlResult s = parse_clouds_yaml(secure, cloud, p);
    if (!s.error.empty()) {
      r.error = s.error;
      return r;
    }
    for (const auto& [k, v] : s.settings) r.settings[k] = v;
    found = found || s.found;
    break;
  }
  if (!found) {
    r.error = "cloud \"" + cloud + "\" is not in " + r.path;
    YamlResult y = parse_yaml(text);
    if (y.ok() && !y.docs.empty() && y.docs[0].is_object() && y.docs[0].contains("clouds")) {
      std::string names;
      for (const auto& [name, v] : y.docs[0]["clouds"].items())
        names += (names.empty() ? "" : ", ") + name;
      r.error += names.empty() ? " (it lists no clouds)" : " (clouds there: " + names + ")";
    }
  }
  return r;
}

}  // namespace fedplan::openstack_lb
