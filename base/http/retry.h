// RetryingTransport: retries what a server or the network says is worth retrying, with
// exponential backoff and jitter, sleeping through the Clock seam so tests take no time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>

#include "base/clock.h"
#include "base/http/http.h"

namespace fedplan {

// When and how long to retry. See docs/http.md for the full table.
struct RetryPolicy {
  int max_attempts = 5;  // including the first
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds max_backoff{30'000};
  double multiplier = 2.0;
  double jitter = 0.2;  // each delay is scaled by a random factor in [1 - jitter, 1 + jitter]
  // A Retry-After longer than this is not waited for: the response is returned as it is.
  std::chrono::milliseconds max_retry_after{120'000};
  bool retry_500 = false;            // 500 Internal Server Error, idempotent requests only
  bool retry_connect_errors = true;  // refused/failed connects: nothing was sent, any method
};

// The outcome of looking at one attempt: wait `delay` and try again, or stop.
struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds delay{0};
};

// Parses a Retry-After value: delta seconds ("120") or an HTTP date (IMF-fixdate, RFC 850 or
// asctime form) taken relative to `now`. A date in the past gives zero. nullopt if unparsable.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           Clock::time_point now);

// The backoff before retry number `retry` (1 for the first retry), with `unit_random` in [0, 1)
// choosing the jitter.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double unit_random);

// Whether the policy allows another attempt after `response` (ignores the attempt count).
bool is_retryable(const HttpRequest& request, const HttpResponse& response,
                  const RetryPolicy& policy);

// Decides about attempt number `attempt` (1-based) that gave `response`.
RetryDecision decide_retry(const HttpRequest& request, const HttpResponse& response, int attempt,
                           const RetryPolicy& policy, Clock::time_point now, double unit_random);

// An HttpTransport that sends through `inner` and retries by `policy`. Thread-safe if `inner` is.
class RetryingTransport : public HttpTransport {
 public:
  RetryingTransport(std::shared_ptr<HttpTransport> inner, Clock& clock, RetryPolicy policy = {},
                    uint64_t seed = std::random_device{}());

  HttpResponse send(const HttpRequest& request) override;

 private:
  double next_random();

  std::shared_ptr<HttpTransport> inner_;
  Clock& clock_;
  RetryPolicy policy_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;
};

}  // namespace fedplan
