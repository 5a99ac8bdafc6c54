// Building REST answers: JSON documents, Status errors, and outcomes rendered for the
// client's Accept header.
#include "sandbox/api_response.h"

#include <algorithm>

#include "base/yaml_json.h"
#include "sandbox/meta.h"
#include "sandbox/table.h"

namespace fedplan::sandbox {

using nlohmann::json;

ApiResponse json_response(int status, const json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ApiResponse error_response(const ApiError& e) {
  ApiResponse r = json_response(e.code, status_json(e));
  if (e.retry_after > 0) r.headers.push_back({"Retry-After", std::to_string(e.retry_after)});
  return r;
}

Render render_for(const std::string& accept) {
  std::string a = accept;
  std::transform(a.begin(), a.end(), a.begin(), ::tolower);
  size_t start = 0;
  while (start <= a.size()) {
    size_t comma = a.find(',', start);
    std::string part =
        a.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (part.find("as=table") != std::string::npos) return Render::Table;
    if (part.find("as=partialobjectmetadata") != std::string::npos) return Render::PartialMetadata;
    std::string m = media_type(part);
    if (m == "application/json" || m == "*/*" || m.empty()) return Render::Json;
    if (m == "application/yaml") return Render::Yaml;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return Render::Json;
}

bool only_unsupported_media(const std::string& accept) {
  if (accept.empty()) return false;
  std::string a = accept;
  std::transform(a.begin(), a.end(), a.begin(), ::tolower);
  return a.find("json") == std::string::npos && a.find("yaml") == std::string::npos &&
         a.find("*/*") == std::string::npos;
}

ApiResponse outcome_response(const Outcome& o) {
  return o.ok() ? json_response(o.code, o.body) : error_response(o.error);
}

ApiResponse rendered(const Outcome& o, const ResourceType& t, Render how,
                     const RequestTarget& target, std::chrono::system_clock::time_point now) {
  if (!o.ok()) return error_response(o.error);
  bool is_object = get_string(o.body, "kind") == t.kind || o.body.contains("items");
  bool is_list = o.body.contains("items");
  if (how == Render::Table && is_object) {
    std::string include = target.param("includeObject");
    return json_response(o.code, to_table(t, o.body, now, include.empty() ? "Metadata" : include));
  }
  if (how == Render::PartialMetadata && is_object)
    return json_response(o.code, to_partial_metadata(o.body, is_list));
  if (how == Render::Yaml) {
    ApiResponse r;
    r.status = o.code;
    r.content_type = "application/yaml";
    r.body = to_yaml(o.body);
    return r;
  }
  return json_response(o.code, o.body);
}

}  // namespace fedplan::sandbox
