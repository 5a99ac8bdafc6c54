// Tests for the function registry and call_function(): lookup and suggestions, argument
// counts, nulls, conversion errors naming the argument, and unknown/sensitive handling.
#include "lang/functions.h"

#include <algorithm>

#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

TEST_CASE("every function of the design is registered") {
  for (const char* name :
       {"env",        "file",         "templatefile", "yamldecode", "yamlencode", "jsondecode",
        "jsonencode", "base64encode", "base64decode", "format",     "join",       "split",
        "lookup",     "merge",        "concat",       "length",     "keys",       "values",
        "tostring",   "tonumber",     "toset",        "tolist",     "tomap",      "contains",
        "range",      "flatten",      "distinct",     "coalesce",   "replace",    "trimspace",
        "sha256"}) {
    CHECK_MESSAGE(find_function(name) != nullptr, name);
  }
  CHECK(find_function("nosuch") == nullptr);
  std::vector<std::string> names = function_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::find(names.begin(), names.end(), "yamldecodeall") != names.end());
}

TEST_CASE("a misspelt function name gets a suggestion") {
  CHECK(suggest_function("lenght") == "length");
  CHECK(suggest_function("jsonencod") == "jsonencode");
  CHECK(suggest_function("completely_different") == "");
}

TEST_CASE("too few arguments is an error on the call") {
  FunctionResult r = call("split", {str(",")});
  CHECK(r.error_arg == -1);
  CHECK(r.error ==
        "Not enough arguments for function \"split\": it needs 2 arguments; missing a value for "
        "\"str\".");
  r = call("join", {str(",")});
  CHECK(r.error.find("at least 2 arguments") != std::string::npos);
  CHECK(r.error.find("\"lists\"") != std::string::npos);
}

TEST_CASE("too many arguments points at the first extra one") {
  FunctionResult r = call("trimspace", {str("a"), str("b"), str("c")});
  CHECK(r.error_arg == 1);
  CHECK(r.error == "Too many arguments for function \"trimspace\": it takes 1 argument.");
  r = call("range", {num(1), num(2), num(3), num(4)});
  CHECK(r.error_arg == 3);
  CHECK(r.error.find("at most 3 arguments") != std::string::npos);
}

TEST_CASE("a null argument is rejected unless the parameter allows it") {
  FunctionResult r = call("upper", {Value()});
  CHECK(r.error_arg == 0);
  CHECK(r.error == "Invalid value for \"str\" parameter: argument must not be null.");
  CHECK(eval("jsonencode", {Value()}) == str("null"));
}

TEST_CASE("arguments are converted to the parameter type and errors name the argument") {
  CHECK(eval("upper", {num(12)}) == str("12"));
  FunctionResult r = call("join", {str(","), num(1)});
  CHECK(r.error_arg == 1);
  CHECK(r.error == "Invalid value for \"lists\" parameter: list of string required, got number.");
  r = call("join", {str(","), strs({"a"}), Value::tuple({Value::tuple({})})});
  CHECK(r.error_arg == 2);
  CHECK(r.error ==
        "Invalid value for \"lists\" parameter: element 0: a string is required, got tuple.");
}

TEST_CASE("errors from an implementation are placed on the argument or the call") {
  FunctionResult r = call("base64decode", {str("!!!")});
  CHECK(r.error_arg == 0);
  CHECK(r.error == "Invalid value for \"str\" parameter: the given value is not valid base64.");
  r = call("coalesce", {Value(), str("")});
  CHECK(r.error_arg == -1);
  CHECK(r.error ==
        "Call to function \"coalesce\" failed: no non-null, non-empty-string arguments.");
}

TEST_CASE("an unknown argument gives an unknown result of the function's kind") {
  Value r = eval("upper", {Value::unknown()});
  CHECK_FALSE(r.known());
  CHECK(r.kind() == ValueKind::String);
  r = eval("split", {str(","), Value::unknown(ValueKind::String)});
  CHECK(r.kind() == ValueKind::List);
  CHECK_FALSE(r.known());
  // Partly unknown arguments count too, unless the function handles them.
  r = eval("join", {str(","), Value::tuple({str("a"), Value::unknown()})});
  CHECK_FALSE(r.known());
}

TEST_CASE("an unknown argument of an impossible kind is still a type error") {
  FunctionResult r = call("upper", {Value::unknown(ValueKind::List)});
  CHECK(r.error_arg == 0);
  CHECK_FALSE(r.ok());
}

TEST_CASE("a sensitive argument makes the result sensitive") {
  Value r = eval("upper", {str("abc").mark_sensitive()});
  CHECK(r.sensitive());
  CHECK(r.equal_content(str("ABC")));
  // Sensitive elements deep inside an argument count as well.
  r = eval("join", {str("-"), Value::tuple({str("a"), str("b").mark_sensitive()})});
  CHECK(r == str("a-b").mark_sensitive());
  r = eval("upper", {Value::unknown().mark_sensitive()});
  CHECK(r.sensitive());
  CHECK_FALSE(r.known());
}

TEST_CASE("every registered function has a summary, an implementation and a consistent arity") {
  for (const std::string& name : function_names()) {
    const Function* f = find_function(name);
    REQUIRE(f);
    CHECK_MESSAGE(!f->summary.empty(), name);
    CHECK_MESSAGE(static_cast<bool>(f->impl), name);
    if (!f->variadic) CHECK_MESSAGE(f->max_args < 0, name);
  }
}
