// Tests for regex(), regexall() and replace()'s /pattern/ form: Terraform's results for each
// shape of pattern, Go's rules for empty matches and $ references, linear time, and a table of
// patterns compared with Terraform itself when `terraform` is on PATH.
#include <chrono>

#include "base/base64.h"
#include "lang/testing/functions_test_util.h"
#include "lang/testing/terraform_console.h"
#include "lang/value_json.h"

using namespace fedplan;
using namespace fedplan::testing;
using nlohmann::json;

TEST_CASE("regex returns the match, a tuple of unnamed groups or an object of named groups") {
  CHECK(eval("regex", {str("[a-z]+"), str("53453453.345345aaabbbccc23454")}) == str("aaabbbccc"));
  CHECK(eval("regex", {str("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), str("2019-02-01")}) ==
        Value::tuple({str("2019"), str("02"), str("01")}));
  CHECK(eval("regex", {str("(a)(x)?"), str("ab")}) == Value::tuple({str("a"), Value()}));
  CHECK(eval("regex", {str("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                       str("https://terraform.io/docs/")}) ==
        Value::object({{"scheme", str("https")}, {"authority", str("terraform.io")}}));
  // Go also reads (?<name>...), which RE2 knows only as (?P<name>...).
  CHECK(eval("regex", {str("(?<k>\\w+)=(?<v>\\w+)"), str("a=b")}) ==
        Value::object({{"k", str("a")}, {"v", str("b")}}));
  CHECK(eval("regex", {str("[(?<]+"), str("x(?<y")}) == str("(?<"));
}

TEST_CASE("regex fails when nothing matches or the pattern is not one") {
  FunctionResult none = call("regex", {str("z"), str("abc")});
  CHECK(none.error_arg == -1);
  CHECK(none.error.find("pattern did not match any part of the given string") != std::string::npos);
  FunctionResult bad = call("regex", {str("(a"), str("abc")});
  CHECK(bad.error_arg == 0);
  CHECK(bad.error.find("invalid regular expression: missing ): (a") != std::string::npos);
  FunctionResult mixed = call("regex", {str("(?P<a>x)(y)"), str("xy")});
  CHECK(mixed.error_arg == 0);
  CHECK(mixed.error.find("cannot mix both named and unnamed capture groups") != std::string::npos);
  CHECK(call("regexall", {str("\\C"), str("x")})
            .error.find("invalid regular expression: invalid escape sequence: \\C") !=
        std::string::npos);
  CHECK(call("regex", {str("a(?=b)"), str("ab")}).error_arg == 0);  // no lookaround in RE2
  CHECK(call("regex", {str("(a)\\1"), str("aa")}).error_arg == 0);  // nor back references
}

TEST_CASE("regexall returns every match and an empty list when there is none") {
  CHECK(eval("regexall", {str("[a-z]+"), str("1234abcd5678efgh9")}) ==
        Value::list({str("abcd"), str("efgh")}));
  CHECK(eval("regexall", {str("[a-z]+"), str("123")}) == Value::list({}));
  CHECK(eval("regexall", {str("(\\w)=(\\d)"), str("a=1 b=2")}) ==
        Value::list({Value::tuple({str("a"), str("1")}), Value::tuple({str("b"), str("2")})}));
  // An empty match right after a match is skipped, as in Go.
  CHECK(eval("regexall", {str("a*"), str("baaab")}) == Value::list({str(""), str("aaa"), str("")}));
  CHECK(eval("regexall", {str(""), str("hé")}) == Value::list({str(""), str(""), str("")}));
}

TEST_CASE("regex and regexall check the pattern when the string is unknown") {
  Value t = eval("regex", {str("(a)(b)"), Value::unknown(ValueKind::String)});
  CHECK_FALSE(t.known());
  CHECK(t.kind() == ValueKind::Tuple);
  CHECK(eval("regex", {str("(?P<n>a)"), Value::unknown()}).kind() == ValueKind::Object);
  CHECK(eval("regexall", {str("a"), Value::unknown()}).kind() == ValueKind::List);
  CHECK(call("regex", {str("(a"), Value::unknown()}).error_arg == 0);
  CHECK_FALSE(eval("regex", {Value::unknown(), str("a")}).known());
  CHECK(eval("regex", {str("a"), str("a").mark_sensitive()}).sensitive());
}

TEST_CASE("replace with a /regex/ uses group references") {
  CHECK(eval("replace", {str("mesh1-bookinfo"), str("/mesh(\\d+)/"), str("cluster$1")}) ==
        str("cluster1-bookinfo"));
  CHECK(eval("replace", {str("a1b22"), str("/[0-9]+/"), str("#")}) == str("a#b#"));
  CHECK(eval("replace", {str("k=v"), str("/(\\w)=(\\w)/"), str("${2}=${1}")}) == str("v=k"));
  CHECK(eval("replace", {str("k=v"), str("/(?P<key>\\w)=(?P<val>\\w)/"), str("${val}:$key")}) ==
        str("v:k"));
  FunctionResult r = call("replace", {str("x"), str("/(/"), str("y")});
  CHECK(r.error_arg == 1);
  CHECK(r.error.find("invalid regular expression") != std::string::npos);
}

TEST_CASE("replace expands $ references the way Go does") {
  auto rep = [](const char* with) {
    return eval("replace", {str("ab"), str("/(a)(b)/"), str(with)});
  };
  CHECK(rep("$2$1") == str("ba"));
  CHECK(rep("$1x") == str(""));  // the group named "1x": none
  CHECK(rep("${1}x") == str("ax"));
  CHECK(rep("$$1") == str("$1"));
  CHECK(rep("$") == str("$"));      // starts no reference
  CHECK(rep("${1") == str("${1"));  // no closing brace
  CHECK(rep("$-") == str("$-"));
  CHECK(rep("$3|$01|$9999999999") == str("||"));  // no such groups
  CHECK(eval("replace", {str("ab"), str("/(a)(x)?b/"), str("[$2]")}) == str("[]"));
  // An empty match right after a match is not replaced again.
  CHECK(eval("replace", {str("xaaa"), str("/a*/"), str("<$0>")}) == str("<>x<aaa>"));
}

TEST_CASE("a catastrophic pattern over a long subject finishes in linear time") {
  // A backtracking matcher tries 2^n ways for (a*)*b; RE2 takes one pass.
  std::string as(100000, 'a');
  auto started = std::chrono::steady_clock::now();
  CHECK(eval("replace", {str(as), str("/(a*)*b/"), str("x")}) == str(as));
  CHECK(eval("regexall", {str("(a*)*b"), str(as)}) == Value::list({}));
  CHECK(eval("regex", {str("(a|aa)+$"), str(as)}) == Value::tuple({str("a")}));
  CHECK(call("regex", {str("(x+x+)+y"), str(std::string(100000, 'x'))}).error_arg == -1);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("a regular expression over a long subject does not overflow the stack") {
  // std::regex recursed once per character: 15,000 characters crashed an 8 MiB stack.
  std::string spaces(1 << 20, ' ');
  CHECK(eval("replace", {str(spaces), str("/( |x)*/"), str("y")}) == str("y"));
  CHECK(eval("regex", {str("^( |x)*$"), str(spaces)}) == Value::tuple({str(" ")}));
}

TEST_CASE("regexall refuses more than 100000 matches") {
  FunctionResult r = call("regexall", {str("a"), str(std::string(100001, 'a'))});
  CHECK(r.error.find("more than 100000 matches") != std::string::npos);
  CHECK(eval("regexall", {str("a"), str(std::string(100000, 'a'))}).elements().size() == 100000);
}

namespace {

// The table Terraform and fedplan are compared on: every pattern against every subject.
const char* const kPatterns[] = {"a+",
                                 "(a)(b)?",
                                 "(?P<key>\\w+)=(?P<value>\\w*)",
                                 "(?<k>\\w)",
                                 "a*",
                                 "",
                                 "^",
                                 "$",
                                 "\\b",
                                 "(?i)MESH(\\d)",
                                 "(?m)^\\w+$",
                                 "(?s)a.b",
                                 "a.b",
                                 "[[:alpha:]]+",
                                 "\\pL+",
                                 "\\d{2,3}",
                                 "x*?",
                                 "(a|ab)(c|bcd)(d*)",
                                 "[^]a]",
                                 "[]a]+",
                                 "\\Q.*\\E",
                                 "é+",
                                 "(?U)a+",
                                 "[a-z]+?\\d",
                                 "\\s+",
                                 "(",
                                 "a{1001}",
                                 "(?P<n>a)(b)",
                                 "\\C",
                                 "a(?=b)",
                                 "(a)\\1",
                                 "[a-",
                                 "x{2}{3}",
                                 "\\z",
                                 "\\Z",
                                 "(?P<n>a)|(?P<m>b)",
                                 "\\x{e9}",
                                 "[\\d\\-]+",
                                 "\\.",
                                 "(?:x)",
                                 "(?i:a)b",
                                 "a|",
                                 "|a"};
const char* const kSubjects[] = {"",
                                 "aaa",
                                 "ab abcd",
                                 "key=val other=",
                                 "mesh1-bookinfo MESH2",
                                 "line1\nline2\n",
                                 "héé a",
                                 "a.b a\nb",
                                 "10 200 3000",
                                 "[]a^ x.*y",
                                 "x x"};
const char* const kReplacements[] = {"<$0>", "$1", "${1}x", "$1x", "${key}",
                                     "$$",   "$",  "${",    "$-",  "$10"};

std::string b64(const std::string& s) {
  return "base64decode(\"" + base64_encode(s) + "\")";
}

// One call written in the language, and the same call made here.
struct Case {
  std::string terraform;
  json fedplan;
};

json outcome(const FunctionResult& r) {
  return r.ok() ? to_json(r.value) : json{{"fedplan_error", true}};
}

std::vector<Case> cases() {
  std::vector<Case> out;
  size_t n = 0;
  for (const char* p : kPatterns) {
    for (const char* s : kSubjects) {
      const char* with = kReplacements[n++ % std::size(kReplacements)];
      std::string slashed = std::string("/") + p + "/";
      out.push_back(
          {"regex(" + b64(p) + ", " + b64(s) + ")", outcome(call("regex", {str(p), str(s)}))});
      out.push_back({"regexall(" + b64(p) + ", " + b64(s) + ")",
                     outcome(call("regexall", {str(p), str(s)}))});
      out.push_back({"replace(" + b64(s) + ", " + b64(slashed) + ", " + b64(with) + ")",
                     outcome(call("replace", {str(s), str(slashed), str(with)}))});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("regex, regexall and replace give Terraform's results for a table of patterns") {
  std::vector<Case> all = cases();
  std::vector<std::string> exprs;
  for (const Case& c : all) exprs.push_back(c.terraform);
  auto terraform = fedplan::testing::terraform_values_or_skip(exprs);
  if (!terraform) return;
  for (size_t i = 0; i < all.size(); ++i) {
    INFO(all[i].terraform);
    CHECK((*terraform)[i].dump() == all[i].fedplan.dump());
  }
}
