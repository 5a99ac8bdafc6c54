// Status objects for API errors, worded as k8s.io/apimachinery/pkg/api/errors words them.
#include "sandbox/status.h"

#include "sandbox/registry.h"

namespace fedplan::sandbox {

using nlohmann::json;

namespace {
json details_for(const ResourceType& t, const std::string& name) {
  json d = {{"name", name}, {"kind", t.plural}};
  if (!t.group.empty()) d["group"] = t.group;
  return d;
}

ApiError make(int code, std::string reason, std::string message, json details = nullptr) {
  ApiError e;
  e.code = code;
  e.reason = std::move(reason);
  e.message = std::move(message);
  e.details = std::move(details);
  return e;
}
}  // namespace

json status_json(const ApiError& e) {
  json s = {{"kind", "Status"},
            {"apiVersion", "v1"},
            {"metadata", json::object()},
            {"status", e.ok() ? "Success" : "Failure"}};
  if (!e.message.empty()) s["message"] = e.message;
  if (!e.reason.empty()) s["reason"] = e.reason;
  json details = e.details.is_object() ? e.details : json::object();
  if (e.retry_after > 0) details["retryAfterSeconds"] = e.retry_after;
  if (!details.empty()) s["details"] = details;
  s["code"] = e.ok() ? 200 : e.code;
  return s;
}

json success_status(const json& details) {
  ApiError ok;
  ok.details = details;
  return status_json(ok);
}

std::string qualified_resource(const ResourceType& t) {
  return t.group.empty() ? t.plural : t.plural + "." + t.group;
}

ApiError not_found(const ResourceType& t, const std::string& name) {
  return make(404, "NotFound", qualified_resource(t) + " \"" + name + "\" not found",
              details_for(t, name));
}

ApiError namespace_not_found(const std::string& ns) {
  return make(404, "NotFound", "namespaces \"" + ns + "\" not found",
              {{"name", ns}, {"kind", "namespaces"}});
}

ApiError already_exists(const ResourceType& t, const std::string& name) {
  return make(409, "AlreadyExists", qualified_resource(t) + " \"" + name + "\" already exists",
              details_for(t, name));
}

ApiError modified_conflict(const ResourceType& t, const std::string& name) {
  return conflict(t, name,
                  "the object has been modified; please apply your changes to the latest "
                  "version and try again");
}

ApiError conflict(const ResourceType& t, const std::string& name, const std::string& message) {
  return make(
      409, "Conflict",
      "Operation cannot be fulfilled on " + qualified_resource(t) + " \"" + name + "\": " + message,
      details_for(t, name));
}

ApiError invalid(const ResourceType& t, const std::string& name, const std::string& field,
                 const std::string& message, const std::string& cause_reason) {
  std::string group_kind = t.group.empty() ? t.kind : t.kind + "." + t.group;
  json d = {{"name", name}, {"kind", t.kind}};
  if (!t.group.empty()) d["group"] = t.group;
  d["causes"] = {{{"reason", cause_reason}, {"message", message}, {"field", field}}};
  return make(422, "Invalid",
              group_kind + " \"" + name + "\" is invalid: " + field + ": " + message, d);
}

ApiError invalid_options(const std::string& options_kind, const std::string& what) {
  return make(422, "Invalid", options_kind + ".meta.k8s.io \"\" is invalid: " + what);
}

ApiError bad_request(const std::string& message) {
  return make(400, "BadRequest", message);
}

ApiError forbidden(const ResourceType& t, const std::string& name, const std::string& why) {
  return make(403, "Forbidden", qualified_resource(t) + " \"" + name + "\" is forbidden: " + why,
              details_for(t, name));
}

ApiError method_not_allowed() {
  return make(405, "MethodNotAllowed",
              "the server does not allow this method on the requested resource");
}

ApiError unsupported_media_type(const std::string& content_type) {
  return make(415, "UnsupportedMediaType",
              "the body of the request was in an unknown format - accepted media types "
              "include: application/json-patch+json, application/merge-patch+json, "
              "application/apply-patch+yaml, application/strategic-merge-patch+json (got " +
                  content_type + ")");
}

ApiError not_acceptable() {
  return make(406, "NotAcceptable",
              "only the following media types are accepted: application/json, "
              "application/yaml");
}

ApiError entity_too_large(size_t limit) {
  return make(413, "RequestEntityTooLarge",
              "Request entity too large: limit is " + std::to_string(limit));
}

ApiError resource_not_found() {
  return make(404, "NotFound", "the server could not find the requested resource");
}

ApiError unauthorized() {
  return make(401, "Unauthorized", "Unauthorized");
}

ApiError too_many_requests(int retry_after) {
  ApiError e = make(429, "TooManyRequests",
                    "The server has received too many requests and has asked us to try again "
                    "later");
  e.retry_after = retry_after;
  return e;
}

ApiError internal_error(const std::string& message) {
  return make(500, "InternalError", "Internal error occurred: " + message);
}

ApiError gone(const std::string& message) {
  return make(410, "Expired", message);
}

}  // namespace fedplan::sandbox
