// Tests for the UTF-8 helpers: strict validation (as Go's), byte-by-byte repair and encoding.
#include "base/utf8.h"

#include <doctest/doctest.h>

using namespace fedplan;

TEST_CASE("well-formed sequences have their length and ill-formed ones have none") {
  CHECK(utf8_sequence_length("a", 0) == 1);
  CHECK(utf8_sequence_length("\xC3\xA9", 0) == 2);
  CHECK(utf8_sequence_length("\xE2\x82\xAC", 0) == 3);
  CHECK(utf8_sequence_length("\xF0\x9F\x98\x80", 0) == 4);
  CHECK(utf8_sequence_length("\xC3", 0) == 0);              // cut off
  CHECK(utf8_sequence_length("\xC0\xAF", 0) == 0);          // overlong
  CHECK(utf8_sequence_length("\xE0\x80\x80", 0) == 0);      // overlong
  CHECK(utf8_sequence_length("\xED\xA0\x80", 0) == 0);      // surrogate
  CHECK(utf8_sequence_length("\xF4\x90\x80\x80", 0) == 0);  // past U+10FFFF
  CHECK(utf8_sequence_length("\x80", 0) == 0);              // stray continuation
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

TEST_CASE("validation rejects overlong forms and surrogates") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain \xC3\xA9"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));
  CHECK_FALSE(is_valid_utf8("ok\xFF"));
}

TEST_CASE("code points encode to one to four bytes") {
  std::string out;
  append_utf8(out, 'A');
  append_utf8(out, 0xE9);
  append_utf8(out, 0x20AC);
  append_utf8(out, 0x1F600);
  CHECK(out == "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}
