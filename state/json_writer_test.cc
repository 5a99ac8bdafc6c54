// Tests of the fast JSON reader and writer against nlohmann: same values on valid input, a
// refusal wherever nlohmann refuses, and writer output that always reads back equal.
#include <doctest/doctest.h>

#include <random>

#include "state/fast_json.h"
#include "state/json_writer.h"

namespace fedplan {
namespace {

using nlohmann::json;

// Builds a DOM through fast_sax_parse with nlohmann's own SAX DOM builder.
std::optional<json> fast_parse(std::string_view text) {
  json out;
  nlohmann::detail::json_sax_dom_parser<json> sax(out, false);
  if (!fast_sax_parse(text, sax)) return std::nullopt;
  return out;
}

std::optional<json> nlohmann_parse(std::string_view text) {
  json out = json::parse(text, nullptr, false);
  if (out.is_discarded()) return std::nullopt;
  return out;
}

TEST_CASE("the fast reader builds what nlohmann builds, types of numbers included") {
  for (const char* text : {
           R"({"a":1,"b":[true,false,null],"c":{"d":"e"}})",
           R"(  [ 1 , -2 , 3.5 , -0.0 , 1e3 , 2E-2 , 0 , 18446744073709551615 ]  )",
           R"([-9223372036854775808, 18446744073709551616, 123456789012345678901234])",
           R"("esc \" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20ac \ud83d\ude00 \u0000")",
           "\"raw UTF-8: \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
           R"({"dup":1,"dup":2})",
           R"({})",
           R"([])",
           R"([[[[[]]]]])",
           "\t\n\r {\"k\" : \"v\"}\n",
           R"(0.1)",
           R"(1.7976931348623157e308)",
       }) {
    CAPTURE(text);
    auto fast = fast_parse(text);
    auto slow = nlohmann_parse(text);
    REQUIRE(slow);
    REQUIRE(fast);
    CHECK(*fast == *slow);
    CHECK(fast->dump() == slow->dump());
  }
}

TEST_CASE("the fast reader refuses everything nlohmann refuses") {
  for (const char* text : {
           "",
           " ",
           "{",
           "}",
           "[1,]",
           "{\"a\":1,}",
           "{\"a\" 1}",
           "{a:1}",
           "[01]",
           "[1.]",
           "[.5]",
           "[-]",
           "[+1]",
           "[1e]",
           "[1e+]",
           "tru",
           "nul",
           "[true false]",
           "\"open",
           "\"bad \\x escape\"",
           "\"\\u12\"",
           "\"\\udc00\"",
           "\"\\ud800\"",
           "\"\\ud800\\u0041\"",
           "\"tab\tinside\"",
           "\"\xff\"",
           "\"\xc3\"",
           "\"\xe0\x80\x80\"",
           "\"\xed\xa0\x80\"",
           "\"\xf4\x90\x80\x80\"",
           "{} {}",
           "[1] x",
           "[1e400]",
       }) {
    CAPTURE(text);
    CHECK_FALSE(nlohmann_parse(text));
    CHECK_FALSE(fast_parse(text));
  }
}

TEST_CASE("nesting deeper than the reader's limit is left to nlohmann") {
  std::string deep = std::string(2000, '[') + std::string(2000, ']');
  CHECK_FALSE(fast_parse(deep));
  CHECK(nlohmann_parse(deep));
}

TEST_CASE("the writer's output reads back equal, with the same number types") {
  json v = {{"s", "quote \" backslash \\ newline \n tab \t ctrl \x01 \x1f del \x7f é €"},
            {"i", -42},
            {"u", 18446744073709551615ULL},
            {"f", 1.0},
            {"g", 0.1},
            {"h", -0.0},
            {"big", 1e300},
            {"tiny", 5e-324},
            {"arr", json::array({json::object(), json::array(), nullptr, true, false})},
            {"nested", {{"a", {{"b", {{"c", "d"}}}}}}}};
  std::string out;
  append_json_compact(out, v);
  json back = json::parse(out);
  CHECK(back == v);
  CHECK(back["f"].is_number_float());
  CHECK(back["i"].is_number_integer());
  CHECK(back["u"].is_number_unsigned());
  CHECK(std::signbit(back["h"].get<double>()));
  CHECK(out == v.dump());
}

TEST_CASE("the writer turns ill-formed UTF-8 into U+FFFD and non-finite floats into null") {
  std::string out;
  JsonOut(out).string("ok \xff bad \xc3 cut \xed\xa0\x80 surrogate");
  auto back = json::parse(out);
  CHECK(back ==
        "ok \xEF\xBF\xBD bad \xEF\xBF\xBD cut \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD surrogate");
  std::string nan;
  append_json_compact(nan, json::array({std::nan(""), INFINITY}));
  CHECK(nan == "[null,null]");
}

// A random JSON value with awkward strings and numbers.
json random_value(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 7);
  auto random_string = [&] {
    std::string s;
    int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      switch (rng() % 6) {
        case 0:
          s += static_cast<char>(rng() % 32);  // control characters
          break;
        case 1:
          s += "\"\\/";
          break;
        case 2:
          s += "\xc3\xa9\xf0\x9f\x98\x80";
          break;
        default:
          s += static_cast<char>('a' + rng() % 26);
      }
    }
    return s;
  };
  switch (kind(rng)) {
    case 0:
      return nullptr;
    case 1:
      return rng() % 2 == 0;
    case 2:
      return static_cast<int64_t>(rng()) - static_cast<int64_t>(rng()) * 4096;
    case 3:
      return static_cast<uint64_t>(rng()) << 32 | rng();
    case 4:
      return std::ldexp(static_cast<double>(rng()) / 7.0, static_cast<int>(rng() % 200) - 100);
    case 5:
      return random_string();
    case 6: {
      json a = json::array();
      for (int i = static_cast<int>(rng() % 5); i > 0; --i)
        a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (int i = static_cast<int>(rng() % 5); i > 0; --i)
        o[random_string()] = random_value(rng, depth + 1);
      return o;
    }
  }
}

TEST_CASE("random values survive writer, fast reader and nlohmann alike") {
  std::mt19937 rng(2024);
  for (int i = 0; i < 2000; ++i) {
    json v = random_value(rng, 0);
    std::string out;
    append_json_compact(out, v);
    CAPTURE(out);
    auto slow = nlohmann_parse(out);
    REQUIRE(slow);
    CHECK(*slow == v);
    auto fast = fast_parse(out);
    REQUIRE(fast);
    CHECK(*fast == v);
    std::string pretty = v.dump(2);
    auto fast_pretty = fast_parse(pretty);
    REQUIRE(fast_pretty);
    CHECK(*fast_pretty == v);
  }
}

}  // namespace
}  // namespace fedplan
