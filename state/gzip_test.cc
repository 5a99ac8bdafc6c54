// gzip round trips, and the refusals of what is not a whole gzip stream.
#include "state/gzip.h"

#include <doctest/doctest.h>

namespace fedplan {

TEST_CASE("a gzip round trip gives back the bytes") {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "{\"instance\": " + std::to_string(i) + "}\n";
  text.push_back('\0');
  std::string packed = gzip_compress(text);
  CHECK(packed.size() < text.size() / 5);
  CHECK(static_cast<unsigned char>(packed[0]) == 0x1f);  // the gzip magic
  CHECK(static_cast<unsigned char>(packed[1]) == 0x8b);
  std::string err;
  std::optional<std::string> back = gzip_decompress(packed, 1 << 20, &err);
  REQUIRE(back);
  CHECK(*back == text);
  CHECK(gzip_decompress(gzip_compress(""), 10, &err) == std::string());
  CHECK(has_gzip_magic(packed));
  CHECK_FALSE(has_gzip_magic(text));
  CHECK_FALSE(has_gzip_magic("\x1f"));
}

TEST_CASE("the fast level gives a gzip stream that reads back the same") {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "{\"instance\": " + std::to_string(i) + "}\n";
  std::string fast = gzip_compress(text, kGzipFast);
  std::string best = gzip_compress(text, 9);
  CHECK(fast != best);  // the level was used
  CHECK(fast.size() < text.size() / 3);
  std::string err;
  CHECK(gzip_decompress(fast, text.size(), &err) == text);
  CHECK(gzip_decompress(best, text.size(), &err) == text);
}

TEST_CASE("gzip refuses a cut, damaged, trailing or oversized stream") {
  std::string packed = gzip_compress(std::string(100000, 'x'));
  std::string err;
  CHECK_FALSE(gzip_decompress(packed.substr(0, packed.size() / 2), 1 << 20, &err));
  CHECK(err == "the gzip stream is cut short");
  CHECK_FALSE(gzip_decompress("plain text", 1 << 20, &err));
  CHECK(err.find("not a gzip stream") == 0);
  CHECK_FALSE(gzip_decompress(packed + "x", 1 << 20, &err));
  CHECK(err == "bytes follow the end of the gzip stream");
  CHECK_FALSE(gzip_decompress(packed, 1000, &err));
  CHECK(err == "it expands to more than 1000 bytes");
}

}  // namespace fedplan
