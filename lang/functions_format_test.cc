// Tests for format(): each verb, flags, width and precision, explicit argument indexes,
// errors that name the offending argument, and unknown/sensitive arguments.
#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

TEST_CASE("format substitutes strings, numbers and bools") {
  CHECK(eval("format", {str("Hello, %s!"), str("mesh")}) == str("Hello, mesh!"));
  CHECK(eval("format", {str("%d items"), num(3)}) == str("3 items"));
  CHECK(eval("format", {str("%t"), yes()}) == str("true"));
  CHECK(eval("format", {str("100%%")}) == str("100%"));
  CHECK(eval("format", {str("%s-%s"), str("a"), num(2)}) == str("a-2"));
  CHECK(eval("format", {str("%d"), str("42")}) == str("42"));
}

TEST_CASE("format %v prints values in their natural form and collections as JSON") {
  CHECK(eval("format", {str("%v"), str("x")}) == str("x"));
  CHECK(eval("format", {str("%v"), num(1.5)}) == str("1.5"));
  CHECK(eval("format", {str("%v"), Value()}) == str("null"));
  CHECK(eval("format", {str("%v"), Value::tuple({num(1), str("a")})}) == str("[1,\"a\"]"));
  CHECK(eval("format", {str("%#v"), str("x")}) == str("\"x\""));
  CHECK(eval("format", {str("%v"), Value::object({{"k", yes()}})}) == str("{\"k\":true}"));
}

TEST_CASE("format %q quotes strings") {
  CHECK(eval("format", {str("%q"), str("a \"b\"\n")}) == str("\"a \\\"b\\\"\\n\""));
}

TEST_CASE("format integer verbs in several bases") {
  CHECK(eval("format", {str("%b"), num(5)}) == str("101"));
  CHECK(eval("format", {str("%o"), num(8)}) == str("10"));
  CHECK(eval("format", {str("%x"), num(255)}) == str("ff"));
  CHECK(eval("format", {str("%X"), num(255)}) == str("FF"));
  CHECK(eval("format", {str("%#x"), num(255)}) == str("0xff"));
  CHECK(eval("format", {str("%d"), num(-42)}) == str("-42"));
  CHECK(eval("format", {str("%x"), num(-255)}) == str("-ff"));
}

TEST_CASE("format float verbs with precision") {
  CHECK(eval("format", {str("%f"), num(3.14159)}) == str("3.141590"));
  CHECK(eval("format", {str("%.2f"), num(3.14159)}) == str("3.14"));
  CHECK(eval("format", {str("%.1e"), num(1234.5)}) == str("1.2e+03"));
  CHECK(eval("format", {str("%g"), num(0.25)}) == str("0.25"));
  CHECK(eval("format", {str("%.3g"), num(3.14159)}) == str("3.14"));
  CHECK(eval("format", {str("%.0f"), num(-2.5)}) == str("-2"));
}

TEST_CASE("format width, flags and string precision") {
  CHECK(eval("format", {str("[%5d]"), num(42)}) == str("[   42]"));
  CHECK(eval("format", {str("[%-5d]"), num(42)}) == str("[42   ]"));
  CHECK(eval("format", {str("[%05d]"), num(-42)}) == str("[-0042]"));
  CHECK(eval("format", {str("[%+d]"), num(42)}) == str("[+42]"));
  CHECK(eval("format", {str("[% d]"), num(42)}) == str("[ 42]"));
  CHECK(eval("format", {str("[%6s]"), str("ab")}) == str("[    ab]"));
  CHECK(eval("format", {str("[%-4s]"), str("é")}) == str("[é   ]"));
  CHECK(eval("format", {str("[%.2s]"), str("abcdef")}) == str("[ab]"));
  CHECK(eval("format", {str("[%8.3f]"), num(3.14159)}) == str("[   3.142]"));
}

TEST_CASE("format explicit argument indexes") {
  CHECK(eval("format", {str("%[2]s %[1]s"), str("world"), str("hello")}) == str("hello world"));
  CHECK(eval("format", {str("%[1]s %[1]s"), str("x")}) == str("x x"));
}

TEST_CASE("format errors name the argument at fault") {
  FunctionResult r = call("format", {str("%d"), str("abc")});
  CHECK(r.error_arg == 1);
  CHECK(r.error ==
        "Invalid value for \"args\" parameter: unsupported value for \"%d\" at offset 0: a "
        "number is required, got \"abc\".");
  r = call("format", {str("%s %d"), str("a"), num(1.5)});
  CHECK(r.error_arg == 2);
  CHECK(r.error.find("a whole number is required") != std::string::npos);
  r = call("format", {str("%s"), Value::tuple({})});
  CHECK(r.error_arg == 1);
  r = call("format", {str("%s")});
  CHECK(r.error_arg == -1);
  CHECK(r.error.find("not enough arguments") != std::string::npos);
  r = call("format", {str("%s"), str("a"), str("b")});
  CHECK(r.error_arg == 2);
  CHECK(r.error.find("too many arguments") != std::string::npos);
  r = call("format", {str("%z"), str("a")});
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("unsupported format verb \"%z\"") != std::string::npos);
  r = call("format", {str("abc %")});
  CHECK(r.error_arg == 0);
  r = call("format", {str("%s"), Value()});
  CHECK(r.error_arg == 1);
  CHECK(r.error.find("null value cannot be formatted") != std::string::npos);
}

TEST_CASE("format with an unknown or sensitive argument") {
  Value u = eval("format", {str("%s"), Value::unknown()});
  CHECK_FALSE(u.known());
  CHECK(u.kind() == ValueKind::String);
  Value s = eval("format", {str("token=%s"), str("abc").mark_sensitive()});
  CHECK(s == str("token=abc").mark_sensitive());
}

TEST_CASE("format refuses a width or precision over the limit instead of overflowing") {
  FunctionResult r = call("format", {str("%99999999999d"), num(1)});
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("width or precision over 10000 in format string at offset 0") !=
        std::string::npos);
  CHECK(call("format", {str("x%.10001f"), num(1)}).error.find("at offset 1") != std::string::npos);
  CHECK(eval("format", {str("%10000d"), num(1)}).as_string().size() == 10000);
  r = call("format", {str("%[1e300]d"), num(1)});
  CHECK(r.error.find("invalid argument index in format string at offset 0") != std::string::npos);
}

TEST_CASE("format prints numbers from their exact value") {
  Value third = eval("tonumber", {str("0.333333333333333333333333333333333333")});
  CHECK(eval("format", {str("%.20f"), third}) == str("0.33333333333333333333"));
  CHECK(eval("format", {str("%.0f"), eval("tonumber", {str("2.5")})}) == str("2"));
  CHECK(eval("format", {str("%.0f"), eval("tonumber", {str("3.5")})}) == str("4"));
  CHECK(eval("format", {str("%.2e"), eval("tonumber", {str("-99950")})}) == str("-1.00e+05"));
  CHECK(eval("format", {str("%d"), eval("tonumber", {str("-123456789012345678901")})}) ==
        str("-123456789012345678901"));
  CHECK(eval("format", {str("%#x"), eval("tonumber", {str("18446744073709551616")})}) ==
        str("0x10000000000000000"));
  CHECK(eval("format", {str("%g"), num(1234567)}) == str("1.234567e+06"));
  CHECK(eval("format", {str("%g"), num(0.0001)}) == str("0.0001"));
  CHECK(eval("format", {str("%g"), num(0.00001)}) == str("1e-05"));
}
