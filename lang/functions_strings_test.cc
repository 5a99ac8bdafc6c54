// Tests for the string functions: join, split, replace (its /regex/ form in
// functions_regex_test.cc), trimming, case, substr, prefixes, indent; edge cases, argument
// errors and mark propagation.
#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

TEST_CASE("join concatenates the strings of several lists") {
  CHECK(eval("join", {str(", "), strs({"a", "b", "c"})}) == str("a, b, c"));
  CHECK(eval("join", {str("-"), strs({"a"}), strs({}), strs({"b", "c"})}) == str("a-b-c"));
  CHECK(eval("join", {str(","), strs({})}) == str(""));
  CHECK(eval("join", {str(","), Value::tuple({num(1), yes()})}) == str("1,true"));
  FunctionResult r = call("join", {str(","), Value::tuple({str("a"), Value()})});
  CHECK(r.error_arg == 1);
  CHECK(r.error.find("element 1 is null") != std::string::npos);
}

TEST_CASE("split cuts at every separator") {
  CHECK(eval("split", {str(","), str("a,b,,c")}) ==
        Value::list({str("a"), str("b"), str(""), str("c")}));
  CHECK(eval("split", {str(","), str("")}) == Value::list({str("")}));
  CHECK(eval("split", {str("::"), str("a::b")}) == Value::list({str("a"), str("b")}));
  CHECK(eval("split", {str(""), str("hé")}) == Value::list({str("h"), str("é")}));
  CHECK(call("split", {str(","), strs({})}).error_arg == 1);
}

TEST_CASE("replace substitutes plain substrings everywhere") {
  CHECK(eval("replace", {str("a-b-c"), str("-"), str("+")}) == str("a+b+c"));
  CHECK(eval("replace", {str("aaa"), str("aa"), str("b")}) == str("ba"));
  CHECK(eval("replace", {str("abc"), str("x"), str("y")}) == str("abc"));
  CHECK(eval("replace", {str("ab"), str(""), str("-")}) == str("-a-b-"));
}

TEST_CASE("trimming functions") {
  CHECK(eval("trimspace", {str(" \t hello \n")}) == str("hello"));
  CHECK(eval("trimspace", {str("   ")}) == str(""));
  CHECK(eval("trim", {str("?!hello?!"), str("!?")}) == str("hello"));
  CHECK(eval("trimprefix", {str("mesh1-ns"), str("mesh1-")}) == str("ns"));
  CHECK(eval("trimprefix", {str("ns"), str("mesh1-")}) == str("ns"));
  CHECK(eval("trimsuffix", {str("file.yaml"), str(".yaml")}) == str("file"));
  CHECK(eval("chomp", {str("line\r\n\n")}) == str("line"));
  CHECK(eval("chomp", {str("a\nb")}) == str("a\nb"));
}

TEST_CASE("case, prefix and suffix tests") {
  CHECK(eval("lower", {str("MeSH-1")}) == str("mesh-1"));
  CHECK(eval("upper", {str("mesh-1")}) == str("MESH-1"));
  CHECK(eval("startswith", {str("kube.a"), str("kube.")}) == yes());
  CHECK(eval("startswith", {str("kube.a"), str("fw")}) == no());
  CHECK(eval("endswith", {str("a.yaml"), str(".yaml")}) == yes());
  CHECK(eval("endswith", {str("a"), str("longer")}) == no());
}

TEST_CASE("substr counts characters and clamps") {
  CHECK(eval("substr", {str("hello world"), num(1), num(4)}) == str("ello"));
  CHECK(eval("substr", {str("héllo"), num(1), num(2)}) == str("él"));
  CHECK(eval("substr", {str("hello"), num(-3), num(-1)}) == str("llo"));
  CHECK(eval("substr", {str("hello"), num(2), num(100)}) == str("llo"));
  CHECK(eval("substr", {str("hello"), num(10), num(1)}) == str(""));
  FunctionResult r = call("substr", {str("hello"), num(1.5), num(1)});
  CHECK(r.error_arg == 1);
}

TEST_CASE("indent pads every line after the first") {
  CHECK(eval("indent", {num(2), str("a:\n  b: 1\nc: 2")}) == str("a:\n    b: 1\n  c: 2"));
  CHECK(call("indent", {num(-1), str("x")}).error_arg == 0);
}

TEST_CASE("string functions keep the sensitive mark and return unknown for unknown input") {
  CHECK(eval("trimspace", {str(" s ").mark_sensitive()}) == str("s").mark_sensitive());
  CHECK(eval("replace", {str("abc"), str("b").mark_sensitive(), str("x")}).sensitive());
  Value u = eval("replace", {Value::unknown(ValueKind::String), str("b"), str("x")});
  CHECK_FALSE(u.known());
  CHECK(u.kind() == ValueKind::String);
  CHECK(eval("startswith", {Value::unknown(), str("x")}).kind() == ValueKind::Bool);
}

TEST_CASE("indent refuses a result larger than the file-size limit") {
  FunctionResult r = call("indent", {num(1e18), str("a\nb")});
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("the result would be larger than 64 MiB") != std::string::npos);
  CHECK(call("indent", {num(100000), str(std::string(1000, '\n'))}).error.find("64 MiB") !=
        std::string::npos);
  CHECK(eval("indent", {num(1e18), str("no newline")}) == str("no newline"));
}

TEST_CASE("trimming and substr of a long string cost no memory per character") {
  // 32 MiB: a view per character would take 512 MiB more.
  Value big = str(" " + std::string(size_t{32} << 20, 'a') + "\n");
  long grew = peak_growth_kib([&] {
    CHECK(eval("trimspace", {big}).size() == size_t{32} << 20);
    CHECK(eval("chomp", {big}).size() == (size_t{32} << 20) + 1);
    CHECK(eval("trim", {big, str(" \n")}).size() == size_t{32} << 20);
    CHECK(eval("substr", {big, num(1), num(3)}) == str("aaa"));
    CHECK(eval("substr", {big, num(-2), num(1e18)}) == str("a\n"));
  });
  // Each result is a copy of up to 32 MiB; nothing beyond a few of those.
  CHECK(grew < 128 * 1024);
}
