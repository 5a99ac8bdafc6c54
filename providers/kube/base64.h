// Standard base64 (RFC 4648, with padding) for kubeconfig *-data fields and Secret data.
// Decoding ignores whitespace and line breaks, as Go's and OpenSSL's decoders do.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fedplan::kube {

std::string base64_encode(std::string_view data);
// nullopt when the text has a character outside the alphabet or a bad length or padding.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace fedplan::kube
