// Tests for the digests: the published test vectors, and fed in pieces equals one-shot.
#include "base/digest.h"

#include <doctest/doctest.h>

using namespace fedplan;

TEST_CASE("sha1 and sha256 match the published test vectors") {
  CHECK(sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_bytes("abc").size() == 32);
  CHECK(to_hex(sha256_bytes("abc")) == sha256_hex("abc"));
}

TEST_CASE("a digest fed in pieces equals the one-shot digest") {
  Digest d;
  d.update("ab");
  d.update("");
  d.update("c");
  CHECK(d.hex() == sha256_hex("abc"));
  Digest s(DigestKind::Sha1);
  s.update("a");
  s.update("bc");
  CHECK(s.hex() == sha1_hex("abc"));
}

TEST_CASE("hex is two lower-case digits a byte") {
  CHECK(to_hex(std::string("\0\x0f\xa0\xff", 4)) == "000fa0ff");
  CHECK(to_hex("") == "");
}
