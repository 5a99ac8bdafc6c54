// Content-defined chunks and the manifest: pieces join back to the text, stay within their
// bounds, and an edit in one place leaves the chunks elsewhere as they were.
#include "state/etcd/chunks.h"

#include <doctest/doctest.h>

#include <set>

namespace fedplan {
namespace {

std::string sample_text(int entries, int changed = -1) {
  std::string text = "{\n  \"resources\": [\n";
  for (int i = 0; i < entries; ++i)
    text += "    {\"address\": \"kube_object.cm[" + std::to_string(i) + "]\", \"value\": \"" +
            (i == changed ? "edited" : "v" + std::to_string(i * 7919 % 1000)) + "\"},\n";
  return text + "  ]\n}\n";
}

std::string join(const std::vector<std::string_view>& pieces) {
  std::string out;
  for (std::string_view p : pieces) out += p;
  return out;
}

TEST_CASE("chunks join back to the text and respect the size bounds") {
  std::string text = sample_text(3000);
  std::vector<std::string_view> pieces = split_chunks(text, 4096);
  CHECK(join(pieces) == text);
  CHECK(pieces.size() > text.size() / 4096);
  for (size_t i = 0; i < pieces.size(); ++i) {
    CHECK(pieces[i].size() <= 4096);
    if (i + 1 < pieces.size()) CHECK(pieces[i].size() >= 4096 / 64);
  }
  // About max/16 on average: far more pieces than the maximum size alone would make.
  CHECK(pieces.size() > 4 * (text.size() / 4096));
  CHECK(split_chunks("", 4096).empty());
}

TEST_CASE("an edit in the middle changes only the chunks around it") {
  std::vector<std::string_view> before_pieces, after_pieces;
  std::string before = sample_text(3000), after = sample_text(3000, 1500);
  before_pieces = split_chunks(before, 4096);
  after_pieces = split_chunks(after, 4096);
  std::set<std::string_view> old(before_pieces.begin(), before_pieces.end());
  size_t fresh = 0;
  for (std::string_view p : after_pieces) fresh += !old.count(p);
  CHECK(fresh >= 1);
  CHECK(fresh <= 2);
}

TEST_CASE("a manifest reads back and a foreign one is refused") {
  ChunkManifest m;
  m.write_id = new_chunk_id();
  m.chunks = {{new_chunk_id(), std::string(64, 'a'), 10, ChunkEncoding::Gzip},
              {new_chunk_id(), std::string(64, 'b'), 3}};
  Diagnostics diags;
  std::optional<ChunkManifest> back = decode_manifest(encode_manifest(m), "here", diags);
  REQUIRE(back);
  CHECK(back->write_id == m.write_id);
  REQUIRE(back->chunks.size() == 2);
  CHECK(back->chunks[1].id == m.chunks[1].id);
  CHECK(back->chunks[1].size == 3);
  CHECK(back->chunks[0].encoding == ChunkEncoding::Gzip);
  CHECK(back->chunks[1].encoding == ChunkEncoding::Plain);
  CHECK(m.write_id.size() == 16);
  CHECK(m.write_id != new_chunk_id());
  Diagnostics bad;
  CHECK_FALSE(decode_manifest(R"({"format": 3, "chunks": []})", "at fedplan/default/state", bad));
  REQUIRE(bad.has_errors());
  CHECK(bad.items[0].summary.find("at fedplan/default/state") != std::string::npos);
  CHECK(bad.items[0].summary.find("format 3") != std::string::npos);
  CHECK_FALSE(decode_manifest("not json", "x", bad));
  Diagnostics unknown;
  CHECK_FALSE(decode_manifest(
      R"({"format": 2, "chunks": [{"id": "a", "sha256": "b", "size": 1, "encoding": "zstd"}]})",
      "x", unknown));
  CHECK(unknown.items.at(0).summary.find("zstd") != std::string::npos);
}

TEST_CASE("a format 1 manifest, written before compression, names plain chunks") {
  // Byte for byte what fedplan wrote before format 2.
  Diagnostics diags;
  std::optional<ChunkManifest> old =
      decode_manifest(R"({"chunks":[{"id":"0123456789abcdef","sha256":"aa","size":5}],"format":1,)"
                      R"("write_id":"fedcba9876543210"})",
                      "x", diags);
  REQUIRE(old);
  REQUIRE(old->chunks.size() == 1);
  CHECK(old->chunks[0].encoding == ChunkEncoding::Plain);
  CHECK(old->chunks[0].size == 5);
  CHECK(old->write_id == "fedcba9876543210");
  // What this version writes says format 2.
  CHECK(encode_manifest(*old).find("\"format\":2") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
