// Standard base64 (RFC 4648, the + and / alphabet, with padding): Secret data, kubeconfig
// *-data fields, the base64encode/base64decode functions and local_file's content_base64.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fedplan {

std::string base64_encode(std::string_view bytes);

// The bytes `text` encodes; nullopt when it is malformed: a character outside the alphabet,
// a length that is not a multiple of 4, or padding anywhere but at the end. Spaces, tabs and
// line breaks are skipped, as Go's and OpenSSL's decoders skip line breaks (PEM-style wrapped
// data in a kubeconfig reads back).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace fedplan
