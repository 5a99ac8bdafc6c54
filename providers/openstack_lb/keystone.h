// Keystone v3 authentication: the password and application-credential requests, and the token
// (with its expiry, project and service catalog) parsed from the answer.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/http/http.h"
#include "providers/openstack_lb/cloud_config.h"

namespace fedplan::openstack_lb {

// A token and what came with it. Immutable once made; shared between threads.
struct KeystoneToken {
  std::string id;  // the X-Subject-Token header: what goes into X-Auth-Token
  Clock::time_point expires_at;
  std::optional<Clock::time_point> issued_at;  // both in Keystone's clock
  std::string project_id;
  std::string user_id;
  nlohmann::json catalog = nlohmann::json::array();  // token.catalog
};

// A token, or why there is none (the transport has retried network and server failures).
struct KeystoneResult {
  std::shared_ptr<const KeystoneToken> token;
  std::string error;
};

// The body of POST /v3/auth/tokens for the configured method: password with a project scope,
// or an application credential (which carries its own project, so no scope is sent).
nlohmann::json keystone_auth_body(const CloudConfig& config);

// Asks Keystone for a token. Never logs or returns the password or secret.
KeystoneResult keystone_authenticate(HttpTransport& http, const CloudConfig& config);

// Keystone's timestamps: "2024-05-01T12:00:00.000000Z" (also without fraction or with +00:00).
std::optional<Clock::time_point> parse_keystone_time(std::string_view text);

}  // namespace fedplan::openstack_lb
