// Tests of the null provider: every plan_change case of null_resource, apply and read round
// trips, import, validation messages, and ids under parallel applies.
#include "providers/builtin/null_provider.h"

#include <doctest/doctest.h>

#include <mutex>
#include <set>
#include <thread>

namespace fedplan {
namespace {

Value str(const char* s) {
  return Value::string(s);
}

Value config(Value triggers, Value input) {
  return Value::object({{"id", Value()},
                        {"triggers", std::move(triggers)},
                        {"input", std::move(input)},
                        {"output", Value()}});
}

Value created(Provider& p, const Value& cfg) {
  PlanResult plan = p.plan_change({"null_resource", Value(), cfg});
  REQUIRE_FALSE(plan.diags.has_errors());
  ApplyResult applied = p.apply({"null_resource", Value(), plan.planned, cfg});
  REQUIRE_FALSE(applied.diags.has_errors());
  return applied.state;
}

// What the state file gives back: plain JSON, maps as objects, lists as tuples.
Value through_json(const Value& v) {
  return from_json(to_json(v));
}

std::string id_of(const Value& state) {
  return state.get("id")->as_string();
}

std::string all_details(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items) out += x.summary + ": " + x.detail + "\n";
  return out;
}

}  // namespace

TEST_CASE("null_resource create plans an unknown id and output equal to input") {
  auto p = make_null_provider();
  Value cfg = config(Value::map({{"a", str("1")}}), Value::object({{"x", str("y")}}));
  PlanResult plan = p->plan_change({"null_resource", Value(), cfg});
  REQUIRE_FALSE(plan.diags.has_errors());
  CHECK(plan.requires_replace.empty());
  CHECK_FALSE(plan.planned.get("id")->known());
  CHECK(plan.planned.get("output")->equal_content(Value::object({{"x", str("y")}})));

  ApplyResult applied = p->apply({"null_resource", Value(), plan.planned, cfg});
  REQUIRE_FALSE(applied.diags.has_errors());
  CHECK(id_of(applied.state).size() == 19);
  CHECK(applied.state.get("output")->equal_content(Value::object({{"x", str("y")}})));
  CHECK(applied.state.get("triggers")->equal_content(Value::map({{"a", str("1")}})));
}

TEST_CASE("null_resource with unchanged config plans a no-op, also after a state round trip") {
  auto p = make_null_provider();
  Value cfg =
      config(Value::map({{"a", str("1")}}), Value::list({Value::number(1), Value::number(2)}));
  Value state = created(*p, cfg);
  for (const Value& prior : {state, through_json(state)}) {
    PlanResult plan = p->plan_change({"null_resource", prior, cfg});
    REQUIRE_FALSE(plan.diags.has_errors());
    CHECK(plan.requires_replace.empty());
    CHECK(plan.planned == prior);
  }
}

TEST_CASE("null_resource treats absent and empty triggers alike") {
  auto p = make_null_provider();
  Value state = created(*p, config(Value(), str("x")));
  PlanResult plan = p->plan_change({"null_resource", state, config(Value::map({}), str("x"))});
  CHECK(plan.requires_replace.empty());
  CHECK(plan.planned == state);
}

TEST_CASE("null_resource input change is an update in place keeping the id") {
  auto p = make_null_provider();
  Value triggers = Value::map({{"a", str("1")}});
  Value state = created(*p, config(triggers, str("old")));
  Value cfg = config(triggers, str("new"));
  PlanResult plan = p->plan_change({"null_resource", through_json(state), cfg});
  REQUIRE_FALSE(plan.diags.has_errors());
  CHECK(plan.requires_replace.empty());
  CHECK(id_of(plan.planned) == id_of(state));
  CHECK(*plan.planned.get("output") == str("new"));

  ApplyResult applied = p->apply({"null_resource", state, plan.planned, cfg});
  REQUIRE_FALSE(applied.diags.has_errors());
  CHECK(id_of(applied.state) == id_of(state));
  CHECK(*applied.state.get("output") == str("new"));
}

TEST_CASE("null_resource output is unknown where a changed input is unknown") {
  auto p = make_null_provider();
  Value state = created(*p, config(Value(), Value::object({{"a", str("1")}})));
  Value input = Value::object({{"a", str("1")}, {"b", Value::unknown(ValueKind::String)}});
  PlanResult plan = p->plan_change({"null_resource", state, config(Value(), input)});
  REQUIRE_FALSE(plan.diags.has_errors());
  CHECK(plan.requires_replace.empty());
  const Value& out = *plan.planned.get("output");
  CHECK_FALSE(out.wholly_known());
  CHECK(*out.get("a") == str("1"));
  CHECK_FALSE(out.get("b")->known());

  PlanResult whole = p->plan_change({"null_resource", state, config(Value(), Value::unknown())});
  CHECK_FALSE(whole.planned.get("output")->known());
  CHECK(id_of(whole.planned) == id_of(state));
}

TEST_CASE("null_resource trigger change plans a replacement and apply gives a new id") {
  auto p = make_null_provider();
  Value state = created(*p, config(Value::map({{"v", str("1")}}), Value()));
  Value cfg = config(Value::map({{"v", str("2")}}), Value());
  PlanResult plan = p->plan_change({"null_resource", state, cfg});
  REQUIRE_FALSE(plan.diags.has_errors());
  REQUIRE(plan.requires_replace.size() == 1);
  CHECK(path_to_string(plan.requires_replace[0]) == ".triggers");
  CHECK_FALSE(plan.planned.get("id")->known());

  // The engine carries out a replace as delete, then create.
  ApplyResult gone = p->apply({"null_resource", state, Value(), Value()});
  CHECK(gone.state.is_null());
  ApplyResult fresh = p->apply({"null_resource", Value(), plan.planned, cfg});
  REQUIRE_FALSE(fresh.diags.has_errors());
  CHECK(id_of(fresh.state) != id_of(state));
}

TEST_CASE("null_resource plans a replacement when a trigger is unknown") {
  auto p = make_null_provider();
  Value state = created(*p, config(Value::map({{"v", str("1")}}), Value()));
  Value cfg = config(Value::map({{"v", Value::unknown(ValueKind::String)}}), Value());
  PlanResult plan = p->plan_change({"null_resource", state, cfg});
  CHECK(plan.requires_replace.size() == 1);
}

TEST_CASE("null_resource delete plans and applies to null") {
  auto p = make_null_provider();
  Value state = created(*p, config(Value(), str("x")));
  PlanResult plan = p->plan_change({"null_resource", state, Value()});
  REQUIRE_FALSE(plan.diags.has_errors());
  CHECK(plan.planned.is_null());
  ApplyResult applied = p->apply({"null_resource", state, Value(), Value()});
  CHECK_FALSE(applied.diags.has_errors());
  CHECK(applied.state.is_null());
}

TEST_CASE("null_resource read returns the state, triggers as a map again") {
  auto p = make_null_provider();
  Value state = created(*p, config(Value::map({{"a", str("1")}}), str("x")));
  ReadResult r = p->read("null_resource", through_json(state));
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(r.state == state);
  CHECK(r.state.get("triggers")->kind() == ValueKind::Map);
}

TEST_CASE("null_resource import takes the id as given") {
  auto p = make_null_provider();
  ReadResult r = p->import("null_resource", "1234567890123456789");
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(id_of(r.state) == "1234567890123456789");
  CHECK(p->import("null_resource", "").diags.has_errors());
}

TEST_CASE("null provider rejects bad values naming the attribute") {
  auto p = make_null_provider();
  SUBCASE("triggers of the wrong type") {
    Diagnostics d = p->validate("null_resource", config(Value::list({str("a")}), Value()));
    REQUIRE(d.has_errors());
    CHECK(d.items[0].summary == "Invalid value for \"triggers\"");
  }
  SUBCASE("a null trigger") {
    Diagnostics d = p->validate("null_resource", config(Value::map({{"k", Value()}}), Value()));
    REQUIRE(d.has_errors());
    CHECK(all_details(d).find("triggers[\"k\"]") != std::string::npos);
  }
  SUBCASE("a read-only attribute set") {
    Value cfg = Value::object({{"id", str("5")}, {"input", str("x")}});
    Diagnostics d = p->validate("null_resource", cfg);
    REQUIRE(d.has_errors());
    CHECK(all_details(d).find("\"id\" is set by the provider") != std::string::npos);
  }
  SUBCASE("an unknown attribute") {
    Diagnostics d = p->validate("null_resource", Value::object({{"trigger", str("x")}}));
    REQUIRE(d.has_errors());
    CHECK(all_details(d).find("\"trigger\"") != std::string::npos);
  }
  SUBCASE("plan_change refuses the same") {
    PlanResult r = p->plan_change({"null_resource", Value(), config(str("x"), Value())});
    CHECK(r.diags.has_errors());
  }
  SUBCASE("unknown types and data sources") {
    CHECK(p->validate("null_thing", config(Value(), Value())).has_errors());
    CHECK(p->read_data("null_resource", Value::object({})).diags.has_errors());
  }
  SUBCASE("unknown values pass validation") {
    CHECK_FALSE(
        p->validate("null_resource", config(Value::unknown(), Value::unknown())).has_errors());
  }
  SUBCASE("the provider block takes no arguments") {
    CHECK_FALSE(p->configure(Value::object({})).has_errors());
    CHECK(p->configure(Value::object({{"region", str("x")}})).has_errors());
  }
}

TEST_CASE("null_resource applies in parallel give distinct ids") {
  auto p = make_null_provider();
  std::mutex mu;
  std::set<std::string> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        Value cfg = config(Value(), Value::number(i));
        PlanResult plan = p->plan_change({"null_resource", Value(), cfg});
        ApplyResult a = p->apply({"null_resource", Value(), plan.planned, cfg});
        std::lock_guard<std::mutex> lock(mu);
        ids.insert(id_of(a.state));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(ids.size() == 400);
}

}  // namespace fedplan
