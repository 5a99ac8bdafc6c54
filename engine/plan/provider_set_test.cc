// ProviderSet::configure from the configuration: one rule for plan, apply and import. A block
// (or each instance of one with for_each) is evaluated and configured once, max_parallel is
// recorded, an implied provider gets every setting null, and a block that needs values known
// only after apply is refused; a recorded object whose provider key went is a plan error.
#include "engine/plan/provider_set.h"

#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "engine/plan/loaded_config.h"
#include "engine/plan/planner.h"
#include "state/instance_value.h"

namespace fedplan {
namespace {

// A provider that remembers the configurations it was given.
class RecordingProvider : public Provider {
 public:
  explicit RecordingProvider(std::vector<Value>* seen) : seen_(seen) {
    schema_.config.attributes = {{.name = "max_parallel", .type = Type::number()},
                                 {.name = "token", .type = Type::string()}};
    ResourceSchema r;
    r.type = "rec_thing";
    r.attributes = {{.name = "id", .type = Type::string(), .computed = true, .read_only = true}};
    schema_.resources = {r};
  }
  const ProviderSchema& schema() const override { return schema_; }
  Diagnostics configure(const Value& config) override {
    seen_->push_back(config);
    return {};
  }
  PlanResult plan_change(const PlanRequest& r) override { return {r.config, {}, "", {}}; }
  ApplyResult apply(const ApplyRequest& r) override { return {r.planned, false, {}}; }
  ReadResult read(const std::string&, const Value& s) override { return {s, {}}; }
  ReadResult read_data(const std::string&, const Value& c) override { return {c, {}}; }

 private:
  ProviderSchema schema_;
  std::vector<Value>* seen_;
};

struct ProviderSetFixture {
  testing::TempDir dir;
  std::vector<Value> seen;
  ProviderRegistry registry;
  LoadedConfig cfg;

  explicit ProviderSetFixture(const std::string& text) {
    registry.add("rec", [this] { return std::make_unique<RecordingProvider>(&seen); });
    dir.write("main.fed.hcl", text);
    LoadedConfigOptions o;
    o.dir = dir.path();
    Diagnostics d;
    REQUIRE(load_configuration(o, registry, cfg, d));
  }

  Provider* configure(ProviderSet& set, const ProviderAddr& addr, Diagnostics& d) {
    ConfigEvaluator e(cfg.config, cfg.inputs, nullptr, cfg.functions);
    e.use_instances(&cfg.instances);
    return set.configure(addr, cfg.instances, e, d);
  }
};

ProviderAddr rec(const std::string& alias) {
  return ProviderAddr{{}, "rec", alias};
}

TEST_CASE("a provider block is configured once, with its max_parallel recorded") {
  ProviderSetFixture f(
      "provider \"rec\" \"a\" {\n  max_parallel = 3\n  token = \"t\"\n}\n"
      "resource \"rec_thing\" \"x\" { provider = rec.a }\n");
  ProviderSet set(f.registry);
  Diagnostics d;
  Provider* p = f.configure(set, rec("a"), d);
  CHECK(p != nullptr);
  CHECK(f.configure(set, rec("a"), d) == p);
  CHECK(!d.has_errors());
  REQUIRE(f.seen.size() == 1);
  CHECK(f.seen[0].get("token")->as_string() == "t");
  CHECK(set.max_parallel(rec("a")) == 3);
  CHECK(set.get(rec("a")) == p);
}

TEST_CASE("an implied provider is configured with every setting null and no max_parallel") {
  ProviderSetFixture f("resource \"rec_thing\" \"x\" {}\n");
  ProviderSet set(f.registry);
  Diagnostics d;
  CHECK(f.configure(set, rec(""), d) != nullptr);
  REQUIRE(f.seen.size() == 1);
  for (const auto& [name, v] : f.seen[0].attributes()) CHECK_MESSAGE(v.is_null(), name);
  CHECK(set.max_parallel(rec("")) == 0);
}

TEST_CASE("a provider block that needs values known only after apply is refused") {
  ProviderSetFixture f(
      "resource \"rec_thing\" \"x\" {}\n"
      "provider \"rec\" \"late\" { token = rec_thing.x.id }\n"
      "resource \"rec_thing\" \"y\" { provider = rec.late }\n");
  ProviderSet set(f.registry);
  Diagnostics d;
  CHECK(f.configure(set, rec("late"), d) == nullptr);
  REQUIRE(d.has_errors());
  CHECK(d.items[0].summary == "Provider configuration depends on values not yet known");
  CHECK(d.items[0].detail.find("provider[rec.late]") != std::string::npos);
  REQUIRE(d.items[0].range);
  CHECK(d.items[0].range->start.line == 2);
  CHECK(f.seen.empty());
}

const char* kRecForEach = R"(locals {
  tokens = { a = "ta", b = "tb" }
  used   = toset(["a", "b"])
}
provider "rec" "c" {
  for_each = local.tokens
  token    = each.value
}
resource "rec_thing" "x" {
  for_each = local.used
  provider = rec.c[each.key]
}
)";

ProviderAddr rec_c(const std::string& key) {
  return ProviderAddr{{}, "rec", "c", InstanceKey::of(key)};
}

TEST_CASE("each instance of a provider block with for_each is configured with its own values") {
  ProviderSetFixture f(kRecForEach);
  ProviderSet set(f.registry);
  Diagnostics d;
  Provider* a = f.configure(set, rec_c("a"), d);
  Provider* b = f.configure(set, rec_c("b"), d);
  REQUIRE_MESSAGE(!d.has_errors(), render_diagnostics(d, &f.cfg.config.sources));
  CHECK(a != nullptr);
  CHECK(b != nullptr);
  CHECK(a != b);
  REQUIRE(f.seen.size() == 2);
  CHECK(f.seen[0].get("token")->as_string() == "ta");
  CHECK(f.seen[1].get("token")->as_string() == "tb");
  CHECK(set.get(rec_c("a")) == a);
}

// A plan of `f`'s configuration against a state recording rec_thing.x["b"], made by provider
// rec.c["b"].
Plan plan_with_recorded_b(ProviderSetFixture& f, Diagnostics& d) {
  State prior = State::fresh();
  InstanceAddr addr = *parse_instance("rec_thing.x[\"b\"]", nullptr);
  prior.set(record_of(addr, rec_c("b"), Value::object({{"id", Value::string("b1")}}), {}));
  ProviderSet providers(f.registry);
  return make_plan(f.cfg, prior, "", providers, PlanOptions{}, {}, d);
}

TEST_CASE("an object whose provider key is still there is deleted through that instance") {
  std::string text = kRecForEach;
  text.replace(text.find("[\"a\", \"b\"]"), 10, "[\"a\"]");
  ProviderSetFixture f(text);
  Diagnostics d;
  Plan p = plan_with_recorded_b(f, d);
  REQUIRE_MESSAGE(!d.has_errors(), render_diagnostics(d, &f.cfg.config.sources));
  const ResourceChange* gone = nullptr;
  for (const ResourceChange& ch : p.changes)
    if (ch.addr.to_string() == "rec_thing.x[\"b\"]") gone = &ch;
  REQUIRE(gone != nullptr);
  CHECK(gone->action == Action::Delete);
  CHECK(gone->provider == rec_c("b"));
}

TEST_CASE("an object whose provider key went from the for_each stops the plan at the for_each") {
  std::string text = kRecForEach;
  text.replace(text.find("[\"a\", \"b\"]"), 10, "[\"a\"]");
  text.replace(text.find("b = \"tb\""), 8, "");
  ProviderSetFixture f(text);
  Diagnostics d;
  plan_with_recorded_b(f, d);
  REQUIRE(d.has_errors());
  std::string shown = render_diagnostics(d, &f.cfg.config.sources);
  CHECK_MESSAGE(shown.find("Provider instance not present") != std::string::npos, shown);
  CHECK(shown.find("provider[rec.c[\"b\"]] is still needed to destroy rec_thing.x[\"b\"]") !=
        std::string::npos);
  CHECK(shown.find("Keep the key until an apply has destroyed those objects") != std::string::npos);
  // The way out names the entry and an inventory's decommission setting.
  CHECK_MESSAGE(shown.find("`present = false`, set it on the entry [\"b\"]") != std::string::npos,
                shown);
  CHECK(shown.find("main.fed.hcl:6:14") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
