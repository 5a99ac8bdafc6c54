// can() and try(): which errors they catch, which they let through, and how unknown values
// make their result unknown (Terraform's rules).
#include <doctest/doctest.h>

#include "lang/testing/syntax_test_util.h"

using namespace fedplan;
using fedplan::testing::eval_errors;
using fedplan::testing::eval_src;

namespace {

ValueMap vars() {
  return {{"known", Value::object({{"a", Value::number(1)}})},
          {"later", Value::object({{"a", Value::unknown(ValueKind::Number)}})},
          {"l", Value::list({Value::string("x")})}};
}

std::string ev(std::string_view src) {
  std::string errors;
  Value v = eval_src(src, vars(), &errors);
  INFO(errors);
  CHECK(errors.empty());
  return debug_string(v);
}

}  // namespace

TEST_CASE("try gives the first argument that evaluates without an error") {
  CHECK(ev("try(tonumber(\"x\"), \"fallback\")") == "\"fallback\"");
  CHECK(ev("try(l[3], known.b, known.a)") == "1");
  CHECK(ev("try(1, tonumber(\"x\"))") == "1");
  CHECK(ev("try(null, 1)") == "null");
  CHECK(ev("try(nosuchfunction(1), 2)") == "2");
}

TEST_CASE("can says whether its argument evaluates without an error") {
  CHECK(ev("can(tonumber(\"x\"))") == "false");
  CHECK(ev("can(l[0])") == "true");
  CHECK(ev("can(known.b)") == "false");
  CHECK(ev("can(null)") == "true");
}

TEST_CASE("try and can are unknown while an argument reads an unknown value") {
  CHECK(ev("can(later.a)") == "(known after apply)");
  CHECK(ev("try(later.a, 2)") == "(known after apply)");
  // The first argument decides before the unknown one is looked at.
  CHECK(ev("try(known.a, later.a)") == "1");
}

TEST_CASE("try and can do not catch a reference to a name that does not exist") {
  CHECK(eval_errors("try(nosuch, 1)", vars()).find("Unknown variable") != std::string::npos);
  CHECK(eval_errors("can(nosuch.a)", vars()).find("Unknown variable") != std::string::npos);
}

TEST_CASE("try reports every failure when no argument succeeds") {
  std::string e = eval_errors("try(tonumber(\"x\"), l[5])", vars());
  CHECK(e.find("Call to function \"try\" failed: no expression succeeded:") != std::string::npos);
  CHECK(e.find("- Invalid function argument (at test.fed.hcl:1,14-17)") != std::string::npos);
  CHECK(e.find("- Invalid index") != std::string::npos);
  CHECK(e.find("At least one expression must produce a successful result.") != std::string::npos);
}

TEST_CASE("try and can check their argument count") {
  CHECK(eval_errors("try()", vars()).find("at least one argument is required") !=
        std::string::npos);
  CHECK(eval_errors("can()", vars()).find("Not enough arguments for function \"can\"") !=
        std::string::npos);
  CHECK(eval_errors("can(1, 2)", vars()).find("Too many arguments for function \"can\"") !=
        std::string::npos);
  CHECK(eval_errors("try(l...)", vars()).find("cannot be expanded") != std::string::npos);
}
