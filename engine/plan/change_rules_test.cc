// Tests of the plan's decision rules on their own: ignore_changes, replacement paths, drift.
#include "engine/plan/change_rules.h"

#include <doctest/doctest.h>

#include "lang/value_equality.h"

using namespace fedplan;

namespace {

Value obj(ValueMap m) {
  return Value::object(std::move(m));
}

Value num(double n) {
  return Value::number(n);
}

// `root.step...` as ignore_changes holds it.
Traversal path(std::string root, std::vector<std::string> attrs) {
  Traversal t;
  t.root = std::move(root);
  for (std::string& a : attrs) t.steps.push_back(TraversalStep{.name = std::move(a)});
  return t;
}

}  // namespace

TEST_CASE("ignore_changes keeps the prior value at each path and nowhere else") {
  Value config = obj({{"a", num(1)}, {"b", obj({{"c", num(2)}, {"d", num(3)}})}});
  Value prior = obj({{"a", num(9)}, {"b", obj({{"c", num(8)}, {"d", num(7)}})}});
  Lifecycle lc;
  lc.ignore_changes = {path("b", {"c"})};
  Value want = obj({{"a", num(1)}, {"b", obj({{"c", num(8)}, {"d", num(3)}})}});
  CHECK(same_value(apply_ignore_changes(config, prior, lc), want));
  lc.ignore_all_changes = true;
  CHECK(same_value(apply_ignore_changes(config, prior, lc), prior));
  // Nothing recorded yet: the configuration as written.
  CHECK(same_value(apply_ignore_changes(config, Value(), lc), config));
}

TEST_CASE("a replacement is needed only when a forcing path changed") {
  Value prior = obj({{"name", Value::string("a")}, {"size", num(1)}});
  Value resized = obj({{"name", Value::string("a")}, {"size", num(2)}});
  Value renamed = obj({{"name", Value::string("b")}, {"size", num(1)}});
  std::vector<ValuePath> forcing = {{PathStep::attr("name")}};
  CHECK_FALSE(replace_needed(prior, resized, forcing));
  CHECK(replace_needed(prior, renamed, forcing));
  CHECK_FALSE(replace_needed(prior, renamed, {}));
}

TEST_CASE("drift in read-only attributes alone is not reported") {
  ResourceSchema schema;
  schema.type = "thing";
  schema.attributes = {{.name = "spec", .type = Type::any()},
                       {.name = "status", .type = Type::any(), .read_only = true}};
  Value before = obj({{"spec", num(1)}, {"status", num(1)}});
  CHECK_FALSE(drift_is_relevant(&schema, before, obj({{"spec", num(1)}, {"status", num(2)}})));
  CHECK(drift_is_relevant(&schema, before, obj({{"spec", num(2)}, {"status", num(1)}})));
  CHECK(drift_is_relevant(&schema, before, Value()));  // gone
  CHECK_FALSE(drift_is_relevant(&schema, before, before));
}
