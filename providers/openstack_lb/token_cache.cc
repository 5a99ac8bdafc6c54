// The shared, self-renewing Keystone token (see token_cache.h).
// One mutex guards the token; holding it while authenticating makes callers share one login.
#include "providers/openstack_lb/token_cache.h"

#include <algorithm>

namespace fedplan::openstack_lb {

TokenCache::TokenCache(std::shared_ptr<HttpTransport> http, CloudConfig config, Clock& clock,
                       std::chrono::seconds renew_before)
    : http_(std::move(http)),
      config_(std::move(config)),
      clock_(clock),
      renew_before_(renew_before) {}

bool TokenCache::fresh_locked() {
  if (!token_) return false;
  auto margin = std::min<std::chrono::milliseconds>(renew_before_, lifetime_ / 2);
  return clock_.now() + margin < local_expiry_;
}

KeystoneResult TokenCache::get() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fresh_locked()) return KeystoneResult{token_, ""};
  Clock::time_point asked = clock_.now();
  KeystoneResult r = keystone_authenticate(*http_, config_);
  if (!r.token) return r;
  ++authentications_;
  token_ = r.token;
  // Keystone's clock may differ from ours: count the lifetime from when we asked.
  if (token_->issued_at && token_->expires_at > *token_->issued_at) {
    lifetime_ = std::chrono::duration_cast<std::chrono::milliseconds>(token_->expires_at -
                                                                      *token_->issued_at);
    local_expiry_ = asked + lifetime_;
  } else {
    local_expiry_ = token_->expires_at;
    lifetime_ = std::chrono::duration_cast<std::chrono::milliseconds>(local_expiry_ - asked);
  }
  return r;
}

void TokenCache::invalidate(const std::string& token_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (token_ && token_->id == token_id) token_.reset();
}

int TokenCache::authentications() const {
  std::lock_guard<std::mutex> lock(mu_);
  return authentications_;
}

}  // namespace fedplan::openstack_lb
