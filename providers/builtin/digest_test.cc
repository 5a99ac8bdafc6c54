// Tests of the hashes, base64, random ids and UTF-8 repair behind the built-in providers.
#include "providers/builtin/digest.h"

#include <doctest/doctest.h>

#include <set>

namespace fedplan::builtin {

TEST_CASE("sha1 and sha256 match the published test vectors") {
  CHECK(sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("base64 pads to a multiple of four") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode(std::string("\0\xff", 2)) == "AP8=");
}

TEST_CASE("random ids have 19 digits and differ") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::optional<std::string> id = random_decimal_id();
    REQUIRE(id);
    CHECK(id->size() == 19);
    CHECK(id->front() != '0');
    CHECK(id->find_first_not_of("0123456789") == std::string::npos);
    seen.insert(*id);
  }
  CHECK(seen.size() == 200);
}

TEST_CASE("valid UTF-8 passes unchanged and invalid bytes become U+FFFD") {
  bool valid = false;
  CHECK(valid_utf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80", &valid) ==
        "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(valid);
  CHECK(valid_utf8("a\xFF"
                   "b",
                   &valid) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK_FALSE(valid);
  // A truncated sequence, an overlong slash and a surrogate are each replaced byte by byte.
  CHECK(valid_utf8("\xC3") == "\xEF\xBF\xBD");
  CHECK(valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace fedplan::builtin
