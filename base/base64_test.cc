// Tests for base64: RFC 4648's vectors, any bytes round-trip, and malformed text is refused.
#include "base/base64.h"

#include <doctest/doctest.h>

using namespace fedplan;

TEST_CASE("base64 encodes the RFC 4648 test vectors") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode(std::string("\0\xff", 2)) == "AP8=");
  CHECK(base64_encode("\xfb\xff") == "+/8=");
}

TEST_CASE("any bytes read back through base64") {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (size_t n = 0; n <= all.size(); n += 37) {
    std::string bytes = all.substr(0, n);
    CHECK(base64_decode(base64_encode(bytes)) == bytes);
  }
}

TEST_CASE("base64 decoding skips whitespace and line breaks") {
  CHECK(base64_decode("Zm9v\nYmFy") == "foobar");
  CHECK(base64_decode(" Zm9v\r\n\tYg== ") == "foob");
}

TEST_CASE("malformed base64 is refused") {
  CHECK_FALSE(base64_decode("Zm9"));       // length
  CHECK_FALSE(base64_decode("Z=9v"));      // padding inside
  CHECK_FALSE(base64_decode("Zg==Zm9v"));  // data after padding
  CHECK_FALSE(base64_decode("Zm9*"));      // outside the alphabet
  CHECK_FALSE(base64_decode("Zm9-"));      // the URL alphabet is another encoding
  CHECK_FALSE(base64_decode("Z==="));      // too much padding
}
