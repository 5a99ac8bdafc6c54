// OctaviaClient: authenticated calls to the Octavia v2 API, writes retried while a load balancer
// is PENDING_* (409 "immutable"), and the waits for ACTIVE or for an object to be gone.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/http/http.h"
#include "providers/openstack_lb/token_cache.h"

namespace fedplan::openstack_lb {

// How long and how often to wait. All sleeping goes through the Clock.
struct WaitOptions {
  std::chrono::milliseconds timeout{600'000};  // per step: pending writes and status waits
  std::chrono::milliseconds poll_initial{250};
  std::chrono::milliseconds poll_max{5'000};
  double poll_multiplier = 1.5;
  std::chrono::milliseconds conflict_initial{500};  // first backoff after a 409 "immutable"
  std::chrono::milliseconds conflict_max{10'000};
};

// The outcome of a call. `error` is set when it failed; `status` is the HTTP status (0 when
// none came). No failure is for the engine to retry: the transport retries HTTP failures
// (docs/http.md) and the waits below take their whole timeout.
struct ApiResult {
  int status = 0;
  nlohmann::json body;  // the parsed JSON answer (null when empty or not JSON)
  std::string error;

  bool ok() const { return error.empty(); }
};

// Talks to one Octavia endpoint. Thread-safe (the transport and token cache are).
class OctaviaClient {
 public:
  // `root` is the API root, e.g. "http://127.0.0.1:9876/v2/lbaas".
  OctaviaClient(std::shared_ptr<HttpTransport> http, TokenCache& tokens, std::string root,
                Clock& clock, WaitOptions wait);

  // One authenticated request to an absolute URL. After a 401 the token is renewed and the
  // request sent once more. Any HTTP status is a successful call; `error` describes non-2xx.
  ApiResult call(const std::string& method, const std::string& url,
                 const nlohmann::json* body = nullptr);
  // GET root + path.
  ApiResult get(const std::string& path) { return call("GET", root_ + path); }
  // POST, PUT or DELETE root + path. While Octavia answers 409 because the load balancer is
  // PENDING_*, waits (backoff through the clock) and sends again, until the wait timeout. An
  // object in ERROR (the locked one Octavia names) ends the retries at once: Octavia refuses
  // every change under it.
  ApiResult write(const std::string& method, const std::string& path,
                  const nlohmann::json* body = nullptr);
  // Polls the load balancer until it leaves PENDING_*. ok when ACTIVE (body: the LB); an error
  // when it went to ERROR (naming the objects of its tree in ERROR), disappeared, or the
  // timeout passed. `doing` names the operation for messages ("creating listener X").
  ApiResult wait_active(const std::string& lb_id, const std::string& doing);
  // Polls root + path until it answers 404. With `lb_id`, an LB in ERROR ends the wait.
  ApiResult wait_gone(const std::string& path, const std::string& lb_id, const std::string& doing);

  const std::string& root() const { return root_; }
  Clock& clock() { return clock_; }
  const WaitOptions& wait_options() const { return wait_; }

 private:
  std::string error_tree(const std::string& lb_id);

  std::shared_ptr<HttpTransport> http_;
  TokenCache& tokens_;
  std::string root_;
  Clock& clock_;
  WaitOptions wait_;
};

// The object Octavia's 409 names as locked: "Load Balancer <id> is immutable and cannot be
// updated." (also Pool, Listener, L7Policy while a sibling operation runs or after an ERROR).
struct ImmutableObject {
  std::string resource;  // "Load Balancer", "Pool", ...; "" when the 409 is another conflict
  std::string id;
  std::string path;  // its path below the API root ("/pools/ID"), "" when unknown
};
ImmutableObject immutable_object(const std::string& message);

// "1.5 s", "2 min 30 s": a duration for messages.
std::string human_duration(std::chrono::milliseconds d);

}  // namespace fedplan::openstack_lb
