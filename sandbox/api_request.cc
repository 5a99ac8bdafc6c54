// Reading a REST request: the target's path and query, the resource path and verb, the
// options carried in the query, media types and the body.
#include "sandbox/api_request.h"

#include <algorithm>

#include "base/yaml_json.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {

std::string percent_decode(const std::string& s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

RequestTarget parse_target(const std::string& target) {
  RequestTarget t;
  size_t q = target.find('?');
  t.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string qs = target.substr(q + 1);
    size_t start = 0;
    while (start <= qs.size()) {
      size_t amp = qs.find('&', start);
      std::string kv = qs.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (!kv.empty()) {
        size_t eq = kv.find('=');
        t.query.push_back({percent_decode(kv.substr(0, eq), true),
                           eq == std::string::npos ? "" : percent_decode(kv.substr(eq + 1), true)});
      }
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
  }
  size_t start = 0;
  while (start < t.path.size()) {
    size_t slash = t.path.find('/', start);
    std::string seg =
        t.path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!seg.empty()) t.segments.push_back(percent_decode(seg, false));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return t;
}

ResourcePath parse_resource_path(const std::vector<std::string>& s) {
  ResourcePath p;
  size_t i;
  if (s.size() >= 2 && s[0] == "api") {
    p.version = s[1];
    i = 2;
  } else if (s.size() >= 3 && s[0] == "apis") {
    p.group = s[1];
    p.version = s[2];
    i = 3;
  } else {
    return p;
  }
  std::vector<std::string> rest(s.begin() + static_cast<long>(i), s.end());
  if (rest.empty()) return p;
  if (rest[0] == "namespaces" && rest.size() >= 3 && rest[2] != "status" && rest[2] != "finalize") {
    p.ns = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  if (rest.empty() || rest.size() > 3) return p;
  p.resource = rest[0];
  if (rest.size() >= 2) p.name = rest[1];
  if (rest.size() == 3) p.subresource = rest[2];
  p.valid = true;
  return p;
}

std::string verb_for(const std::string& method, const ResourcePath& p, const RequestTarget& t) {
  bool collection = p.name.empty();
  if (method == "GET" || method == "HEAD") {
    if (t.param("watch") == "true" || t.param("watch") == "1") return "watch";
    return collection ? "list" : "get";
  }
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return collection ? "deletecollection" : "delete";
  return "";
}

std::string media_type(const std::string& content_type) {
  std::string m = content_type.substr(0, content_type.find(';'));
  m.erase(std::remove(m.begin(), m.end(), ' '), m.end());
  std::transform(m.begin(), m.end(), m.begin(), ::tolower);
  return m;
}

std::string manager_from(const RequestTarget& t, const std::string& user_agent) {
  std::string m = t.param("fieldManager");
  if (!m.empty()) return m;
  std::string ua = user_agent.substr(0, user_agent.find('/'));
  return ua.empty() ? "unknown" : ua;
}

bool parse_list_options(const RequestTarget& t, ListOptions* opts, ApiError* e) {
  std::string err;
  if (!parse_label_selector(t.param("labelSelector"), &opts->labels, &err)) {
    *e = bad_request(err);
    return false;
  }
  if (!parse_field_selector(t.param("fieldSelector"), &opts->fields, &err)) {
    *e = bad_request(err);
    return false;
  }
  std::string limit = t.param("limit");
  if (!limit.empty()) {
    char* end = nullptr;
    long long n = std::strtoll(limit.c_str(), &end, 10);
    if (*end != '\0' || n < 0) {
      *e = bad_request("limit: Invalid value: \"" + limit + "\"");
      return false;
    }
    opts->limit = static_cast<size_t>(n);
  }
  opts->continue_token = t.param("continue");
  return true;
}

bool parse_dry_run(const RequestTarget& t, bool* dry, ApiError* e) {
  *dry = false;
  for (const auto& [k, v] : t.query) {
    if (k != "dryRun") continue;
    if (v == "All") {
      *dry = true;
    } else if (!v.empty()) {
      *e = bad_request("Invalid dryRun value: \"" + v + "\": supported values: \"All\"");
      return false;
    }
  }
  return true;
}

bool parse_field_validation(const RequestTarget& t, const std::string& verb, std::string* out,
                            ApiError* e) {
  std::string v = t.param("fieldValidation");
  if (v.empty() || (verb != "create" && verb != "update" && verb != "patch")) return true;
  if (v == "Strict" || v == "Warn" || v == "Ignore") {
    *out = v;
    return true;
  }
  const char* options = verb == "create"   ? "CreateOptions"
                        : verb == "update" ? "UpdateOptions"
                                           : "PatchOptions";
  *e = invalid_options(options, "fieldValidation: Unsupported value: \"" + v +
                                    "\": supported values: \"\", \"Ignore\", \"Strict\", "
                                    "\"Warn\"");
  return false;
}

bool decode_body(const ApiRequest& req, json* out, ApiError* e) {
  std::string ct = media_type(req.content_type);
  if (ct == "application/yaml") {
    YamlResult y = parse_yaml(req.body);
    if (!y.ok() || y.docs.size() != 1) {
      *e = bad_request("error converting YAML to JSON: yaml: line " + std::to_string(y.line) +
                       ": " + (y.ok() ? "expected one document" : y.error));
      return false;
    }
    *out = y.docs[0];
    return true;
  }
  if (!ct.empty() && ct != "application/json") {
    *e = unsupported_media_type(req.content_type);
    e->message =
        "the body of the request was in an unknown format - accepted media types "
        "include: application/json, application/yaml";
    return false;
  }
  *out = json::parse(req.body, nullptr, false);
  if (out->is_discarded()) {
    *e = bad_request(
        "couldn't get version/kind; json parse error: the request body is not valid JSON");
    return false;
  }
  return true;
}

}  // namespace fedplan::sandbox
