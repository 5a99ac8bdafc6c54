// Tests for formatlist, setproduct, transpose and matchkeys: results, result kinds, and the
// errors Terraform gives for inconsistent lengths and types.
#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

TEST_CASE("formatlist formats side by side and repeats single values") {
  CHECK(debug_string(eval("formatlist", {str("%s-%d"), strs({"a", "b"}),
                                         Value::tuple({num(1), num(2)})})) == "[\"a-1\", \"b-2\"]");
  CHECK(debug_string(eval("formatlist", {str("%s and %s"), strs({"a", "b"}), str("z")})) ==
        "[\"a and z\", \"b and z\"]");
  CHECK(debug_string(eval("formatlist", {str("x")})) == "[\"x\"]");
  CHECK(debug_string(eval("formatlist", {str("%s!"), Value::tuple({})})) == "[]");
  CHECK(debug_string(eval("formatlist", {str("%s"), Value::set({str("b"), str("a")})})) ==
        "[\"a\", \"b\"]");
}

TEST_CASE("formatlist refuses lists of different lengths and reports the failing iteration") {
  FunctionResult r = call("formatlist", {str("%s-%s"), strs({"a"}), strs({"b", "c"})});
  CHECK(r.error_arg == 2);
  CHECK(r.error ==
        "Invalid value for \"args\" parameter: argument 2 has length 2, which is inconsistent "
        "with argument 1 of length 1.");
  r = call("formatlist", {str("%d"), strs({"1", "x"})});
  CHECK(r.error.find("Call to function \"formatlist\" failed: error on format iteration 1:") == 0);
}

TEST_CASE("setproduct gives every combination, as a list of lists or a set of sets") {
  Value p = eval("setproduct", {strs({"a", "b"}), Value::tuple({num(1), num(2)})});
  CHECK(p.kind() == ValueKind::List);
  CHECK(debug_string(p) == "[[\"a\", 1], [\"a\", 2], [\"b\", 1], [\"b\", 2]]");
  Value s = eval("setproduct", {Value::set({str("b"), str("a")}), strs({"x"})});
  CHECK(s.kind() == ValueKind::Set);
  CHECK(eval("setproduct", {strs({"a"}), Value::tuple({})}).size() == 0);
  // A tuple's elements are converted to one type first.
  CHECK(debug_string(eval("setproduct", {Value::tuple({str("a"), num(1)}), strs({"x"})})) ==
        "[[\"a\", \"x\"], [\"1\", \"x\"]]");
}

TEST_CASE("setproduct needs two sets or lists") {
  CHECK(call("setproduct", {strs({"a"})}).error ==
        "Call to function \"setproduct\" failed: at least two arguments are required.");
  FunctionResult r = call("setproduct", {strs({"a"}), str("x")});
  CHECK(r.error_arg == 1);
  CHECK(r.error == "Invalid value for \"sets\" parameter: a set or a list is required.");
  CHECK(call("setproduct", {Value::tuple({str("a"), strs({"x"})}), strs({"b"})}).error ==
        "Invalid value for \"sets\" parameter: all elements must be of the same type.");
}

TEST_CASE("transpose swaps keys and values, keeping repeats") {
  Value m = Value::object(
      {{"a", strs({"1", "2"})}, {"b", strs({"2"})}, {"c", Value::tuple({str("2"), str("2")})}});
  CHECK(debug_string(eval("transpose", {m})) ==
        "{ \"1\" = [\"a\"], \"2\" = [\"a\", \"b\", \"c\", \"c\"] }");
  CHECK(eval("transpose", {Value::object({})}).size() == 0);
}

TEST_CASE("matchkeys picks values whose keys are in the search set") {
  CHECK(debug_string(eval("matchkeys", {strs({"i-1", "i-2"}), strs({"us", "eu"}), strs({"eu"})})) ==
        "[\"i-2\"]");
  // Keys and search set are converted to one type: 1 matches "1".
  CHECK(debug_string(eval("matchkeys", {strs({"a", "b"}), Value::tuple({num(1), num(2)}),
                                        strs({"1"})})) == "[\"a\"]");
  CHECK(call("matchkeys", {strs({"a"}), strs({"x", "y"}), strs({"x"})}).error ==
        "Call to function \"matchkeys\" failed: length of keys and values should be equal.");
  CHECK(call("matchkeys", {strs({"a"}), Value::tuple({strs({"x"})}), strs({"x"})}).error ==
        "Call to function \"matchkeys\" failed: keys and searchset must be of the same type.");
}
