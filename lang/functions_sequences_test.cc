// Tests for flatten, distinct, sort, compact, coalesce, one, alltrue, anytrue, the set
// functions, the conversion functions, sensitive/nonsensitive and the number functions.
#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

TEST_CASE("flatten replaces nested lists by their elements") {
  Value nested = Value::tuple(
      {strs({"a", "b"}), Value::tuple({}), str("c"), Value::tuple({Value::tuple({str("d")})})});
  CHECK(eval("flatten", {nested}) == Value::tuple({str("a"), str("b"), str("c"), str("d")}));
  Value lists = Value::list({Value::list({num(1)}), Value::list({num(2)})});
  CHECK(eval("flatten", {lists}) == Value::list({num(1), num(2)}));
  CHECK(call("flatten", {str("x")}).error_arg == 0);
}

TEST_CASE("flatten with unknowns and sensitive parts") {
  Value partly = Value::tuple({Value::tuple({Value::unknown(ValueKind::String)}), str("x")});
  Value r = eval("flatten", {partly});
  CHECK(r.size() == 2);
  CHECK_FALSE(r.at(0)->known());
  // An unknown nested list hides how many elements there will be.
  CHECK_FALSE(eval("flatten", {Value::tuple({Value::unknown(ValueKind::List)})}).known());
  Value secret = Value::tuple({Value::tuple({str("a"), str("b")}).mark_sensitive(), str("c")});
  r = eval("flatten", {secret});
  CHECK(r.at(0)->sensitive());
  CHECK(r.at(1)->sensitive());
  CHECK_FALSE(r.at(2)->sensitive());
}

TEST_CASE("distinct keeps the first of equal elements") {
  CHECK(eval("distinct", {strs({"b", "a", "b", "c", "a"})}) ==
        Value::list({str("b"), str("a"), str("c")}));
  CHECK(eval("distinct", {Value::tuple({num(1), str("1")})}) == Value::list({str("1")}));
  CHECK(call("distinct", {str("x")}).error_arg == 0);
  CHECK_FALSE(eval("distinct", {Value::tuple({Value::unknown(), str("a")})}).known());
}

TEST_CASE("sort, compact, one, alltrue and anytrue") {
  CHECK(eval("sort", {strs({"b", "c", "a"})}) == Value::list({str("a"), str("b"), str("c")}));
  CHECK(eval("sort", {Value::tuple({num(10), num(9)})}) == Value::list({str("10"), str("9")}));
  CHECK(call("sort", {Value::tuple({str("a"), Value()})}).error_arg == 0);
  CHECK(eval("compact", {Value::tuple({str("a"), str(""), Value(), str("b")})}) ==
        Value::list({str("a"), str("b")}));
  CHECK(eval("one", {strs({})}).is_null());
  CHECK(eval("one", {strs({"x"})}) == str("x"));
  CHECK(call("one", {strs({"x", "y"})}).error_arg == 0);
  CHECK(eval("alltrue", {Value::tuple({yes(), str("true")})}) == yes());
  CHECK(eval("alltrue", {Value::tuple({yes(), no()})}) == no());
  CHECK(eval("alltrue", {Value::tuple({})}) == yes());
  CHECK(eval("anytrue", {Value::tuple({no(), yes()})}) == yes());
  CHECK(eval("anytrue", {Value::tuple({})}) == no());
}

TEST_CASE("coalesce returns the first non-null, non-empty argument") {
  CHECK(eval("coalesce", {Value(), str(""), str("b"), str("c")}) == str("b"));
  CHECK(eval("coalesce", {num(1), str("x")}) == str("1"));  // the common type is string
  CHECK(eval("coalesce", {Value(), num(2)}) == num(2));
  CHECK_FALSE(eval("coalesce", {Value(), Value::unknown(), str("x")}).known());
  CHECK(eval("coalesce", {str("a"), Value::unknown()}).equal_content(str("a")));
  CHECK(eval("coalesce", {Value(), str("s").mark_sensitive()}).sensitive());
}

TEST_CASE("set functions") {
  Value a = Value::tuple({str("a"), str("b")});
  Value b = Value::tuple({str("b"), str("c")});
  CHECK(eval("setunion", {a, b}) == Value::set({str("a"), str("b"), str("c")}));
  CHECK(eval("setintersection", {a, b}) == Value::set({str("b")}));
  CHECK(eval("setsubtract", {a, b}) == Value::set({str("a")}));
  CHECK(eval("setunion", {a}) == Value::set({str("a"), str("b")}));
  CHECK(call("setunion", {a, str("x")}).error_arg == 1);
}

TEST_CASE("conversion functions use the conversion rules") {
  CHECK(eval("tostring", {num(5)}) == str("5"));
  CHECK(eval("tostring", {Value()}).is_null());
  CHECK(eval("tonumber", {str("2.5")}) == num(2.5));
  CHECK(eval("tobool", {str("true")}) == yes());
  CHECK(eval("tolist", {Value::tuple({num(1), str("a")})}) == Value::list({str("1"), str("a")}));
  CHECK(eval("toset", {strs({"b", "a", "b"})}) == Value::set({str("a"), str("b")}));
  CHECK(eval("tomap", {Value::object({{"a", num(1)}})}) == Value::map({{"a", num(1)}}));
  FunctionResult r = call("tonumber", {str("abc")});
  CHECK(r.error_arg == 0);
  CHECK(r.error == "Invalid value for \"v\" parameter: a number is required, got \"abc\".");
  CHECK(call("tostring", {strs({})}).error_arg == 0);
  CHECK(call("tolist", {Value::tuple({num(1), yes()})}).error ==
        "Invalid value for \"v\" parameter: all elements must have the same type.");
}

TEST_CASE("conversion functions keep unknown and sensitive parts in place") {
  Value l = eval("tolist", {Value::tuple({str("a").mark_sensitive(), Value::unknown()})});
  CHECK(l.kind() == ValueKind::List);
  CHECK(l.at(0)->sensitive());
  CHECK_FALSE(l.at(1)->known());
  CHECK_FALSE(l.sensitive());
  Value s = eval("tostring", {Value::unknown()});
  CHECK(s.kind() == ValueKind::String);
  CHECK_FALSE(s.known());
}

TEST_CASE("sensitive and nonsensitive set and clear the mark") {
  Value s = eval("sensitive", {str("x")});
  CHECK(s == str("x").mark_sensitive());
  CHECK(eval("nonsensitive", {s}) == str("x"));
  CHECK(eval("sensitive", {Value()}).sensitive());
  CHECK(eval("sensitive", {Value::unknown()}).sensitive());
}

TEST_CASE("number functions") {
  CHECK(eval("max", {num(1), num(7), str("3")}) == num(7));
  CHECK(eval("min", {num(1), num(-7), num(3)}) == num(-7));
  CHECK(eval("abs", {num(-2.5)}) == num(2.5));
  CHECK(eval("ceil", {num(1.2)}) == num(2));
  CHECK(eval("floor", {num(-1.2)}) == num(-2));
  CHECK(eval("pow", {num(2), num(10)}) == num(1024));
  CHECK(call("max", {}).error_arg == -1);
  FunctionResult r = call("max", {num(1), str("x")});
  CHECK(r.error_arg == 1);
  CHECK(r.error == "Invalid value for \"numbers\" parameter: a number is required, got \"x\".");
  CHECK(eval("abs", {num(-1).mark_sensitive()}) == num(1).mark_sensitive());
  CHECK_FALSE(eval("max", {num(1), Value::unknown()}).known());
}
