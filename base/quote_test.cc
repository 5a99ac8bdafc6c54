// Tests for the quoting variants: JSON as nlohmann writes it, the exact form for addresses and
// YAML's double-quoted scalars.
#include "base/quote.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace fedplan;

TEST_CASE("quote escapes quotes, backslashes and control characters as JSON does") {
  CHECK(quote("plain") == "\"plain\"");
  CHECK(quote("") == "\"\"");
  CHECK(quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(quote("x\ny\tz\r") == "\"x\\ny\\tz\\r\"");
  CHECK(quote("\b\f\x01\x1b") == "\"\\b\\f\\u0001\\u001b\"");
  CHECK(quote(std::string_view("\0", 1)) == "\"\\u0000\"");
  CHECK(quote("h\xC3\xA9 \xE2\x82\xAC") == "\"h\xC3\xA9 \xE2\x82\xAC\"");
}

TEST_CASE("quote writes what nlohmann's dump writes for every valid string") {
  std::string all;
  for (int c = 1; c < 0x80; ++c) all += static_cast<char>(c);
  all += "\xC3\xA9\xF0\x9F\x98\x80";
  CHECK(quote(all) == nlohmann::json(all).dump());
}

TEST_CASE("quote replaces each ill-formed byte so the result parses as JSON") {
  std::string q = quote("ok \xFF bad \xC3");
  CHECK(q == "\"ok \xEF\xBF\xBD bad \xEF\xBF\xBD\"");
  CHECK(nlohmann::json::parse(q) == "ok \xEF\xBF\xBD bad \xEF\xBF\xBD");
}

TEST_CASE("quote_exact keeps bytes that are not UTF-8 and escapes the rest as quote does") {
  CHECK(quote_exact("a\xFF\"\n") == "\"a\xFF\\\"\\n\"");
  CHECK(quote_exact("\x01") == "\"\\u0001\"");
}

TEST_CASE("write_quoted hands plain runs over whole") {
  int pieces = 0;
  std::string out;
  write_quoted("a long plain run\nand another", [&](std::string_view p) {
    ++pieces;
    out += p;
  });
  CHECK(out == "\"a long plain run\\nand another\"");
  CHECK(pieces == 5);  // quote, run, escape, run, quote
}

TEST_CASE("quote_yaml uses YAML's escapes for control characters and DEL") {
  CHECK(quote_yaml("a\"b\\c\nd\te\rf") == "\"a\\\"b\\\\c\\nd\\te\\rf\"");
  CHECK(quote_yaml(std::string_view("\0\x01\x7f", 3)) == "\"\\0\\x01\\x7f\"");
  CHECK(quote_yaml("\xFF") == "\"\xFF\"");
}
