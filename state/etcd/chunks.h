// How a state text is cut into etcd values: content-defined chunks (a cut depends only on the
// bytes just before it, so an edit changes the chunks around it and no others) and the
// manifest that lists them in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"

namespace fedplan {

// Cuts `text` into pieces of at most `max_size` bytes (at least 64), about max_size / 16 on
// average, never smaller than max_size / 64 except the last. Joined, they are `text`.
std::vector<std::string_view> split_chunks(std::string_view text, size_t max_size);

// How a chunk's bytes are stored (before encryption, which comes last).
enum class ChunkEncoding {
  Plain,  // the piece as it is (every chunk of a format 1 manifest)
  Gzip,   // the piece gzip-compressed (what this version writes)
};

// One chunk of a stored state: the key suffix it is stored under, and what its plain bytes
// (before compression and encryption) hash to, so a write can keep a chunk whose content did
// not change.
struct ChunkRef {
  std::string id;      // random hex, so key names say nothing about the content
  std::string sha256;  // of the plain bytes, lower-case hex
  uint64_t size = 0;   // plain bytes
  ChunkEncoding encoding = ChunkEncoding::Plain;
};

// The value under PREFIX/WORKSPACE/state: the chunks in order, and which write made it (a
// random ID, so a writer whose transaction was sent twice recognises its own write).
struct ChunkManifest {
  std::vector<ChunkRef> chunks;
  std::string write_id;
};

// Format 2: each chunk says its encoding ("encoding": "gzip"; absent: plain).
std::string encode_manifest(const ChunkManifest& manifest);
// nullopt and an error naming `where` when `text` is not a manifest this version reads:
// format 1 (every chunk plain, as fedplan wrote before compression) or 2.
std::optional<ChunkManifest> decode_manifest(std::string_view text, const std::string& where,
                                             Diagnostics& diags);

// A new random chunk or write ID: 16 lower-case hex digits.
std::string new_chunk_id();

}  // namespace fedplan
