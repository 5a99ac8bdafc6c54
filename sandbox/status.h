// API errors as values and their Kubernetes `Status` objects, with the reasons, codes and
// message wording the real API server uses.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace fedplan::sandbox {

struct ResourceType;

// A failed request: HTTP code, Status reason, message and details. code 0 means no error.
struct ApiError {
  int code = 0;
  std::string reason;
  std::string message;
  nlohmann::json details;  // null or {name, group, kind, causes}
  int retry_after = 0;     // seconds; sent as Retry-After when set

  bool ok() const { return code == 0; }
};

// The Status object for an error (or, with code 0, a Success status with `details`).
nlohmann::json status_json(const ApiError& e);
nlohmann::json success_status(const nlohmann::json& details);

// "configmaps" or "deployments.apps": how messages name a resource.
std::string qualified_resource(const ResourceType& t);

ApiError not_found(const ResourceType& t, const std::string& name);
ApiError namespace_not_found(const std::string& ns);
ApiError already_exists(const ResourceType& t, const std::string& name);
// 409 Conflict: stale resourceVersion ("the object has been modified ...").
ApiError modified_conflict(const ResourceType& t, const std::string& name);
ApiError conflict(const ResourceType& t, const std::string& name, const std::string& message);
// 422 Invalid: `Kind "name" is invalid: field: message` with one cause.
ApiError invalid(const ResourceType& t, const std::string& name, const std::string& field,
                 const std::string& message, const std::string& cause_reason = "FieldValueInvalid");
// 422 Invalid about request options (`PatchOptions`, `ListOptions`), as kube-apiserver words
// it: `PatchOptions.meta.k8s.io "" is invalid: what`.
ApiError invalid_options(const std::string& options_kind, const std::string& what);
ApiError bad_request(const std::string& message);
ApiError forbidden(const ResourceType& t, const std::string& name, const std::string& why);
ApiError method_not_allowed();
ApiError unsupported_media_type(const std::string& content_type);
ApiError not_acceptable();
ApiError entity_too_large(size_t limit);
ApiError resource_not_found();  // unknown URL: "the server could not find the requested resource"
ApiError unauthorized();
ApiError too_many_requests(int retry_after);
ApiError internal_error(const std::string& message);
ApiError gone(const std::string& message);

}  // namespace fedplan::sandbox
