// Reading a REST request: the target's path segments and query, the resource path and verb,
// list, dry-run and field-manager options, media types and the decoded body.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "sandbox/api.h"
#include "sandbox/cluster.h"

namespace fedplan::sandbox {

// The request target split into percent-decoded path segments and query parameters.
struct RequestTarget {
  std::string path;
  std::vector<std::string> segments;
  std::vector<std::pair<std::string, std::string>> query;

  std::string param(const std::string& k) const {
    for (const auto& [key, v] : query)
      if (key == k) return v;
    return "";
  }
  bool has(const std::string& k) const {
    for (const auto& [key, v] : query)
      if (key == k) return true;
    return false;
  }
};

RequestTarget parse_target(const std::string& target);

// A resource URL: /api/v1/... or /apis/G/V/..., optionally namespaced, with name and subresource.
struct ResourcePath {
  std::string group, version, ns, resource, name, subresource;
  bool valid = false;
};

ResourcePath parse_resource_path(const std::vector<std::string>& segments);

// The Kubernetes verb of a request ("get", "list", "watch", "create", ...), "" for none.
std::string verb_for(const std::string& method, const ResourcePath& p, const RequestTarget& t);

// The media type of a Content-Type or Accept part: lower case, without parameters.
std::string media_type(const std::string& content_type);

// The field manager for non-apply writes: the parameter, else the User-Agent's product name.
std::string manager_from(const RequestTarget& t, const std::string& user_agent);

bool parse_list_options(const RequestTarget& t, ListOptions* opts, ApiError* e);
bool parse_dry_run(const RequestTarget& t, bool* dry, ApiError* e);
// fieldValidation of a create, update or patch ("" means Warn, as kube-apiserver takes it).
bool parse_field_validation(const RequestTarget& t, const std::string& verb, std::string* out,
                            ApiError* e);

// The body of a create or update as JSON, from JSON or YAML.
bool decode_body(const ApiRequest& req, nlohmann::json* out, ApiError* e);

}  // namespace fedplan::sandbox
