// Tests for YAML <-> JSON: core-schema scalar resolution, multi-document streams, error
// positions, and that written YAML reads back to the same value.
#include "base/yaml_json.h"

#include <doctest/doctest.h>

#include <chrono>

#include <cmath>

using namespace fedplan;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {
json one(const std::string& text) {
  YamlResult r = parse_yaml(text);
  REQUIRE_MESSAGE(r.ok(), r.error);
  REQUIRE(r.docs.size() == 1);
  return r.docs[0];
}
}  // namespace

TEST_CASE("plain scalars resolve by the YAML 1.2 core schema") {
  json v =
      one("a: null\nb: ~\nc:\nd: true\ne: False\nf: 42\ng: -7\nh: 0x1F\ni: 0o17\nj: 1.5\n"
          "k: 1e3\nl: .inf\nm: -.Inf\nn: .nan\no: yes\np: hello world\nq: 010\nr: +12\n");
  CHECK(v["a"].is_null());
  CHECK(v["b"].is_null());
  CHECK(v["c"].is_null());
  CHECK(v["d"] == true);
  CHECK(v["e"] == false);
  CHECK(v["f"] == 42);
  CHECK(v["f"].is_number_integer());
  CHECK(v["g"] == -7);
  CHECK(v["h"] == 31);
  CHECK(v["i"] == 15);
  CHECK(v["j"] == 1.5);
  CHECK(v["k"].is_number_float());
  CHECK(v["k"] == 1000.0);
  CHECK(std::isinf(v["l"].get<double>()));
  CHECK(v["m"].get<double>() < 0);
  CHECK(std::isnan(v["n"].get<double>()));
  CHECK(v["o"] == "yes");  // a YAML 1.1 boolean, a string in 1.2
  CHECK(v["p"] == "hello world");
  CHECK(v["q"] == 10);  // decimal in the core schema, not octal
  CHECK(v["r"] == 12);
}

TEST_CASE("quoted and block scalars stay strings") {
  json v = one("a: \"true\"\nb: '42'\nc: \"\"\nd: |\n  line1\n  line2\ne: >-\n  folded\n  text\n");
  CHECK(v["a"] == "true");
  CHECK(v["b"] == "42");
  CHECK(v["c"] == "");
  CHECK(v["d"] == "line1\nline2\n");
  CHECK(v["e"] == "folded text");
}

TEST_CASE("explicit tags decide the type") {
  json v = one("a: !!str 12\nb: !!float 3\nc: !!int \"7\"\n");
  CHECK(v["a"] == "12");
  CHECK(v["b"].is_number_float());
  CHECK(v["c"] == 7);
  YamlResult bad = parse_yaml("x: !!int abc\n");
  CHECK_FALSE(bad.ok());
  CHECK(bad.line == 1);
}

TEST_CASE("a multi-document stream yields every document, empty ones as null") {
  YamlResult r = parse_yaml("kind: A\n---\nkind: B\n---\n---\n- 1\n- 2\n");
  REQUIRE(r.ok());
  REQUIRE(r.docs.size() == 4);
  CHECK(r.docs[0]["kind"] == "A");
  CHECK(r.docs[1]["kind"] == "B");
  CHECK(r.docs[2].is_null());
  CHECK(r.docs[3] == json::array({1, 2}));
  CHECK(parse_yaml("").docs.empty());
}

TEST_CASE("a syntax error reports its 1-based line and column") {
  YamlResult r = parse_yaml("a: 1\nb: [1, 2\nc: 3\n");
  CHECK_FALSE(r.ok());
  CHECK(r.docs.empty());
  CHECK(r.line >= 2);
  CHECK(r.column >= 1);
  YamlResult tab = parse_yaml("a:\n\t- b\n");
  CHECK_FALSE(tab.ok());
}

TEST_CASE("a duplicate key is an error at the second key") {
  YamlResult r = parse_yaml("metadata:\n  name: a\n  name: b\n");
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("duplicate key \"name\"") != std::string::npos);
  CHECK(r.line == 3);
  CHECK(r.column == 3);
}

TEST_CASE("non-scalar mapping keys are refused") {
  YamlResult r = parse_yaml("? [a, b]\n: c\n");
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("key") != std::string::npos);
}

TEST_CASE("aliases expand and merge keys apply without overriding") {
  json v = one("base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n");
  CHECK(v["use"] == json{{"x", 1}, {"y", 2}});
  CHECK(v["merged"] == json{{"x", 1}, {"y", 3}});
}

TEST_CASE("an alias bomb is refused instead of exhausting memory") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    std::string p = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + p;
    for (int j = 0; j < 9; ++j) text += ", " + p;
    text += "]\n";
  }
  YamlResult r = parse_yaml(text);
  CHECK_FALSE(r.ok());
  CHECK(r.error.find("too large") != std::string::npos);
}

TEST_CASE("ordered parsing keeps key order and writing keeps it too") {
  OrderedYamlResult r = parse_yaml_ordered("zeta: 1\nalpha: 2\nmid:\n  b: 1\n  a: 2\n");
  REQUIRE(r.ok());
  CHECK(r.docs[0].begin().key() == "zeta");
  CHECK(to_yaml(r.docs[0]) == "zeta: 1\nalpha: 2\nmid:\n  b: 1\n  a: 2\n");
}

TEST_CASE("writing uses block style with sequences under their key") {
  ordered_json v = {{"apiVersion", "v1"},
                    {"kind", "Service"},
                    {"spec",
                     {{"ports", {{{"name", "tls"}, {"port", 443}}, {{"name", "x"}, {"port", 1}}}},
                      {"selector", ordered_json::object()},
                      {"list", ordered_json::array()},
                      {"nested", {ordered_json::array({1, 2}), "s"}}}}};
  CHECK(to_yaml(v) ==
        "apiVersion: v1\n"
        "kind: Service\n"
        "spec:\n"
        "  ports:\n"
        "  - name: tls\n"
        "    port: 443\n"
        "  - name: x\n"
        "    port: 1\n"
        "  selector: {}\n"
        "  list: []\n"
        "  nested:\n"
        "  - - 1\n"
        "    - 2\n"
        "  - s\n");
}

TEST_CASE("strings that would read as other types are quoted") {
  json v = {{"a", "true"},  {"b", "42"},  {"c", ""},     {"d", "null"},  {"e", "yes"},
            {"f", "1.2.3"}, {"g", "- x"}, {"h", "a: b"}, {"i", " pad "}, {"j", "0x1F"},
            {"k", "10Gi"},  {"l", "~"},   {"m", "#c"},   {"n", ".inf"}};
  std::string text = to_yaml(v);
  CHECK(text.find("a: \"true\"\n") != std::string::npos);
  CHECK(text.find("b: \"42\"\n") != std::string::npos);
  CHECK(text.find("k: 10Gi\n") != std::string::npos);
  YamlResult back = parse_yaml(text);
  REQUIRE(back.ok());
  CHECK(back.docs[0] == v);
}

TEST_CASE("multi-line text is written as a literal block and reads back exactly") {
  std::vector<std::string> texts = {
      "a\nb\n",     "a\nb", "a\n\nb\n\n\n", "x\n  indented\n", " leading\nspace\n", "tab\there\n",
      "cr\r\nlf\n", "\n\n", "\n",           "ctrl\x01\n"};
  for (const std::string& t : texts) {
    json v = {{"data", {{"k", t}}}, {"list", {t}}};
    std::string text = to_yaml(v);
    YamlResult back = parse_yaml(text);
    REQUIRE_MESSAGE(back.ok(), back.error, "\n", text);
    CHECK_MESSAGE(back.docs[0] == v, text);
  }
  CHECK(to_yaml(json{{"pem", "-----BEGIN-----\nabc\n-----END-----\n"}}) ==
        "pem: |\n  -----BEGIN-----\n  abc\n  -----END-----\n");
}

TEST_CASE("numbers, nulls and special floats round-trip") {
  json v = {{"i", -5},
            {"u", 18446744073709551615ull},
            {"f", 0.1},
            {"big", 1e100},
            {"n", nullptr},
            {"b", false},
            {"inf", std::numeric_limits<double>::infinity()}};
  YamlResult back = parse_yaml(to_yaml(v));
  REQUIRE(back.ok());
  CHECK(back.docs[0] == v);
  CHECK(back.docs[0]["f"].is_number_float());
  CHECK(to_yaml(json(std::numeric_limits<double>::quiet_NaN())) == ".nan\n");
}

TEST_CASE("a stream of documents is separated by ---") {
  std::vector<json> docs = {json{{"a", 1}}, json::array({"x"})};
  std::string text = to_yaml_stream(docs);
  CHECK(text == "a: 1\n---\n- x\n");
  YamlResult back = parse_yaml(text);
  REQUIRE(back.ok());
  CHECK(back.docs == docs);
}

TEST_CASE("input on which yaml-cpp makes no progress ends with an error instead of spinning") {
  auto start = std::chrono::steady_clock::now();
  YamlResult r = parse_yaml(",a");
  auto took = std::chrono::steady_clock::now() - start;
  CHECK_FALSE(r.error.empty());
  CHECK(r.docs.empty());
  CHECK(took < std::chrono::seconds(1));
}

TEST_CASE("YAML nested deeper than the reader goes is an error that says so") {
  YamlResult r = parse_yaml(std::string(30000, '[') + std::string(30000, ']'));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error == "collections nested too deeply (the YAML reader stops at about 500 levels)");
  CHECK(r.line == 1);
}

TEST_CASE("YAML 1.1 bool words are bools only when asked for, as values and as keys") {
  YamlResult core = parse_yaml("[yes, on, n, Off, 'yes']\n");
  REQUIRE(core.ok());
  CHECK(core.docs[0] == nlohmann::json::parse(R"(["yes", "on", "n", "Off", "yes"])"));
  YamlResult r = parse_yaml("[yes, On, Y, n, NO, off, 'yes', !!str on, yEs]\n", YamlBools::Yaml11);
  REQUIRE(r.ok());
  CHECK(r.docs[0] ==
        nlohmann::json::parse(R"([true, true, true, false, false, false, "yes", "on", "yEs"])"));
  YamlResult keys = parse_yaml("{on: 1, 'n': 2, no: 3}\n", YamlBools::Yaml11);
  REQUIRE(keys.ok());
  CHECK(keys.docs[0] == nlohmann::json::parse(R"({"true": 1, "n": 2, "false": 3})"));
  CHECK(parse_yaml("a: !!bool yes\n", YamlBools::Yaml11).docs[0]["a"] == true);
}
