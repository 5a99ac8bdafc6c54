// Retry policy and the retrying decorator; the decision is a pure function so it is easy to test.
// Statuses that mean "bad input" (400, 401, 403, 404, 409, 422, ...) are never retried.
#include "base/http/retry.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <string>

namespace fedplan {

using std::chrono::milliseconds;

std::optional<milliseconds> parse_retry_after(std::string_view value, Clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 9) return std::nullopt;  // over 30 years: nonsense
    return milliseconds(std::stoll(std::string(value)) * 1000);
  }
  std::string text(value);
  for (const char* format :
       {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
    std::tm tm{};
    const char* end = strptime(text.c_str(), format, &tm);
    if (end == nullptr || *end != '\0') continue;
    auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
    auto delta = std::chrono::duration_cast<milliseconds>(when - now);
    return std::max(delta, milliseconds(0));
  }
  return std::nullopt;
}

milliseconds backoff_delay(const RetryPolicy& policy, int retry, double unit_random) {
  double base = static_cast<double>(policy.initial_backoff.count()) *
                std::pow(policy.multiplier, std::max(0, retry - 1));
  double cap = static_cast<double>(policy.max_backoff.count());
  base = std::min(base, cap);
  double factor = 1.0 - policy.jitter + 2.0 * policy.jitter * unit_random;
  return milliseconds(static_cast<int64_t>(std::min(base * factor, cap)));
}

bool is_retryable(const HttpRequest& request, const HttpResponse& response,
                  const RetryPolicy& policy) {
  bool idempotent = is_idempotent(request);
  switch (response.error) {
    case HttpError::None:
      break;
    case HttpError::ConnectRefused:
    case HttpError::Connect:
      return policy.retry_connect_errors;
    case HttpError::Timeout:
    case HttpError::ConnectionDropped:
      return idempotent;
    default:
      return false;  // bad URL, TLS trust, protocol: retrying cannot help
  }
  switch (response.status) {
    case 429:  // too many requests: the server did not process it
    case 503:  // unavailable: likewise
      return true;
    case 408:  // the server gave up waiting for the request
    case 502:
    case 504:
      return idempotent;
    case 500:
      return policy.retry_500 && idempotent;
    default:
      return false;
  }
}

RetryDecision decide_retry(const HttpRequest& request, const HttpResponse& response, int attempt,
                           const RetryPolicy& policy, Clock::time_point now, double unit_random) {
  RetryDecision d;
  if (attempt >= policy.max_attempts || !is_retryable(request, response, policy)) return d;
  if (!response.transport_failed() && (response.status == 429 || response.status == 503)) {
    if (const std::string* header = response.headers.find("Retry-After")) {
      if (auto wait = parse_retry_after(*header, now)) {
        if (*wait > policy.max_retry_after) return d;
        d.retry = true;
        d.delay = *wait;
        return d;
      }
    }
  }
  d.retry = true;
  d.delay = backoff_delay(policy, attempt, unit_random);
  return d;
}

RetryingTransport::RetryingTransport(std::shared_ptr<HttpTransport> inner, Clock& clock,
                                     RetryPolicy policy, uint64_t seed)
    : inner_(std::move(inner)), clock_(clock), policy_(policy), rng_(seed) {}

double RetryingTransport::next_random() {
  std::lock_guard<std::mutex> lock(rng_mu_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

HttpResponse RetryingTransport::send(const HttpRequest& request) {
  int wire_attempts = 0;
  for (int attempt = 1;; ++attempt) {
    HttpResponse response = inner_->send(request);
    wire_attempts += response.attempts;
    response.attempts = wire_attempts;
    RetryDecision d =
        decide_retry(request, response, attempt, policy_, clock_.now(), next_random());
    if (!d.retry) {
      if (attempt > 1 && response.transport_failed()) {
        response.error_message += " (after " + std::to_string(attempt) + " attempts)";
      }
      return response;
    }
    clock_.sleep_for(d.delay);
  }
}

}  // namespace fedplan
