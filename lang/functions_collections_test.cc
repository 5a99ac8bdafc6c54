// Tests for length, lookup, merge, concat, keys, values, contains, element, slice, reverse,
// zipmap and range: results, argument errors, and unknown/sensitive elements kept in place.
#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

namespace {
Value meshes() {
  return Value::object({{"mesh1", str("mesh2")}, {"mesh2", str("mesh1")}});
}
}  // namespace

TEST_CASE("length of strings and collections") {
  CHECK(eval("length", {str("héllo")}) == num(5));
  CHECK(eval("length", {strs({"a", "b"})}) == num(2));
  CHECK(eval("length", {meshes()}) == num(2));
  CHECK(eval("length", {Value::set({num(1), num(1)})}) == num(1));
  FunctionResult r = call("length", {num(3)});
  CHECK(r.error_arg == 0);
  CHECK(r.error ==
        "Invalid value for \"value\" parameter: a string or a collection is required, got "
        "number.");
}

TEST_CASE("length is known for a known list of unknown elements") {
  CHECK(eval("length", {Value::tuple({Value::unknown(), num(1)})}) == num(2));
  Value u = eval("length", {Value::unknown(ValueKind::List)});
  CHECK_FALSE(u.known());
  CHECK(u.kind() == ValueKind::Number);
  // Unknown set elements may turn out equal, so the size is not known.
  CHECK_FALSE(eval("length", {Value::set({Value::unknown(), num(1)})}).known());
  CHECK(eval("length", {Value::tuple({str("s").mark_sensitive()})}) == num(1));
  CHECK(eval("length", {strs({"a"}).mark_sensitive()}) == num(1).mark_sensitive());
}

TEST_CASE("lookup finds a key or falls back to the default") {
  CHECK(eval("lookup", {meshes(), str("mesh1")}) == str("mesh2"));
  CHECK(eval("lookup", {meshes(), str("mesh9"), str("none")}) == str("none"));
  CHECK(eval("lookup", {Value::map({{"a", num(1)}}), str("b"), Value()}).is_null());
  FunctionResult r = call("lookup", {meshes(), str("mesh9")});
  CHECK(r.error_arg == 1);
  CHECK(r.error.find("\"mesh9\" does not exist") != std::string::npos);
  CHECK(call("lookup", {strs({"a"}), str("0")}).error_arg == 0);
}

TEST_CASE("lookup keeps unknown and sensitive elements in place") {
  Value m =
      Value::object({{"a", Value::unknown()}, {"b", str("x").mark_sensitive()}, {"c", num(1)}});
  CHECK(eval("lookup", {m, str("c")}) == num(1));
  CHECK(eval("lookup", {m, str("b")}).sensitive());
  CHECK_FALSE(eval("lookup", {m, str("a")}).known());
  CHECK_FALSE(eval("lookup", {Value::unknown(), str("a")}).known());
}

TEST_CASE("merge combines maps and later keys win") {
  Value a = Value::map({{"x", num(1)}, {"y", num(2)}});
  Value b = Value::map({{"y", num(3)}});
  CHECK(eval("merge", {a, b}) == Value::map({{"x", num(1)}, {"y", num(3)}}));
  Value o = eval("merge", {a, Value::object({{"z", str("s")}}), Value()});
  CHECK(o.kind() == ValueKind::Object);
  CHECK(o.size() == 3);
  CHECK(eval("merge", {}) == Value::map({}));
  FunctionResult r = call("merge", {a, strs({"x"})});
  CHECK(r.error_arg == 1);
  CHECK(r.error == "Invalid value for \"maps\" parameter: a map or object is required, got tuple.");
}

TEST_CASE("merge keeps unknown and sensitive elements where they are") {
  Value a = Value::object({{"x", Value::unknown()}, {"s", str("t").mark_sensitive()}});
  Value m = eval("merge", {a, Value::object({{"y", num(1)}})});
  CHECK(m.known());
  CHECK_FALSE(m.get("x")->known());
  CHECK(m.get("s")->sensitive());
  CHECK_FALSE(m.sensitive());
  CHECK_FALSE(eval("merge", {a, Value::unknown()}).known());
  CHECK(eval("merge", {Value::object({{"k", num(1)}}).mark_sensitive()}).sensitive());
}

TEST_CASE("concat joins lists, keeping unknown elements in place") {
  Value l = eval("concat", {Value::list({str("a")}), Value::list({str("b")})});
  CHECK(l == Value::list({str("a"), str("b")}));
  Value t = eval("concat", {strs({"a"}), Value::tuple({num(1), Value::unknown()})});
  CHECK(t.kind() == ValueKind::Tuple);
  CHECK(t.size() == 3);
  CHECK_FALSE(t.at(2)->known());
  CHECK_FALSE(eval("concat", {strs({"a"}), Value::unknown()}).known());
  FunctionResult r = call("concat", {strs({"a"}), str("b")});
  CHECK(r.error_arg == 1);
  CHECK(call("concat", {}).error_arg == -1);
}

TEST_CASE("keys and values in key order") {
  CHECK(eval("keys", {meshes()}) == Value::list({str("mesh1"), str("mesh2")}));
  CHECK(eval("values", {meshes()}) == Value::tuple({str("mesh2"), str("mesh1")}));
  CHECK(eval("values", {Value::map({{"b", num(2)}, {"a", num(1)}})}) ==
        Value::list({num(1), num(2)}));
  Value partly = Value::object({{"a", Value::unknown()}});
  CHECK(eval("keys", {partly}) == Value::list({str("a")}));
  CHECK_FALSE(eval("values", {partly}).at(0)->known());
  CHECK(call("keys", {strs({})}).error_arg == 0);
  CHECK(eval("keys", {meshes().mark_sensitive()}).sensitive());
}

TEST_CASE("contains compares without conversion and is unknown only when it must be") {
  CHECK(eval("contains", {strs({"a", "b"}), str("b")}) == yes());
  CHECK(eval("contains", {strs({"a", "b"}), str("c")}) == no());
  CHECK(eval("contains", {Value::tuple({num(1)}), str("1")}) == no());
  Value partly = Value::tuple({str("a"), Value::unknown(ValueKind::String)});
  CHECK(eval("contains", {partly, str("a")}) == yes());
  CHECK_FALSE(eval("contains", {partly, str("z")}).known());
  CHECK(call("contains", {str("abc"), str("a")}).error_arg == 0);
  CHECK(eval("contains", {Value::tuple({str("a").mark_sensitive()}), str("a")}) ==
        yes().mark_sensitive());
}

TEST_CASE("element wraps around and slice takes a range") {
  Value l = strs({"a", "b", "c"});
  CHECK(eval("element", {l, num(1)}) == str("b"));
  CHECK(eval("element", {l, num(4)}) == str("b"));
  CHECK(call("element", {l, num(-1)}).error_arg == 1);
  CHECK(call("element", {strs({}), num(0)}).error_arg == 0);
  CHECK(eval("slice", {l, num(1), num(3)}) == strs({"b", "c"}));
  CHECK(eval("slice", {l, num(1), num(1)}) == strs({}));
  CHECK(call("slice", {l, num(2), num(1)}).error_arg == 1);
  CHECK(call("slice", {l, num(0), num(4)}).error_arg == 2);
  CHECK(eval("reverse", {Value::list({num(1), num(2)})}) == Value::list({num(2), num(1)}));
  Value partly = Value::tuple({Value::unknown(), str("x")});
  CHECK(eval("element", {partly, num(1)}) == str("x"));
}

TEST_CASE("zipmap pairs keys with values") {
  CHECK(eval("zipmap", {strs({"a", "b"}), Value::list({num(1), num(2)})}) ==
        Value::map({{"a", num(1)}, {"b", num(2)}}));
  CHECK(eval("zipmap", {strs({"a"}), Value::tuple({yes()})}) == Value::object({{"a", yes()}}));
  FunctionResult r = call("zipmap", {strs({"a"}), strs({})});
  CHECK(r.error_arg == -1);
  CHECK(r.error.find("the keys have 1 elements but the values have 0") != std::string::npos);
  CHECK(eval("zipmap", {Value::tuple({str("k").mark_sensitive()}), strs({"v"})}).sensitive());
  CHECK_FALSE(eval("zipmap", {Value::tuple({Value::unknown()}), strs({"v"})}).known());
}

TEST_CASE("range with one, two and three arguments") {
  CHECK(eval("range", {num(3)}) == Value::list({num(0), num(1), num(2)}));
  CHECK(eval("range", {num(1), num(4)}) == Value::list({num(1), num(2), num(3)}));
  CHECK(eval("range", {num(0), num(1), num(0.5)}) == Value::list({num(0), num(0.5)}));
  CHECK(eval("range", {num(3), num(0)}) == Value::list({num(3), num(2), num(1)}));
  CHECK(eval("range", {num(0)}) == Value::list({}));
  CHECK(call("range", {num(0), num(3), num(0)}).error_arg == 2);
  CHECK(call("range", {num(0), num(3), num(-1)}).error_arg == 2);
  CHECK(call("range", {num(0), num(5000)}).error_arg == -1);
  CHECK(call("range", {str("x")}).error_arg == 0);
  CHECK(call("range", {}).error_arg == -1);
}

TEST_CASE("length of a long string costs no memory per character") {
  Value big = str(std::string(size_t{64} << 20, 'a'));
  long grew =
      peak_growth_kib([&] { CHECK(eval("length", {big}) == num(double(size_t{64} << 20))); });
  CHECK(grew < 16 * 1024);
}
