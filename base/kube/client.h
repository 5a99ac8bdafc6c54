// KubeClient: REST calls to one Kubernetes API server over the HttpTransport seam: credentials
// (refreshed after a 401) and impersonation, a cap in flight, 409 retries and Status parsing.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "base/clock.h"
#include "base/http/http.h"
#include "base/http/url.h"
#include "base/kube/access.h"

namespace fedplan::kube {

// One API answer: the status and parsed JSON body, or the transport failure.
struct ApiResult {
  int status = 0;       // 0 when the transport failed
  nlohmann::json body;  // the JSON body (null when empty or not JSON)
  HttpError error = HttpError::None;
  std::string error_message;
  std::string method;
  std::string path;

  bool ok() const { return error == HttpError::None && status >= 200 && status < 300; }
  bool not_found() const { return status == 404; }
  // No server answered: resolve/connect failures and timeouts. (TLS and auth failures do
  // not count: the server is there but does not trust us or we do not trust it.)
  bool unreachable() const;
  // The message of a Kubernetes Status body, or the transport error.
  std::string message() const;
  // The Status `reason` ("Conflict", "NotFound", "Invalid", ...), "" if none.
  std::string reason() const;
  // A 409 from server-side apply about fields another manager owns.
  bool field_manager_conflict() const;
};

// Calls made, by kind (each may be several requests on the wire after retries), and requests
// handed to the transport; for tests and the benchmark.
struct ClientCounters {
  std::atomic<int> requests{0};
  std::atomic<int> lists{0};
  std::atomic<int> gets{0};
  std::atomic<int> patches{0};
  std::atomic<int> deletes{0};
};

class KubeClient {
 public:
  // `transport` should already retry 429/5xx/dropped connections (a RetryingTransport).
  KubeClient(ClusterAccess access, std::shared_ptr<HttpTransport> transport, Clock& clock,
             int max_parallel);

  ApiResult get(const std::string& path, const QueryParams& query = {});
  // A GET of a collection (counted apart from single-object GETs).
  ApiResult list(const std::string& path, const QueryParams& query = {});
  // Server-side apply of `manifest` as field manager "fedplan".
  ApiResult apply(const std::string& path, const nlohmann::json& manifest, bool force,
                  bool dry_run);
  ApiResult remove(const std::string& path, const std::string& propagation_policy);
  ApiResult send(const std::string& method, const std::string& path, const QueryParams& query,
                 const std::string& body, const std::string& content_type, bool idempotent);

  const ClusterAccess& access() const { return access_; }
  Clock& clock() { return clock_; }
  ClientCounters& counters() { return counters_; }

 private:
  ApiResult send_once(const HttpRequest& req, const std::string& method, const std::string& path);
  // Sets Authorization (and *token) from the token or the token source, which is told the token
  // the server `rejected` ("" for none); false and *err when it has none.
  bool authorize(const std::string& rejected, HttpHeaders* headers, std::string* token,
                 std::string* err);
  ApiResult credential_failure(const std::string& method, const std::string& path,
                               const std::string& err);

  ClusterAccess access_;
  std::shared_ptr<HttpTransport> transport_;
  Clock& clock_;
  int max_parallel_;
  std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;
  ClientCounters counters_;
};

// Basic authorization and the Impersonate-* headers of `access` (the bearer token is set per
// request, since a token source can change it).
void set_identity_headers(const ClusterAccess& access, HttpHeaders* headers);

// The API path of a resource collection or object: /api/v1/namespaces/ns/configmaps[/name].
std::string resource_path(const std::string& group, const std::string& version,
                          const std::string& resource, const std::string& ns,
                          const std::string& name);

// A sentence for a failed call: what was attempted, the server's message and a hint for
// 401/403/TLS/unreachable cases.
std::string describe_failure(const ApiResult& r, const std::string& what,
                             const ClusterAccess& access);

}  // namespace fedplan::kube
