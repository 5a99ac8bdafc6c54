// Chunks: a gear rolling hash picks the cut points (as FastCDC does), and the manifest is a
// small JSON document.
#include "state/etcd/chunks.h"

#include <openssl/rand.h>

#include <array>
#include <bit>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "base/digest.h"

namespace fedplan {

namespace {

// 1: chunks stored as they are; 2: each chunk names its encoding.
constexpr int kManifestFormat = 2;

// 256 fixed pseudo-random words (splitmix64 from a fixed seed): the same cuts in every build.
std::array<uint64_t, 256> make_gear() {
  std::array<uint64_t, 256> g{};
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (uint64_t& v : g) {
    x += 0x9e3779b97f4a7c15ull;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    v = z ^ (z >> 31);
  }
  return g;
}

const std::array<uint64_t, 256> kGear = make_gear();

}  // namespace

std::vector<std::string_view> split_chunks(std::string_view text, size_t max_size) {
  max_size = std::max<size_t>(max_size, 64);
  size_t min_size = max_size / 64;
  size_t average = max_size / 16;
  uint64_t mask = 1;
  while (mask * 2 <= average) mask *= 2;
  mask -= 1;
  // The high bits of the gear hash depend on the last 64 bytes; test those.
  int shift = 64 - std::countr_one(mask);
  std::vector<std::string_view> out;
  size_t start = 0;
  uint64_t h = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    h = (h << 1) + kGear[static_cast<unsigned char>(text[i])];
    size_t len = i + 1 - start;
    if ((len >= min_size && ((h >> shift) & mask) == 0) || len >= max_size) {
      out.push_back(text.substr(start, len));
      start = i + 1;
      h = 0;
    }
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

std::string encode_manifest(const ChunkManifest& m) {
  nlohmann::json chunks = nlohmann::json::array();
  for (const ChunkRef& c : m.chunks) {
    nlohmann::json one = {{"id", c.id}, {"sha256", c.sha256}, {"size", c.size}};
    if (c.encoding == ChunkEncoding::Gzip) one["encoding"] = "gzip";
    chunks.push_back(std::move(one));
  }
  return nlohmann::json{{"format", kManifestFormat}, {"write_id", m.write_id}, {"chunks", chunks}}
      .dump();
}

std::optional<ChunkManifest> decode_manifest(std::string_view text, const std::string& where,
                                             Diagnostics& diags) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  auto bad = [&](const std::string& why) -> std::optional<ChunkManifest> {
    diags.error("The state manifest " + where + " cannot be read: " + why,
                "It lists the chunks the state is stored in. Was it written by another program "
                "or a newer fedplan?");
    return std::nullopt;
  };
  if (!j.is_object()) return bad("it is not a JSON object");
  int format = j.value("format", nlohmann::json()).is_number_integer() ? j["format"].get<int>() : 0;
  if (format != 1 && format != kManifestFormat)
    return bad("format " + j.value("format", nlohmann::json()).dump() + ", expected 1 to " +
               std::to_string(kManifestFormat));
  ChunkManifest m;
  m.write_id = j.value("write_id", "");
  auto chunks = j.find("chunks");
  if (chunks == j.end() || !chunks->is_array()) return bad("no chunks list");
  for (const nlohmann::json& c : *chunks) {
    if (!c.is_object() || !c.value("id", nlohmann::json()).is_string() ||
        !c.value("sha256", nlohmann::json()).is_string() ||
        !c.value("size", nlohmann::json()).is_number_unsigned())
      return bad("a chunk without id, sha256 and size");
    ChunkRef ref{c["id"], c["sha256"], c["size"]};
    if (auto e = c.find("encoding"); format > 1 && e != c.end()) {
      if (*e != "gzip") return bad("chunk encoding " + e->dump() + ", expected \"gzip\"");
      ref.encoding = ChunkEncoding::Gzip;
    }
    m.chunks.push_back(std::move(ref));
  }
  return m;
}

std::string new_chunk_id() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  return to_hex(std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
}

}  // namespace fedplan
