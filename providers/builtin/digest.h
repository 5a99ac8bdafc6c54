// Hashes, base64 and random ids for the built-in providers, on OpenSSL's libcrypto.
// All functions are thread-safe (no shared state beyond OpenSSL's own).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fedplan::builtin {

// Lower-case hex digests of `bytes`.
std::string sha1_hex(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);

// Standard base64 (with padding) of `bytes`.
std::string base64_encode(std::string_view bytes);

// A random 19-digit decimal string (first digit 1-9) from RAND_bytes, the shape of Terraform's
// null_resource ids; nullopt if the random generator fails.
std::optional<std::string> random_decimal_id();

// `bytes` when it is valid UTF-8; otherwise a copy with each invalid byte replaced by U+FFFD,
// so a binary file can still travel as a string (state and plans are JSON).
std::string valid_utf8(std::string_view bytes, bool* was_valid = nullptr);

}  // namespace fedplan::builtin
