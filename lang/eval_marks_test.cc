// Unknown and sensitive marks through evaluation: every operation that reads a marked value
// carries the mark to its result.
#include <doctest/doctest.h>

#include "lang/eval.h"
#include "lang/testing/syntax_test_util.h"

using namespace fedplan;
using fedplan::testing::eval_src;

namespace {

ValueMap marked_vars() {
  ValueMap vars;
  vars["u"] = Value::unknown();
  vars["ul"] = Value::unknown(ValueKind::List);
  vars["us"] = Value::unknown(ValueKind::String);
  vars["ub"] = Value::unknown(ValueKind::Bool);
  vars["secret"] = Value::string("hunter2").mark_sensitive();
  vars["slist"] = Value::list({Value::string("a"), Value::string("b")}).mark_sensitive();
  vars["sobj"] = Value::object({{"k", Value::string("v")}}).mark_sensitive();
  vars["l"] = Value::list({Value::number(1), Value::number(2)});
  vars["inner"] = Value::object({{"pw", Value::string("x").mark_sensitive()},
                                 {"user", Value::string("bob")},
                                 {"id", Value::unknown(ValueKind::String)}});
  return vars;
}

Value ev(std::string_view src) {
  std::string errors;
  Value v = eval_src(src, marked_vars(), &errors);
  INFO(errors);
  CHECK(errors.empty());
  return v;
}

}  // namespace

TEST_CASE("indexing or reading an attribute of an unknown value gives unknown") {
  CHECK_FALSE(ev("u.a.b").known());
  CHECK_FALSE(ev("u[0]").known());
  CHECK_FALSE(ev("ul[0]").known());
  CHECK_FALSE(ev("l[u]").known());
  CHECK_FALSE(ev("inner.id").known());
  CHECK(ev("inner.user").known());
}

TEST_CASE("a conditional with an unknown condition is unknown of the branches' kind") {
  Value same = ev("ub ? \"a\" : \"b\"");
  CHECK_FALSE(same.known());
  CHECK(same.kind() == ValueKind::String);
  Value mixed = ev("ub ? \"a\" : 1");
  CHECK_FALSE(mixed.known());
  CHECK(mixed.kind() == ValueKind::Dynamic);
  Value with_null = ev("u ? null : [1]");
  CHECK(with_null.kind() == ValueKind::Tuple);
  CHECK(ev("ub ? secret : \"x\"").sensitive());
}

TEST_CASE("for over an unknown collection, or with an unknown key or condition, is unknown") {
  Value list = ev("[for x in ul : x]");
  CHECK_FALSE(list.known());
  CHECK(list.kind() == ValueKind::Tuple);
  Value obj = ev("{for x in ul : x => x}");
  CHECK_FALSE(obj.known());
  CHECK(obj.kind() == ValueKind::Object);
  CHECK_FALSE(ev("[for x in l : x if ub]").known());
  CHECK_FALSE(ev("{for x in l : us => x}").known());
  // An unknown element value leaves the collection known with an unknown element.
  Value partly = ev("[for x in l : u]");
  CHECK(partly.known());
  CHECK_FALSE(partly.wholly_known());
}

TEST_CASE("templates with an unknown part are unknown strings, sensitive parts mark them") {
  Value a = ev("\"a-${us}\"");
  CHECK_FALSE(a.known());
  CHECK(a.kind() == ValueKind::String);
  Value s = ev("\"user:${secret}\"");
  CHECK(s.sensitive());
  CHECK(s.as_string() == "user:hunter2");
  CHECK(ev("\"%{ if ub }x%{ endif }\"").kind() == ValueKind::String);
  CHECK_FALSE(ev("\"%{ for x in ul }${x}%{ endfor }\"").known());
  CHECK(ev("\"%{ for x in slist }${x}%{ endfor }\"").sensitive());
  CHECK(ev("\"%{ if secret == \"\" }e%{ endif }\"").sensitive());
}

TEST_CASE("sensitive collections make their elements, attributes and splats sensitive") {
  CHECK(ev("slist[0]").sensitive());
  CHECK(ev("sobj.k").sensitive());
  CHECK(ev("sobj[\"k\"]").sensitive());
  CHECK(ev("slist[*]").sensitive());
  Value each = ev("[for x in slist : x]");
  CHECK(each.sensitive());
  CHECK(ev("l[length(secret) - 7]").sensitive());  // a sensitive key marks the element
  CHECK(ev("inner.pw").sensitive());
  CHECK_FALSE(ev("inner.user").sensitive());
}

TEST_CASE("operators and functions carry marks") {
  CHECK(ev("secret == \"x\"").sensitive());
  CHECK_FALSE(ev("u + 1").known());
  CHECK(ev("length(secret)").sensitive());
  CHECK_FALSE(ev("length(ul)").known());
  CHECK_FALSE(ev("concat(l, ul...)").known());
  CHECK(ev("false && ub") == Value::boolean(false));
  CHECK_FALSE(ev("true && ub").known());
}

TEST_CASE("object constructors with an unknown key are unknown, sensitive keys mark them") {
  Value o = ev("{ (us) = 1 }");
  CHECK_FALSE(o.known());
  CHECK(o.kind() == ValueKind::Object);
  CHECK(ev("{ (secret) = 1 }").sensitive());
  CHECK(ev("{ a = secret }").contains_sensitive());
  CHECK_FALSE(ev("{ a = secret }").sensitive());
}

TEST_CASE("splats over unknown values are unknown") {
  CHECK_FALSE(ev("ul[*].name").known());
  CHECK_FALSE(ev("u.*.name").known());
}
