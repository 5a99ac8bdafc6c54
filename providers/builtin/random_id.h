// Random ids for the built-in providers, from OpenSSL's RAND_bytes. Thread-safe (no shared
// state beyond OpenSSL's own).
#pragma once

#include <optional>
#include <string>

namespace fedplan::builtin {

// A random 19-digit decimal string (first digit 1-9) from RAND_bytes, the shape of Terraform's
// null_resource ids; nullopt if the random generator fails.
std::optional<std::string> random_decimal_id();

}  // namespace fedplan::builtin
