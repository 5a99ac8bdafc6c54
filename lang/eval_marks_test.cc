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

Value marked_ev(std::string_view src) {
  std::string errors;
  Value v = eval_src(src, marked_vars(), &errors);
  INFO(errors);
  CHECK(errors.empty());
  return v;
}

}  // namespace

TEST_CASE("indexing or reading an attribute of an unknown value gives unknown") {
  CHECK_FALSE(marked_ev("u.a.b").known());
  CHECK_FALSE(marked_ev("u[0]").known());
  CHECK_FALSE(marked_ev("ul[0]").known());
  CHECK_FALSE(marked_ev("l[u]").known());
  CHECK_FALSE(marked_ev("inner.id").known());
  CHECK(marked_ev("inner.user").known());
}

TEST_CASE("a conditional with an unknown condition is unknown of the kind the branches unify to") {
  Value same = marked_ev("ub ? \"a\" : \"b\"");
  CHECK_FALSE(same.known());
  CHECK(same.kind() == ValueKind::String);
  Value mixed = marked_ev("ub ? \"a\" : 1");
  CHECK_FALSE(mixed.known());
  CHECK(mixed.kind() == ValueKind::String);
  Value with_null = marked_ev("u ? null : [1]");
  CHECK(with_null.kind() == ValueKind::Tuple);
  CHECK(marked_ev("ub ? secret : \"x\"").sensitive());
}

TEST_CASE("for over an unknown collection, or with an unknown key or condition, is unknown") {
  Value list = marked_ev("[for x in ul : x]");
  CHECK_FALSE(list.known());
  CHECK(list.kind() == ValueKind::Tuple);
  Value obj = marked_ev("{for x in ul : x => x}");
  CHECK_FALSE(obj.known());
  CHECK(obj.kind() == ValueKind::Object);
  CHECK_FALSE(marked_ev("[for x in l : x if ub]").known());
  CHECK_FALSE(marked_ev("{for x in l : us => x}").known());
  // An unknown element value leaves the collection known with an unknown element.
  Value partly = marked_ev("[for x in l : u]");
  CHECK(partly.known());
  CHECK_FALSE(partly.wholly_known());
}

TEST_CASE("templates with an unknown part are unknown strings, sensitive parts mark them") {
  Value a = marked_ev("\"a-${us}\"");
  CHECK_FALSE(a.known());
  CHECK(a.kind() == ValueKind::String);
  Value s = marked_ev("\"user:${secret}\"");
  CHECK(s.sensitive());
  CHECK(s.as_string() == "user:hunter2");
  CHECK(marked_ev("\"%{ if ub }x%{ endif }\"").kind() == ValueKind::String);
  CHECK_FALSE(marked_ev("\"%{ for x in ul }${x}%{ endfor }\"").known());
  CHECK(marked_ev("\"%{ for x in slist }${x}%{ endfor }\"").sensitive());
  CHECK(marked_ev("\"%{ if secret == \"\" }e%{ endif }\"").sensitive());
}

TEST_CASE("sensitive collections make their elements, attributes and splats sensitive") {
  CHECK(marked_ev("slist[0]").sensitive());
  CHECK(marked_ev("sobj.k").sensitive());
  CHECK(marked_ev("sobj[\"k\"]").sensitive());
  CHECK(marked_ev("slist[*]").sensitive());
  Value each = marked_ev("[for x in slist : x]");
  CHECK(each.sensitive());
  CHECK(marked_ev("l[length(secret) - 7]").sensitive());  // a sensitive key marks the element
  CHECK(marked_ev("inner.pw").sensitive());
  CHECK_FALSE(marked_ev("inner.user").sensitive());
}

TEST_CASE("operators and functions carry marks") {
  CHECK(marked_ev("secret == \"x\"").sensitive());
  CHECK_FALSE(marked_ev("u + 1").known());
  CHECK(marked_ev("length(secret)").sensitive());
  CHECK_FALSE(marked_ev("length(ul)").known());
  CHECK_FALSE(marked_ev("concat(l, ul...)").known());
  CHECK(marked_ev("false && ub") == Value::boolean(false));
  CHECK_FALSE(marked_ev("true && ub").known());
}

TEST_CASE("object constructors with an unknown key are unknown, sensitive keys mark them") {
  Value o = marked_ev("{ (us) = 1 }");
  CHECK_FALSE(o.known());
  CHECK(o.kind() == ValueKind::Object);
  CHECK(marked_ev("{ (secret) = 1 }").sensitive());
  CHECK(marked_ev("{ a = secret }").contains_sensitive());
  CHECK_FALSE(marked_ev("{ a = secret }").sensitive());
}

TEST_CASE("splats over unknown values are unknown") {
  CHECK_FALSE(marked_ev("ul[*].name").known());
  CHECK_FALSE(marked_ev("u.*.name").known());
}
