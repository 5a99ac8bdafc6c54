// Tests of the attribute reader: unset versus unknown, conversions as the language does them,
// and a wrong type reported with the attribute's name.
#include "providers/sdk/attrs.h"

#include <doctest/doctest.h>

namespace fedplan::sdk {
namespace {

std::string all_text(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items) out += x.summary + ": " + x.detail + "\n";
  return out;
}

Value sample() {
  return Value::object({
      {"name", Value::string("web")},
      {"port", Value::number(8080)},
      {"port_text", Value::string("8443")},
      {"on", Value::boolean(true)},
      {"off_text", Value::string("false")},
      {"gone", Value()},
      {"later", Value::unknown(ValueKind::String)},
      {"hosts", Value::list({Value::string("a"), Value::string("b")})},
      {"partly", Value::tuple({Value::string("a"), Value::unknown()})},
      {"secret", Value::string("s3").mark_sensitive()},
      {"nested", Value::object({{"x", Value::number(1)}})},
  });
}

TEST_CASE("absent and null attributes are unset, unknown ones are set but not read") {
  Value v = sample();
  Attrs a(v);
  CHECK_FALSE(a.has("missing"));
  CHECK_FALSE(a.has("gone"));
  CHECK(a.get("gone").is_null());
  CHECK(a.has("later"));
  CHECK(a.unknown("later"));
  CHECK(a.unknown("partly"));
  CHECK_FALSE(a.unknown("hosts"));
  CHECK_FALSE(a.unknown("missing"));
  CHECK_FALSE(a.str("later"));
  CHECK_FALSE(a.strings("partly"));
  CHECK_FALSE(a.str("missing"));
}

TEST_CASE("typed reads convert as the language converts") {
  Value v = sample();
  Attrs a(v);
  CHECK(a.str("name") == "web");
  CHECK(a.str("port") == "8080");
  CHECK(a.number("port_text") == 8443);
  CHECK(a.boolean("on") == true);
  CHECK(a.boolean("off_text") == false);
  CHECK(a.strings("hosts") == std::vector<std::string>{"a", "b"});
  CHECK(a.str("secret") == "s3");      // marks dropped
  CHECK(a.get("secret").sensitive());  // kept by get
  CHECK(attr(v, "nested").get("x")->as_number() == 1);
}

TEST_CASE("a value of the wrong type is an error naming the attribute") {
  Value v = sample();
  Diagnostics d;
  Attrs a(v, &d);
  CHECK_FALSE(a.number("name"));
  CHECK_FALSE(a.str("nested"));
  REQUIRE(d.items.size() == 2);
  CHECK(d.items[0].summary == "Invalid value for \"name\"");
  CHECK(d.items[1].summary == "Invalid value for \"nested\"");
  CHECK(all_text(d).find("Attribute \"nested\"") != std::string::npos);
  Value bad_list = Value::object({{"hosts", Value::list({Value::string("a"), Value()})}});
  Diagnostics d2;
  CHECK_FALSE(Attrs(bad_list, &d2).strings("hosts"));
  CHECK(all_text(d2).find("must not be null") != std::string::npos);
}

TEST_CASE("an unknown object has every attribute unknown, a non-object none") {
  Attrs unknown_obj(Value::unknown());
  CHECK(unknown_obj.unknown("anything"));
  CHECK(unknown_obj.get("anything").is_null());
  Value text = Value::string("not an object");
  Attrs scalar(text);
  CHECK_FALSE(scalar.has("anything"));
  CHECK_FALSE(scalar.unknown("anything"));
  CHECK(attr(Value(), "x").is_null());
}

TEST_CASE("the reader reads a bare attribute map as it reads an object") {
  ValueMap m = {{"id", Value::string("abc")}, {"n", Value::number(3)}};
  Attrs a(m);
  CHECK(a.str("id") == "abc");
  CHECK(a.number("n") == 3);
  CHECK_FALSE(a.has("other"));
}

TEST_CASE("with_attrs replaces and adds attributes, and starts an object from nothing") {
  Value v = with_attrs(sample(), {{"name", Value::string("db")}, {"extra", Value::number(1)}});
  CHECK(v.get("name")->as_string() == "db");
  CHECK(v.get("extra")->as_number() == 1);
  CHECK(v.get("port")->as_number() == 8080);
  CHECK(with_attrs(Value(), {{"a", Value::boolean(true)}}) ==
        Value::object({{"a", Value::boolean(true)}}));
}

}  // namespace
}  // namespace fedplan::sdk
