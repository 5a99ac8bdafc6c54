// Tests for Value <-> JSON: plain conversion both ways, the unknown and sensitive masks,
// sensitive paths, and lossless round trips of marks through the masks.
#include "lang/value_json.h"

#include <doctest/doctest.h>

#include "lang/testing/values.h"

using namespace fedplan;
using namespace fedplan::testing;
using nlohmann::json;

namespace {
// A manifest-like value with a sensitive and an unknown part.
Value sample() {
  return Value::object({
      {"kind", str("Secret")},
      {"data", Value::object({{"token", str("abc").mark_sensitive()}, {"plain", str("x")}})},
      {"ports", Value::tuple({num(80), Value::unknown(ValueKind::Number)})},
      {"status", Value::unknown()},
  });
}
}  // namespace

TEST_CASE("values convert to plain JSON with integers as integers") {
  Value v = Value::object({{"a", num(1)},
                           {"b", num(1.5)},
                           {"c", Value::list({str("x"), Value::boolean(true)})},
                           {"d", Value()},
                           {"e", Value::set({num(2), num(1)})}});
  json j = to_json(v);
  CHECK(j.dump() == R"({"a":1,"b":1.5,"c":["x",true],"d":null,"e":[1,2]})");
  CHECK(j["a"].is_number_integer());
  CHECK(to_json(num(-3)).is_number_integer());
  CHECK(to_json(num(1e300)).is_number_float());
}

TEST_CASE("unknown values become null in plain JSON and marks are dropped") {
  CHECK(to_json(Value::unknown(ValueKind::String)).is_null());
  CHECK(to_json(str("s").mark_sensitive()) == json("s"));
}

TEST_CASE("JSON converts to objects, tuples and numbers") {
  Value v = from_json(json::parse(R"({"a":[1,"x",null,{"b":false}],"n":2.5})"));
  CHECK(v.kind() == ValueKind::Object);
  const Value* a = v.get("a");
  REQUIRE(a);
  CHECK(a->kind() == ValueKind::Tuple);
  CHECK(*a->at(0) == num(1));
  CHECK(*a->at(1) == str("x"));
  CHECK(a->at(2)->is_null());
  CHECK(a->at(3)->get("b")->as_bool() == false);
  CHECK(*v.get("n") == num(2.5));
  CHECK(from_json(json::parse("18446744073709551615")).as_number() > 1e19);
}

TEST_CASE("plain JSON round trips known unmarked values") {
  Value v = Value::object({{"x", Value::tuple({num(1), str("two"), Value::boolean(false)})},
                           {"y", Value::object({})},
                           {"z", Value()}});
  CHECK(from_json(to_json(v)) == v);
}

TEST_CASE("the unknown mask marks unknown positions and mirrors the structure around them") {
  json m = unknown_mask(sample());
  CHECK(m.dump() == R"({"ports":[false,true],"status":true})");
  CHECK(unknown_mask(num(1)) == json(false));
  CHECK(unknown_mask(Value::unknown()) == json(true));
  CHECK(unknown_mask(Value::object({{"a", num(1)}})) == json(false));
}

TEST_CASE("the sensitive mask marks sensitive positions") {
  json m = sensitive_mask(sample());
  CHECK(m.dump() == R"({"data":{"token":true}})");
  CHECK(sensitive_mask(num(1)) == json(false));
  Value whole = Value::object({{"a", num(1)}}).mark_sensitive();
  CHECK(sensitive_mask(whole) == json(true));
  Value in_list = Value::tuple({num(1), num(2).mark_sensitive()});
  CHECK(sensitive_mask(in_list).dump() == "[false,true]");
}

TEST_CASE("sensitive paths list every sensitive position, outermost first") {
  Value v = Value::object({
      {"a", Value::tuple({num(1), num(2).mark_sensitive()})},
      {"b c", str("x").mark_sensitive()},
      {"d", Value::object({{"e", str("y").mark_sensitive()}}).mark_sensitive()},
  });
  std::vector<ValuePath> paths = sensitive_paths(v);
  REQUIRE(paths.size() == 3);
  CHECK(path_to_string(paths[0]) == ".a[1]");
  CHECK(path_to_string(paths[1]) == "[\"b c\"]");
  CHECK(path_to_string(paths[2]) == ".d");
  CHECK(path_to_json(paths[0]).dump() == R"(["a",1])");
  CHECK(path_from_json(path_to_json(paths[0])) == paths[0]);
  CHECK(sensitive_paths(str("s").mark_sensitive()).size() == 1);
  CHECK(sensitive_paths(str("s").mark_sensitive())[0].empty());
}

TEST_CASE("values round trip with their marks through JSON and the two masks") {
  Value v = sample();
  Value back = from_json_with_marks(to_json(v), unknown_mask(v), sensitive_mask(v));
  CHECK(back.get("data")->get("token")->sensitive());
  CHECK_FALSE(back.get("data")->get("plain")->sensitive());
  CHECK_FALSE(back.get("status")->known());
  CHECK_FALSE(back.get("ports")->at(1)->known());
  CHECK(back.get("ports")->at(0)->known());
  // Unknown values come back with an unknown kind; everything else is identical.
  Value expected = Value::object({
      {"kind", str("Secret")},
      {"data", Value::object({{"token", str("abc").mark_sensitive()}, {"plain", str("x")}})},
      {"ports", Value::tuple({num(80), Value::unknown()})},
      {"status", Value::unknown()},
  });
  CHECK(back == expected);
}

TEST_CASE("a value that is both unknown and sensitive round trips") {
  Value v = Value::object({{"s", Value::unknown().mark_sensitive()}});
  Value back = from_json_with_marks(to_json(v), unknown_mask(v), sensitive_mask(v));
  CHECK(back == v);
  Value top = Value::unknown().mark_sensitive();
  CHECK(from_json_with_marks(to_json(top), unknown_mask(top), sensitive_mask(top)) == top);
}

TEST_CASE("masks that do not match the value's shape are ignored") {
  Value v = from_json_with_marks(json::parse("[1,{\"a\":2}]"), json::parse("{\"x\":true}"),
                                 json::parse("[false]"));
  CHECK(v.wholly_known());
  CHECK_FALSE(v.contains_sensitive());
}

TEST_CASE("mark_paths_sensitive marks values at the given paths") {
  Value v = Value::object({{"a", Value::list({str("x"), str("y")})}, {"b", num(1)}});
  Value marked = mark_paths_sensitive(
      v, {ValuePath{PathStep::attr("a"), PathStep::at(1)}, ValuePath{PathStep::attr("missing")}});
  CHECK(marked.get("a")->kind() == ValueKind::List);
  CHECK(marked.get("a")->at(1)->sensitive());
  CHECK_FALSE(marked.get("a")->at(0)->sensitive());
  CHECK_FALSE(marked.get("b")->sensitive());
  CHECK(sensitive_paths(marked).size() == 1);
}
