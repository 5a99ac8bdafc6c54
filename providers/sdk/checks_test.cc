// Tests of check_config and the common diagnostics: each config error names the attribute,
// conversions and sensitive marks come back, and an unknown type lists what is served.
#include "providers/sdk/checks.h"

#include <doctest/doctest.h>

namespace fedplan::sdk {
namespace {

ResourceSchema checked_schema() {
  ResourceSchema s;
  s.type = "thing";
  s.attributes = {
      {.name = "name", .type = Type::string(), .required = true},
      {.name = "size", .type = Type::number()},
      {.name = "password", .type = Type::string(), .sensitive = true},
      {.name = "id", .type = Type::string(), .computed = true, .read_only = true},
  };
  return s;
}

std::string summaries(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items) out += x.summary + "|";
  return out;
}

TEST_CASE("a valid config comes back converted, with sensitive attributes marked") {
  Diagnostics d;
  Value c = check_config(checked_schema(),
                         Value::object({{"name", Value::string("a")},
                                        {"size", Value::string("3")},
                                        {"password", Value::string("p")}}),
                         d);
  CHECK(d.empty());
  CHECK(c.get("size")->kind() == ValueKind::Number);
  CHECK(c.get("password")->sensitive());
  CHECK_FALSE(c.get("name")->sensitive());
}

TEST_CASE("unknown, read-only, missing and mistyped attributes are each named") {
  Diagnostics d;
  check_config(checked_schema(),
               Value::object({{"colour", Value::string("red")},
                              {"id", Value::string("x")},
                              {"size", Value::list({})}}),
               d);
  CHECK(summaries(d) ==
        "Unsupported argument|Unsupported argument|Invalid value for \"size\"|"
        "Missing required argument|");
  CHECK(d.items[0].detail.find("\"colour\"") != std::string::npos);
  CHECK(d.items[1].detail.find("\"id\" is set by the provider") != std::string::npos);
  CHECK(d.items[3].detail.find("\"name\" is required in thing") != std::string::npos);
}

TEST_CASE("unknown values pass the checks, a non-object config does not") {
  Diagnostics d;
  check_config(checked_schema(), Value::object({{"name", Value::unknown()}}), d);
  check_config(checked_schema(), Value::unknown(), d);
  CHECK(d.empty());
  check_config(checked_schema(), Value::string("x"), d);
  CHECK(summaries(d) == "Invalid thing configuration|");
}

TEST_CASE("invalid_value names the attribute in its summary and quotes a value it shows") {
  Diagnostics d;
  invalid_value(d, "mode", "\"999\" is not an octal mode.");
  REQUIRE(d.items.size() == 1);
  CHECK(d.items[0].summary == "Invalid value for \"mode\"");
  CHECK(d.items[0].detail == "\"999\" is not an octal mode.");
  invalid_value(d, "host", "a\"b\nc", "is not a host name");
  CHECK(d.items[1].summary == "Invalid value for \"host\"");
  CHECK(d.items[1].detail == "\"a\\\"b\\nc\" is not a host name.");
}

TEST_CASE("an unknown type names the provider and lists the types it serves") {
  ProviderSchema p;
  p.config.type = "demo";
  p.resources = {ResourceSchema{.type = "demo_a"}, ResourceSchema{.type = "demo_b"},
                 ResourceSchema{.type = "demo_c"}};
  Diagnostics r = unknown_type(p, "demo_x");
  REQUIRE(r.items.size() == 1);
  CHECK(r.items[0].summary == "Unknown type demo_x");
  CHECK(r.items[0].detail ==
        "The demo provider has no resource type \"demo_x\" (it has demo_a, demo_b and demo_c).");
  Diagnostics ds = unknown_type(p, "data.demo_y");
  CHECK(ds.items[0].detail == "The demo provider has no data source \"demo_y\" (it has none).");
}

}  // namespace
}  // namespace fedplan::sdk
