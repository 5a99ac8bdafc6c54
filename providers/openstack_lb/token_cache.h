// TokenCache: one Keystone token shared by every thread of a provider, renewed before it
// expires and after Octavia answered 401, with at most one authentication in flight.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "base/clock.h"
#include "base/http/http.h"
#include "providers/openstack_lb/cloud_config.h"
#include "providers/openstack_lb/keystone.h"

namespace fedplan::openstack_lb {

// Holds the current token. Thread-safe: callers that find no valid token wait while one of
// them authenticates, then all use the new token.
class TokenCache {
 public:
  // `renew_before`: a token is renewed when less than this (or half its lifetime, if that is
  // shorter) is left, so a long wait never starts with a token about to expire.
  TokenCache(std::shared_ptr<HttpTransport> http, CloudConfig config, Clock& clock,
             std::chrono::seconds renew_before = std::chrono::seconds(120));

  // The current token, authenticating first when there is none or it is about to expire.
  KeystoneResult get();
  // Forgets `token_id` if it is still the current token (Octavia said 401 for it). A token
  // that another thread already replaced is left alone, so a burst of 401s renews once.
  void invalidate(const std::string& token_id);
  // How many times Keystone issued a token to this cache (for tests and debugging).
  int authentications() const;

 private:
  bool fresh_locked();

  std::shared_ptr<HttpTransport> http_;
  CloudConfig config_;
  Clock& clock_;
  std::chrono::seconds renew_before_;
  mutable std::mutex mu_;
  std::shared_ptr<const KeystoneToken> token_;
  Clock::time_point local_expiry_;  // expires_at in our clock
  std::chrono::milliseconds lifetime_{0};
  int authentications_ = 0;
};

}  // namespace fedplan::openstack_lb
