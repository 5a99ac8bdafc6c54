// gzip (RFC 1952) over zlib, for the kube backend's state Secrets: a state of JSON text shrinks
// to a tenth or less, so most states fit one Secret.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fedplan::kube {

// The gzip stream of `data` (default compression level).
std::string gzip_compress(std::string_view data);

// The bytes of a gzip stream; nullopt and *err set when `data` is not one (or holds trailing
// bytes after it), or when the result would pass `max_bytes` (a bound against a stream that
// expands without limit).
std::optional<std::string> gzip_decompress(std::string_view data, size_t max_bytes,
                                           std::string* err);

}  // namespace fedplan::kube
