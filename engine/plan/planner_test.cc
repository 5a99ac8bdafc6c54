// The planner's refresh: every provider configuration reads its objects on a worker of its own,
// so a plan waits for the slowest provider, not for the sum of them; what the reads find is
// still listed in the walk's order, whichever read finishes first.
#include "engine/plan/planner.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "base/testing/temp_dir.h"
#include "state/instance_value.h"

namespace fedplan {
namespace {

using std::chrono::milliseconds;

// What the slow providers of one test share: how many reads are in progress, and how long
// each provider label's reads take.
struct ReadLab {
  std::mutex mu;
  std::condition_variable cv;
  int reading = 0;
  int most = 0;     // the most reads in progress at once
  int overlap = 1;  // a read waits (up to `patience`) until this many are in progress
  milliseconds patience{2000};
  std::map<std::string, milliseconds> delay;  // by label, after the overlap wait
};

// A provider whose refresh reads take time and report every object changed ("drifted").
class SlowProvider : public Provider {
 public:
  explicit SlowProvider(ReadLab* lab) : lab_(lab) {
    schema_.config.attributes = {{.name = "label", .type = Type::string()}};
    ResourceSchema r;
    r.type = "slow_thing";
    r.attributes = {{.name = "name", .type = Type::string(), .required = true},
                    {.name = "seen", .type = Type::string(), .computed = true}};
    schema_.resources = {r};
  }
  const ProviderSchema& schema() const override { return schema_; }
  Diagnostics configure(const Value& config) override {
    label_ = config.get("label")->as_string();
    return {};
  }
  PlanResult plan_change(const PlanRequest& r) override { return {r.prior, {}, "", {}}; }
  ApplyResult apply(const ApplyRequest& r) override { return {r.planned, false, {}}; }
  ReadResult read(const std::string&, const Value& state) override {
    std::unique_lock<std::mutex> lock(lab_->mu);
    lab_->most = std::max(lab_->most, ++lab_->reading);
    lab_->cv.notify_all();
    lab_->cv.wait_for(lock, lab_->patience, [&] { return lab_->most >= lab_->overlap; });
    lock.unlock();
    std::this_thread::sleep_for(lab_->delay[label_]);
    lock.lock();
    --lab_->reading;
    ValueMap attrs = state.attributes();
    attrs["seen"] = Value::string("changed by hand");
    return {Value::object(attrs), {}};
  }
  ReadResult read_data(const std::string&, const Value& c) override { return {c, {}}; }

 private:
  ReadLab* lab_;
  ProviderSchema schema_;
  std::string label_;
};

// Two configurations of the slow provider, each with one recorded object.
const char* kTwoProviders = R"(
provider "slow" "a" { label = "a" }
provider "slow" "b" { label = "b" }
resource "slow_thing" "x" {
  provider = slow.a
  name     = "x"
}
resource "slow_thing" "y" {
  provider = slow.b
  name     = "y"
}
)";

// A no-op plan of kTwoProviders against a state that records x and y (with provider slow.a and
// slow.b, or with `recorded_as` when set).
Plan plan_two(ReadLab& lab, Diagnostics& diags, const PlanOptions& options = {},
              const std::string& recorded_as = "") {
  testing::TempDir dir;
  dir.write("main.fed.hcl", kTwoProviders);
  ProviderRegistry registry;
  registry.add("slow", [&lab] { return std::make_unique<SlowProvider>(&lab); });
  LoadedConfig cfg;
  LoadedConfigOptions o;
  o.dir = dir.path();
  REQUIRE(load_configuration(o, registry, cfg, diags));
  State prior = State::fresh();
  for (const char* name : {"x", "y"}) {
    InstanceAddr addr = *parse_instance(std::string("slow_thing.") + name, nullptr);
    ProviderAddr provider{{}, "slow", name == std::string("x") ? "a" : "b"};
    if (!recorded_as.empty()) provider.alias = recorded_as;
    Value v = Value::object({{"name", Value::string(name)}, {"seen", Value::string("as made")}});
    prior.set(record_of(addr, provider, v, {}));
  }
  ProviderSet providers(registry);
  return make_plan(cfg, prior, "", providers, options, {}, diags);
}

std::vector<std::string> drifted(const Plan& p) {
  std::vector<std::string> out;
  for (const Drift& d : p.drift) out.push_back(d.addr.to_string());
  return out;
}

}  // namespace

TEST_CASE("two provider configurations refresh at the same time") {
  ReadLab lab;
  lab.overlap = 2;
  Diagnostics diags;
  Plan p = plan_two(lab, diags);
  REQUIRE(!diags.has_errors());
  CHECK(lab.most == 2);
  CHECK(drifted(p).size() == 2);
}

TEST_CASE("drift is listed in the walk's order whichever provider's refresh finishes first") {
  std::vector<std::vector<std::string>> orders;
  for (const char* slow : {"a", "b"}) {
    ReadLab lab;
    lab.overlap = 2;
    lab.delay[slow] = milliseconds(200);
    Diagnostics diags;
    orders.push_back(drifted(plan_two(lab, diags)));
    REQUIRE(!diags.has_errors());
  }
  CHECK(orders[0].size() == 2);
  CHECK(orders[0] == orders[1]);
}

TEST_CASE("-parallelism=1 refreshes one provider configuration at a time") {
  ReadLab lab;
  lab.overlap = 2;
  lab.patience = milliseconds(100);
  PlanOptions one;
  one.parallelism = 1;
  Diagnostics diags;
  Plan p = plan_two(lab, diags, one);
  REQUIRE(!diags.has_errors());
  CHECK(lab.most == 1);
  CHECK(drifted(p).size() == 2);
}

TEST_CASE("a record whose resource names another provider configuration is read through it") {
  // Recorded with slow.gone, a block the configuration no longer has: the resources' own
  // providers (slow.a, slow.b) read them, and the plan changes nothing.
  ReadLab lab;
  lab.patience = milliseconds(0);
  Diagnostics diags;
  Plan p = plan_two(lab, diags, {}, "gone");
  REQUIRE_MESSAGE(!diags.has_errors(), diags.items.front().summary);
  CHECK(drifted(p).size() == 2);
  for (const Drift& d : p.drift)
    CHECK(d.provider.alias == (d.addr.resource.name == "x" ? "a" : "b"));
  for (const ResourceChange& ch : p.changes) {
    INFO(ch.addr.to_string());
    CHECK(ch.action == Action::NoOp);
  }
}

}  // namespace fedplan
