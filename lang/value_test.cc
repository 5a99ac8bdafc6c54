// Tests for Value: kinds, marks, equality, ordering, sets and printing.
// Marks are part of a value's identity; equal_content() is how code ignores them.
#include "lang/value.h"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace fedplan;

TEST_CASE("values of each kind report their kind and content") {
  CHECK(Value().is_null());
  CHECK(Value::boolean(true).as_bool());
  CHECK(Value::number(2.5).as_number() == 2.5);
  CHECK(Value::string("x").as_string() == "x");
  Value obj = Value::object({{"a", Value::number(1)}, {"b", Value::string("s")}});
  CHECK(obj.kind() == ValueKind::Object);
  REQUIRE(obj.get("b"));
  CHECK(obj.get("b")->as_string() == "s");
  CHECK(obj.get("zz") == nullptr);
  Value tup = Value::tuple({Value::number(1), Value::string("a")});
  CHECK(tup.at(1)->as_string() == "a");
  CHECK(tup.at(2) == nullptr);
  CHECK(tup.size() == 2);
}

TEST_CASE("asking a value for the wrong kind is a bug and throws") {
  CHECK_THROWS_AS(Value::number(1).as_string(), std::logic_error);
  CHECK_THROWS_AS(Value::unknown(ValueKind::String).as_string(), std::logic_error);
}

TEST_CASE("unknown values are not known and make their container not wholly known") {
  Value u = Value::unknown(ValueKind::String);
  CHECK_FALSE(u.known());
  CHECK(u.kind() == ValueKind::String);
  Value l = Value::list({Value::string("a"), u});
  CHECK(l.known());
  CHECK_FALSE(l.wholly_known());
  CHECK(debug_string(u) == "(known after apply)");
}

TEST_CASE("sensitive marks are shallow but found inside collections") {
  Value s = Value::string("secret").mark_sensitive();
  CHECK(s.sensitive());
  Value m = Value::map({{"k", s}});
  CHECK_FALSE(m.sensitive());
  CHECK(m.contains_sensitive());
  CHECK_FALSE(m.unmarked_deep().contains_sensitive());
  CHECK(debug_string(m) == "{ \"k\" = (sensitive value) }");
}

TEST_CASE("equality includes marks unless equal_content is used") {
  Value a = Value::string("x");
  Value b = a.mark_sensitive();
  CHECK(a != b);
  CHECK(a.equal_content(b));
  CHECK(Value::list({a}) == Value::list({Value::string("x")}));
  CHECK(Value::list({a}) != Value::tuple({a}));
}

TEST_CASE("sets are sorted and hold each element once") {
  Value s = Value::set({Value::string("b"), Value::string("a"), Value::string("b")});
  REQUIRE(s.size() == 2);
  CHECK(s.at(0)->as_string() == "a");
  CHECK(debug_string(s) == "toset([\"a\", \"b\"])");
}

TEST_CASE("numbers print as integers when whole and shortest otherwise") {
  CHECK(format_number(3) == "3");
  CHECK(format_number(-9007199254740992.0) == "-9007199254740992");
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(1.5e300) == "1.5e+300");
}

TEST_CASE("type names describe collections by their first element") {
  CHECK(Value::list({Value::string("a")}).type_name() == "list of string");
  CHECK(Value::map({}).type_name() == "map of any");
  CHECK(Value::tuple({}).type_name() == "tuple");
}
