// Tests for type constraints: printing, the type of a value, unification and every
// conversion rule (primitives, collections, structural kinds, null, unknown and marks).
#include "lang/types.h"

#include <doctest/doctest.h>

#include "lang/testing/values.h"

using namespace fedplan;
using namespace fedplan::testing;

namespace {
Type ports_type() {
  return Type::object({ObjectAttr::of("name", Type::string()),
                       ObjectAttr::of("ports", Type::list(Type::number())),
                       ObjectAttr::opt("tls", Type::boolean(), Value::boolean(false))});
}
}  // namespace

TEST_CASE("types print as the user writes them") {
  CHECK(Type::list(Type::string()).to_string() == "list(string)");
  CHECK(Type::map(Type::set(Type::number())).to_string() == "map(set(number))");
  CHECK(Type::tuple({Type::string(), Type::boolean()}).to_string() == "tuple([string, bool])");
  CHECK(ports_type().to_string() ==
        "object({ name = string, ports = list(number), tls = optional(bool, false) })");
  CHECK(Type::object({ObjectAttr::opt("x", Type::string())}).to_string() ==
        "object({ x = optional(string) })");
  CHECK(Type::object({}).to_string() == "object({})");
  CHECK(Type::any().to_string() == "any");
  CHECK(Type::list(Type::string()).friendly_name() == "list of string");
}

TEST_CASE("numbers parse only in decimal notation") {
  CHECK(parse_number("12") == 12);
  CHECK(parse_number("-1.5") == -1.5);
  CHECK(parse_number("1e3") == 1000);
  CHECK(parse_number(".5") == 0.5);
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("-"));
  CHECK_FALSE(parse_number("0x10"));
  CHECK_FALSE(parse_number(" 1"));
  CHECK_FALSE(parse_number("1e"));
  CHECK_FALSE(parse_number("abc"));
}

TEST_CASE("primitives convert through strings") {
  CHECK(convert(num(5), Type::string()).value == str("5"));
  CHECK(convert(num(2.5), Type::string()).value == str("2.5"));
  CHECK(convert(Value::boolean(true), Type::string()).value == str("true"));
  CHECK(convert(str("42"), Type::number()).value == num(42));
  CHECK(convert(str("false"), Type::boolean()).value == Value::boolean(false));
  ConvertResult bad = convert(str("abc"), Type::number());
  CHECK(bad.error == "a number is required, got \"abc\"");
  CHECK(convert(str("yes"), Type::boolean()).error == "a bool is required, got \"yes\"");
  CHECK(convert(num(1), Type::boolean()).error == "a bool is required, got number");
  CHECK(convert(Value::list({}), Type::string()).error == "a string is required, got list of any");
}

TEST_CASE("a sensitive string that fails to convert is not quoted in the error") {
  ConvertResult r = convert(str("hunter2").mark_sensitive(), Type::number());
  CHECK(r.error.find("hunter2") == std::string::npos);
  CHECK(r.error == "a number is required, got a sensitive string");
}

TEST_CASE("null converts to null of any type") {
  CHECK(convert(Value(), Type::number()).value.is_null());
  CHECK(convert(Value(), ports_type()).ok());
}

TEST_CASE("unknown values stay unknown with the target kind and keep their marks") {
  ConvertResult r = convert(Value::unknown(), Type::list(Type::string()));
  CHECK_FALSE(r.value.known());
  CHECK(r.value.kind() == ValueKind::List);
  Value secret = Value::unknown(ValueKind::String).mark_sensitive();
  r = convert(secret, Type::number());
  CHECK(r.value.kind() == ValueKind::Number);
  CHECK_FALSE(r.value.known());
  CHECK(r.value.sensitive());
  CHECK(convert(Value::unknown(ValueKind::Bool), Type::list(Type::any())).error ==
        "list of any required, got an unknown bool");
}

TEST_CASE("tuples and sets convert to lists when their elements convert") {
  Value t = Value::tuple({num(1), str("2")});
  ConvertResult r = convert(t, Type::list(Type::number()));
  CHECK(r.value == Value::list({num(1), num(2)}));
  r = convert(t, Type::list(Type::string()));
  CHECK(r.value == Value::list({str("1"), str("2")}));
  r = convert(Value::tuple({num(3), num(1), num(3)}), Type::set(Type::number()));
  CHECK(r.value == Value::set({num(1), num(3)}));
  CHECK(r.value.size() == 2);
  r = convert(Value::set({str("b"), str("a")}), Type::list(Type::string()));
  CHECK(r.value == Value::list({str("a"), str("b")}));
  CHECK(convert(Value::tuple({num(1), Value::tuple({})}), Type::list(Type::number())).error ==
        "element 1: a number is required, got tuple");
}

TEST_CASE("objects convert to maps and maps to objects") {
  Value o = Value::object({{"a", num(1)}, {"b", str("x")}});
  ConvertResult r = convert(o, Type::map(Type::string()));
  CHECK(r.value == Value::map({{"a", str("1")}, {"b", str("x")}}));
  CHECK(convert(o, Type::map(Type::number())).error ==
        "element \"b\": a number is required, got \"x\"");
  Type obj = Type::object({ObjectAttr::of("a", Type::string())});
  r = convert(Value::map({{"a", num(1)}, {"z", num(2)}}), obj);
  CHECK(r.value == Value::object({{"a", str("1")}}));  // extra attributes are dropped
  CHECK(convert(Value::list({}), obj).error == "object required, got list of any");
}

TEST_CASE("object conversion reports missing attributes and fills optional ones") {
  Value given = Value::object({{"name", str("web")}, {"ports", Value::tuple({num(80)})}});
  ConvertResult r = convert(given, ports_type());
  REQUIRE(r.ok());
  CHECK(r.value.get("tls")->as_bool() == false);
  CHECK(r.value.get("ports")->kind() == ValueKind::List);
  CHECK(convert(Value::object({{"name", str("web")}}), ports_type()).error ==
        "attribute \"ports\" is required");
  Value bad =
      Value::object({{"name", str("web")}, {"ports", Value::tuple({Value::boolean(true)})}});
  CHECK(convert(bad, ports_type()).error ==
        "attribute \"ports\": element 0: a number is required, got bool");
  Value explicit_null =
      Value::object({{"name", Value()}, {"ports", Value::tuple({})}, {"tls", Value()}});
  r = convert(explicit_null, ports_type());
  REQUIRE(r.ok());
  CHECK(r.value.get("name")->is_null());
  CHECK(r.value.get("tls")->as_bool() == false);
}

TEST_CASE("tuples convert element-wise and need the same length") {
  Type t = Type::tuple({Type::string(), Type::number()});
  CHECK(convert(Value::list({str("a"), str("2")}), t).value == Value::tuple({str("a"), num(2)}));
  CHECK(convert(Value::tuple({str("a")}), t).error == "a tuple of 2 elements is required, got 1");
}

TEST_CASE("any inside a collection unifies the element types") {
  ConvertResult r = convert(Value::tuple({num(1), str("a")}), Type::list(Type::any()));
  CHECK(r.value == Value::list({str("1"), str("a")}));
  r = convert(Value::tuple({num(1), Value::boolean(true)}), Type::list(Type::any()));
  CHECK(r.error == "all elements must have the same type");
  Value objs = Value::tuple({Value::object({{"a", num(1)}}), Value::object({{"b", num(2)}})});
  r = convert(objs, Type::list(Type::any()));
  REQUIRE(r.ok());
  CHECK(r.value.elements()[0].kind() == ValueKind::Map);
  r = convert(Value::object({{"x", num(1)}, {"y", str("s")}}), Type::map(Type::any()));
  CHECK(r.value == Value::map({{"x", str("1")}, {"y", str("s")}}));
  // Top-level any leaves the value alone.
  Value tup = Value::tuple({num(1), Value::boolean(true)});
  CHECK(convert(tup, Type::any()).value == tup);
}

TEST_CASE("conversion keeps sensitive marks at every level") {
  Value inner = num(8080).mark_sensitive();
  Value v = Value::tuple({inner, num(1)});
  ConvertResult r = convert(v, Type::list(Type::string()));
  REQUIRE(r.ok());
  CHECK(r.value.elements()[0].sensitive());
  CHECK(r.value.elements()[0].equal_content(str("8080")));
  CHECK_FALSE(r.value.elements()[1].sensitive());
  r = convert(v.mark_sensitive(), Type::list(Type::number()));
  CHECK(r.value.sensitive());
}

TEST_CASE("type_of gives structural types and unify finds the common type") {
  CHECK(type_of(Value::tuple({num(1), str("a")})) == Type::tuple({Type::number(), Type::string()}));
  CHECK(type_of(Value::list({str("a")})) == Type::list(Type::string()));
  CHECK(type_of(Value()) == Type::any());
  CHECK(type_of(Value::unknown(ValueKind::Map)) == Type::map(Type::any()));
  CHECK(unify_types(Type::number(), Type::string()) == Type::string());
  CHECK_FALSE(unify_types(Type::number(), Type::boolean()));
  CHECK(unify_types(Type::list(Type::number()), Type::tuple({Type::string()})) ==
        Type::list(Type::string()));
  Type a = Type::object({ObjectAttr::of("a", Type::number())});
  Type b = Type::object({ObjectAttr::of("a", Type::string())});
  CHECK(unify_types(a, b) == Type::object({ObjectAttr::of("a", Type::string())}));
}
