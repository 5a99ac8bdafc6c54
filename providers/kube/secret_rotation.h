// Rotation rules of the resources whose secrets never land in state (kube_istio_cacerts,
// kube_remote_secret): what the state records instead of a key or token, and why it must rotate.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "providers/kube/doc.h"

namespace fedplan::kube {

// What a plan, the state and every output show where a key or token would be: it is pushed
// to the cluster and never recorded (Terraform's write-only attributes).
constexpr const char* kNotStored = "(sensitive, not stored)";

// What live_data_sha256 holds while planning when the Secret is gone.
constexpr const char* kSecretGone = "(deleted)";

// SHA-256 of a Secret's `data` (keys sorted, each key and value length-prefixed): the state
// records it to see a Secret replaced out of band without recording the data.
std::string secret_data_sha256(const nlohmann::json& data);

// "2026-12-07T18:00:00Z".
std::string format_utc(Clock::time_point t);

// What decides a rotation, read from a state (the record) and the config (what is asked for).
struct RotationFacts {
  std::string what;        // "the CA certificate", "the token"
  std::string expires_at;  // the record's expiry (RFC 3339); "" when unknown
  std::chrono::milliseconds rotate_before{0};
  Clock::time_point now;
  nlohmann::json recorded_rotation;  // the record's `rotation` trigger (null: none)
  nlohmann::json wanted_rotation;    // the config's
  std::string data_sha256;           // what fedplan wrote
  std::string live_data_sha256;      // what the refresh found ("" when not refreshed)
  std::string secret;                // "istio-system/cacerts", for messages
};

// Why the secret must be made anew, one reason a line ("" entries left out); empty when it
// need not. The `rotation` trigger changing, expiry within rotate_before (or past), and the
// Secret's data differing from what fedplan wrote are reasons.
std::vector<std::string> rotation_reasons(const RotationFacts& f);

// The plan note of a rotation: the reasons, that the secret is not stored, and what restarts.
std::string rotation_note(const std::string& secret_kind, const std::vector<std::string>& reasons,
                          const std::string& restart);

// Reads a duration attribute of `config` ("720h"); `fallback` when unset; nullopt and *err when
// it is not a duration.
std::optional<std::chrono::milliseconds> duration_attr(const Doc& config, const std::string& name,
                                                       std::chrono::milliseconds fallback,
                                                       std::string* err);

// The value of an attribute as the config set it, or `fallback` when unset.
std::string string_or(const Doc& d, const std::string& key, const std::string& fallback);

}  // namespace fedplan::kube
