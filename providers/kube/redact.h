// Redaction of what an API server quotes back: a 422 names the invalid value, which may be a
// sensitive attribute of the manifest or a Secret's data, and errors are printed and logged.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lang/value_json.h"

namespace fedplan::kube {

// The strings no message may show: every string and number at or under a sensitive path of
// `manifest` and under a core v1 Secret's data and stringData, as written, JSON-escaped (as
// the server quotes them) and, for Secret data, base64-decoded. Longest first.
std::vector<std::string> sensitive_strings(const nlohmann::json& manifest,
                                           const std::vector<ValuePath>& sensitive);

// `text` with every occurrence of each of `secrets` replaced by "(sensitive value)". Secrets of
// fewer than 4 bytes are replaced only where they stand alone in double quotes, so that a
// secret "1" does not eat every digit of the message.
std::string redact(std::string text, const std::vector<std::string>& secrets);

}  // namespace fedplan::kube
