// gzip (RFC 1952) over zlib, for the backends that store the state remotely (kube Secrets, etcd
// chunks and journal records): a state of JSON text shrinks to a tenth or less.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fedplan {

// zlib's levels: 1 is the fastest, 9 the smallest, -1 its default (6).
inline constexpr int kGzipFast = 1;
inline constexpr int kGzipDefault = -1;

// The gzip stream of `data` at compression `level`.
std::string gzip_compress(std::string_view data, int level = kGzipDefault);

// Whether `data` starts with the gzip magic bytes 1f 8b (text never does: JSON has no 0x1f).
bool has_gzip_magic(std::string_view data);

// The bytes of a gzip stream; nullopt and *err set when `data` is not one (or holds trailing
// bytes after it), or when the result would pass `max_bytes` (a bound against a stream that
// expands without limit).
std::optional<std::string> gzip_decompress(std::string_view data, size_t max_bytes,
                                           std::string* err);

}  // namespace fedplan
