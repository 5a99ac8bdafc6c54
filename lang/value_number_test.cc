// Tests for exact numbers: parsing at 512 bits, the shortest printing Terraform uses, storage
// choice (doubles for small whole numbers), exact equality and the language's arithmetic.
#include "lang/value_number.h"

#include <doctest/doctest.h>

#include "lang/testing/syntax_test_util.h"
#include "lang/value_equality.h"
#include "lang/value_json.h"

using namespace fedplan;
using namespace fedplan::testing;

namespace {

// The printed value of `src` evaluated, or its errors.
std::string printed(const char* src) {
  std::string errors;
  Value v = eval_src(src, {}, &errors);
  if (!errors.empty()) return errors;
  return v.kind() == ValueKind::Number ? format_number(v) : debug_string(v);
}

Value parsed(const char* text) {
  std::optional<Value> v = parse_number_value(text);
  REQUIRE_MESSAGE(v, text);
  return *v;
}

// Terraform's 1/3 (`terraform console`): every digit that tells the 512-bit value apart.
const char* kOneThird =
    "0.3333333333333333333333333333333333333333333333333333333333333333333333333333333333333333"
    "3333333333333333333333333333333333333333333333333333333333333333335";

}  // namespace

TEST_CASE("decimal fractions are exact at 512 bits: 0.1 + 0.2 is 0.3") {
  CHECK(printed("0.1 + 0.2") == "0.3");
  CHECK(printed("0.1 + 0.2 == 0.3") == "true");
  CHECK(printed("0.1 * 3") == "0.3");
  CHECK(printed("1 / 7 * 7") == "1");
  CHECK(printed("tonumber(\"0.1\") + tonumber(\"0.2\")") == "0.3");
  CHECK(printed("sum([0.1, 0.2])") == "0.3");
}

TEST_CASE("integers of any size stay exact") {
  CHECK(printed("9007199254740993") == "9007199254740993");
  CHECK(printed("9007199254740993 + 0") == "9007199254740993");
  CHECK(printed("9007199254740993 + 1") == "9007199254740994");
  CHECK(printed("12345678901234567890 * 10") == "123456789012345678900");
  CHECK(printed("123456789012345678901234567890 - 1") == "123456789012345678901234567889");
  CHECK(printed("1e30") == "1000000000000000000000000000000");
  CHECK(printed("floor(12345678901234567890.5)") == "12345678901234567890");
  CHECK(printed("parseint(\"FFFFFFFFFFFFFFFFFFFF\", 16)") == "1208925819614629174706175");
  CHECK(printed("abs(-12345678901234567890)") == "12345678901234567890");
  CHECK(printed("max(12345678901234567891, 12345678901234567890)") == "12345678901234567891");
}

TEST_CASE("division prints the shortest decimal that reads back as the 512-bit value") {
  CHECK(printed("1 / 3") == kOneThird);
  CHECK(printed("10 / 4") == "2.5");
  CHECK(printed("100000000000000000000 / 3") ==
        "33333333333333333333.3333333333333333333333333333333333333333333333333333333333333333"
        "33333333333333333333333333333333333333333333333333333333333333333333334");
  CHECK(printed("1e-400") == "0." + std::string(399, '0') + "1");
}

TEST_CASE("the remainder takes the sign of the dividend, at any precision") {
  CHECK(printed("-7 % 3") == "-1");
  CHECK(printed("7 % -3") == "1");
  CHECK(printed("-7.5 % 2") == "-1.5");
  CHECK(printed("5.5 % 2") == "1.5");
  CHECK(printed("12345678901234567891 % 10") == "1");
}

TEST_CASE("pow and log work on doubles, as Terraform's do, and print their shortest decimal") {
  CHECK(printed("pow(2, 100)") == "1267650600228229400000000000000");
  CHECK(printed("pow(2, 0.5)") == "1.4142135623730951");
  CHECK(printed("log(10, 3)") == "2.095903274289385");
}

TEST_CASE("small whole numbers are doubles, everything else 512 bits") {
  CHECK(parsed("42").as_big_number() == nullptr);
  CHECK(parsed("-123456789012345").as_big_number() == nullptr);
  CHECK(parsed("1e3").as_big_number() == nullptr);     // whole after parsing
  CHECK(parsed("2.50e1").as_big_number() == nullptr);  // 25
  CHECK(parsed("0.5").as_big_number() != nullptr);
  CHECK(parsed("9007199254740992").as_big_number() != nullptr);
  CHECK(Value::number(7).as_big_number() == nullptr);
  // A double that is not a small whole number stands for its shortest decimal.
  Value tenth = Value::number(0.1);
  REQUIRE(tenth.as_big_number());
  CHECK(tenth == parsed("0.1"));
  CHECK(format_number(tenth) == "0.1");
  CHECK(parsed("0.1").as_number() == 0.1);
  CHECK_FALSE(parse_number_value("1e"));
  CHECK_FALSE(parse_number_value("0x10"));
  CHECK_FALSE(parse_number_value("1e999999"));
}

TEST_CASE("numbers compare and match exactly whichever storage holds them") {
  Value big_two = number_value(BigFloat(2));  // normalised to a double
  CHECK(big_two == Value::number(2));
  Value a = parsed("9007199254740993");
  Value b = parsed("9007199254740992");
  CHECK(a != b);
  CHECK(Value::compare(b, a) < 0);
  CHECK(a.as_number() == b.as_number());  // the double cannot tell them apart
  CHECK(same_value(a, parsed("9007199254740993")));
  CHECK_FALSE(same_value(a, b));
  CHECK(Value::set({a, b, parsed("9007199254740993")}).size() == 2);
  CHECK(printed("0.30000000000000001 == 0.3") == "false");
}

TEST_CASE("parsing rounds once, to nearest even, at 512 bits") {
  // 2^512 + 1 is a tie between 2^512 and 2^512 + 2: it rounds to the even mantissa, 2^512.
  BigInt two512 = BigInt(1) << 512;
  std::optional<BigFloat> tie = parse_big_float((two512 + 1).str());
  REQUIRE(tie);
  CHECK(*big_integer(*tie) == two512);
  std::optional<BigFloat> above = parse_big_float((two512 + 3).str());
  CHECK(*big_integer(*above) == two512 + 4);
  std::optional<BigFloat> tenth = parse_big_float("0.1");
  CHECK(format_big_float(*tenth) == "0.1");
  CHECK(format_big_float(-*tenth) == "-0.1");
  CHECK(format_big_float(*parse_big_float("123456789.125")) == "123456789.125");
  CHECK(format_big_float(*parse_big_float("1.5e-7")) == "0.00000015");
}

TEST_CASE("JSON carries numbers exactly: jsonencode and jsondecode keep every digit") {
  CHECK(printed("jsonencode(12345678901234567890123)") == "\"12345678901234567890123\"");
  CHECK(printed("jsonencode(0.1 + 0.2)") == "\"0.3\"");
  CHECK(printed("jsonencode(1 / 3)") == std::string("\"") + kOneThird + "\"");
  CHECK(printed("jsonencode({a = [1e30, -2.5]})") ==
        "\"{\\\"a\\\":[1000000000000000000000000000000,-2.5]}\"");
  CHECK(printed("jsondecode(\"12345678901234567890123\")") == "12345678901234567890123");
  CHECK(printed("jsondecode(\"0.1\") + 0.2") == "0.3");
  // nlohmann documents: integers up to 64 bits exactly, decimals through their shortest text.
  CHECK(from_json(nlohmann::json::parse("18446744073709551615")) == parsed("18446744073709551615"));
  CHECK(from_json(nlohmann::json::parse("-9223372036854775808")) == parsed("-9223372036854775808"));
  CHECK(from_json(nlohmann::json::parse("0.1")) == parsed("0.1"));
  CHECK(to_json(parsed("12345678901234567890")).dump() == "12345678901234567890");
  CHECK(to_json(parsed("0.1")).dump() == "0.1");
}

TEST_CASE("tostring, templates and format print exact digits") {
  CHECK(printed("tostring(1 / 3)") == std::string("\"") + kOneThird + "\"");
  CHECK(printed("\"n=${12345678901234567890 + 1}\"") == "\"n=12345678901234567891\"");
  CHECK(printed("format(\"%d\", 12345678901234567890)") == "\"12345678901234567890\"");
  CHECK(printed("format(\"%x\", 12345678901234567890)") == "\"ab54a98ceb1f0ad2\"");
  CHECK(printed("format(\"%.30f\", 0.1)") == "\"0.100000000000000000000000000000\"");
  CHECK(printed("format(\"%e\", 12345678901234567890)") == "\"1.234568e+19\"");
  CHECK(printed("format(\"%.3e\", 1 / 3)") == "\"3.333e-01\"");
  CHECK(printed("format(\"%g\", 1e30)") == "\"1e+30\"");
  CHECK(printed("format(\"%f\", 1 / 3)") == "\"0.333333\"");
}

TEST_CASE("signum needs a whole number of 64 bits, as Terraform's does") {
  CHECK(printed("signum(-12345678901234)") == "-1");
  CHECK(printed("signum(0)") == "0");
  CHECK(printed("signum(0.5)").find("value must be a whole number") != std::string::npos);
  CHECK(printed("signum(-1e40)").find("value must be a whole number") != std::string::npos);
}

TEST_CASE("a double kept as its shortest decimal still reads back as the same double") {
  for (double d : {0.1, -2.675, 1e-7, 3.141592653589793, 1e300, 5e-324, 1.7976931348623157e308,
                   9007199254740993.0, 123456.789e3})
    CHECK(Value::number(d).as_number() == d);
}
