// Tests for urlencode, textencodebase64, textdecodebase64 and csvdecode: Terraform's results
// (checked against it by tests/conformance) and its errors.
#include "lang/testing/functions_test_util.h"

using namespace fedplan;
using namespace fedplan::testing;

TEST_CASE("urlencode escapes as a URL query does") {
  CHECK(eval("urlencode", {str("a b&c=d/é")}) == str("a+b%26c%3Dd%2F%C3%A9"));
  CHECK(eval("urlencode", {str("-_.~AZaz09!*")}) == str("-_.~AZaz09%21%2A"));
  CHECK(eval("urlencode", {str("")}) == str(""));
}

TEST_CASE("textencodebase64 encodes in the named character encoding") {
  CHECK(eval("textencodebase64", {str("hello"), str("UTF-8")}) == str("aGVsbG8="));
  CHECK(eval("textencodebase64", {str("héllo"), str("UTF-16LE")}) == str("aADpAGwAbABvAA=="));
  CHECK(eval("textencodebase64", {str("héllo"), str("ISO-8859-1")}) == str("aOlsbG8="));
  // UTF-16 as Go and the IANA registry have it: big-endian after a byte order mark.
  CHECK(eval("textencodebase64", {str("héllo"), str("utf-16")}) == str("/v8AaADpAGwAbABv"));
  CHECK(eval("textencodebase64", {str(""), str("UTF-16")}) == str("/v8="));
  CHECK(eval("textencodebase64", {str("日本"), str("SHIFT_JIS")}) == str("k/qWew=="));
}

TEST_CASE("textencodebase64 refuses unknown encodings and characters it cannot represent") {
  FunctionResult r = call("textencodebase64", {str("x"), str("nosuch")});
  CHECK(r.error_arg == 1);
  CHECK(r.error ==
        "Invalid value for \"encoding\" parameter: \"nosuch\" is not a supported IANA encoding "
        "name or alias.");
  r = call("textencodebase64", {str("日本"), str("ISO-8859-1")});
  CHECK(r.error_arg == 0);
  CHECK(r.error.find("cannot be represented in ISO-8859-1") != std::string::npos);
}

TEST_CASE("textdecodebase64 decodes bytes of the named encoding") {
  CHECK(eval("textdecodebase64", {str("aOlsbG8="), str("ISO-8859-1")}) == str("héllo"));
  CHECK(eval("textdecodebase64", {str("aABlAA=="), str("UTF-16LE")}) == str("he"));
  CHECK(eval("textdecodebase64", {str("/v8AaADpAGwAbABv"), str("UTF-16")}) == str("héllo"));
  CHECK(call("textdecodebase64", {str("!!!"), str("UTF-8")}).error ==
        "Invalid value for \"source\" parameter: the given value is has an invalid base64 "
        "symbol at offset 0.");
  CHECK(call("textdecodebase64", {str("/w=="), str("UTF-8")}).error ==
        "Invalid value for \"source\" parameter: the given string contains symbols that are "
        "not defined for UTF-8.");
}

TEST_CASE("csvdecode gives one object per record, keyed by the header") {
  CHECK(debug_string(eval("csvdecode", {str("a,b\n1,2\n3,4\n")})) ==
        "[{ \"a\" = \"1\", \"b\" = \"2\" }, { \"a\" = \"3\", \"b\" = \"4\" }]");
  CHECK(debug_string(eval("csvdecode", {str("a,\"b c\"\n\"x,y\",\"q\"\"r\"\n")})) ==
        "[{ \"a\" = \"x,y\", \"b c\" = \"q\\\"r\" }]");
  CHECK(debug_string(eval("csvdecode", {str("a,b\r\n1,2")})) ==
        "[{ \"a\" = \"1\", \"b\" = \"2\" }]");
  CHECK(debug_string(eval("csvdecode", {str("a\n\n\"1\n2\"\n")})) == "[{ \"a\" = \"1\\n2\" }]");
  CHECK(eval("csvdecode", {str("a,b\n")}).size() == 0);
}

TEST_CASE("csvdecode reports Go's CSV errors with their line") {
  CHECK(call("csvdecode", {str("")}).error ==
        "Call to function \"csvdecode\" failed: missing header line.");
  CHECK(call("csvdecode", {str("a,b\n1\n")}).error ==
        "Call to function \"csvdecode\" failed: CSV parse error on line 2: wrong number of "
        "fields.");
  CHECK(call("csvdecode", {str("a,b\nx\"y,2\n")}).error ==
        "Call to function \"csvdecode\" failed: CSV parse error on line 2: bare \" in "
        "non-quoted-field.");
  CHECK(call("csvdecode", {str("a\n\"x\"y\n")}).error.find("extraneous or missing \"") !=
        std::string::npos);
  CHECK(call("csvdecode", {str("a,a\n1,2\n")}).error ==
        "Call to function \"csvdecode\" failed: duplicate column name \"a\".");
}
