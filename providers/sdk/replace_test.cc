// Tests of the replace rule: only force_new attributes that change (or are unknown) are listed,
// and content equality ignores marks and the list/tuple, map/object distinctions.
#include "providers/sdk/replace.h"

#include <doctest/doctest.h>

namespace fedplan::sdk {
namespace {

// zone and ports force a replacement, note is updated in place.
ResourceSchema replace_schema() {
  return ResourceSchema{
      .type = "zoned_thing",
      .attributes = {{.name = "zone", .type = Type::string(), .force_new = true},
                     {.name = "note", .type = Type::string()},
                     {.name = "ports", .type = Type::list(Type::string()), .force_new = true}}};
}

Value state(const char* zone, const char* note, Value ports) {
  return Value::object(
      {{"zone", Value::string(zone)}, {"note", Value::string(note)}, {"ports", std::move(ports)}});
}

Value ports(std::initializer_list<const char*> names, bool as_tuple = false) {
  ValueList items;
  for (const char* n : names) items.push_back(Value::string(n));
  return as_tuple ? Value::tuple(std::move(items)) : Value::list(std::move(items));
}

TEST_CASE("replace when an immutable field changes, update in place otherwise") {
  Value prior = state("a", "x", ports({"80"}));
  CHECK(replace_paths(replace_schema(), prior, state("a", "changed", ports({"80"}))).empty());
  std::vector<ValuePath> r =
      replace_paths(replace_schema(), prior, state("b", "x", ports({"80", "443"})));
  REQUIRE(r.size() == 2);
  CHECK(path_to_string(r[0]) == ".zone");
  CHECK(path_to_string(r[1]) == ".ports");
}

TEST_CASE("an unknown force_new value may change, so it replaces") {
  Value prior = state("a", "x", ports({"80"}));
  Value planned = Value::object({{"zone", Value::unknown(ValueKind::String)},
                                 {"note", Value::string("x")},
                                 {"ports", ports({"80"})}});
  std::vector<ValuePath> r = replace_paths(replace_schema(), prior, planned);
  REQUIRE(r.size() == 1);
  CHECK(path_to_string(r[0]) == ".zone");
}

TEST_CASE("a create or a delete replaces nothing") {
  CHECK(replace_paths(replace_schema(), Value(), state("a", "x", ports({}))).empty());
  CHECK(replace_paths(replace_schema(), state("a", "x", ports({})), Value()).empty());
}

TEST_CASE("a value read back from state or turned sensitive is the same content") {
  Value prior = state("a", "x", ports({"80"}, true));  // JSON gives tuples back
  Value planned = Value::object({{"zone", Value::string("a").mark_sensitive()},
                                 {"note", Value::string("x")},
                                 {"ports", ports({"80"})}});
  CHECK(replace_paths(replace_schema(), prior, planned).empty());
  CHECK(same_content(Value::map({{"k", Value::string("v")}}),
                     Value::object({{"k", Value::string("v").mark_sensitive()}})));
  CHECK_FALSE(same_content(Value::string("1"), Value::number(1)));
  CHECK_FALSE(same_content(Value::unknown(), Value::unknown()));
  CHECK(same_content(Value(), Value()));
}

}  // namespace
}  // namespace fedplan::sdk
