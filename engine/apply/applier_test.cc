// Tests of the plan and apply walks' concurrency and progress with a probe provider:
// -parallelism and max_parallel bound the calls in flight (and are reached), and long steps
// report "Still creating... [10s elapsed]" on the fake clock.
#include <doctest/doctest.h>

#include <algorithm>
#include <condition_variable>
#include <map>

#include "base/testing/fake_clock.h"
#include "base/testing/temp_dir.h"
#include "engine/apply/applier.h"
#include "state/instance_value.h"
#include "state/memory_backend.h"

using namespace fedplan;
using fedplan::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// What the probe provider's apply calls do and see; shared by every probe instance.
struct ProbeLab {
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  int max_in_flight = 0;
  std::map<std::string, int> in_flight_per, max_per;  // by the provider block's label
  // Applies wait until this many have been in flight at once (or `patience` passes), so the
  // walk's concurrency is measured exactly rather than by luck of timing.
  int wait_for_company = 1;
  std::chrono::milliseconds patience = 3s;
  std::chrono::milliseconds linger = 5ms;
  // Fake time each apply takes, in steps of `tick`, waiting after each step until the
  // progress log shows its "Still ..." line for that moment.
  FakeClock* clock = nullptr;
  int ticks = 0;
  std::chrono::seconds tick{10};
  std::vector<std::string> log;  // progress lines
  bool measure_plans = false;    // plan_change calls take part instead of apply calls

  // One call in flight under `label`: counts it, then waits for company (see above). Holds
  // `lock` on mu throughout, but for the waits.
  void enter(std::unique_lock<std::mutex>& lock, const std::string& label) {
    ++in_flight;
    int& mine = ++in_flight_per[label];
    max_in_flight = std::max(max_in_flight, in_flight);
    max_per[label] = std::max(max_per[label], mine);
    cv.notify_all();
    cv.wait_for(lock, patience, [&] { return max_in_flight >= wait_for_company; });
    // Stay a moment longer, so a walk that let more calls run would be seen doing it.
    cv.wait_for(lock, linger, [&] { return max_in_flight > wait_for_company; });
  }
  void leave(const std::string& label) {
    --in_flight;
    --in_flight_per[label];
  }

  void say(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu);
    log.push_back(line);
    cv.notify_all();
  }
  bool logged(const std::string& line) {
    return std::find(log.begin(), log.end(), line) != log.end();
  }
};

// A provider whose only resource, probe_thing, has `name` and a computed `id`; apply takes
// part in the lab's measurements. Its block accepts `max_parallel` (the engine's bound) and
// `own_limit` (a limit of the provider's own, as firewalld's default).
class ProbeProvider : public Provider {
 public:
  explicit ProbeProvider(ProbeLab* lab) : lab_(lab) {
    schema_.config.type = "probe";
    schema_.config.attributes = {{.name = "max_parallel", .type = Type::number()},
                                 {.name = "own_limit", .type = Type::number()},
                                 {.name = "label", .type = Type::string()}};
    ResourceSchema r;
    r.type = "probe_thing";
    r.attributes = {{.name = "name", .type = Type::string()},
                    {.name = "id", .type = Type::string(), .computed = true, .read_only = true}};
    schema_.resources = {r};
  }
  const ProviderSchema& schema() const override { return schema_; }
  Diagnostics configure(const Value& config) override {
    if (const Value* a = config.get("label"); a && !a->is_null()) label_ = a->as_string();
    if (const Value* a = config.get("own_limit"); a && !a->is_null())
      own_limit_ = static_cast<int>(a->as_number());
    return {};
  }
  int max_parallel() const override { return own_limit_; }
  PlanResult plan_change(const PlanRequest& req) override {
    PlanResult r;
    if (req.config.is_null()) return r;
    if (lab_->measure_plans) {
      std::unique_lock<std::mutex> lock(lab_->mu);
      lab_->enter(lock, label_);
      lab_->leave(label_);
    }
    r.planned = Value::object(
        {{"name", *req.config.get("name")},
         {"id", req.prior.is_null() ? Value::unknown(ValueKind::String) : *req.prior.get("id")}});
    return r;
  }
  ApplyResult apply(const ApplyRequest& req) override {
    ApplyResult r;
    if (req.planned.is_null()) return r;
    std::string name = req.planned.get("name")->as_string();
    std::unique_lock<std::mutex> lock(lab_->mu);
    if (!lab_->measure_plans) lab_->enter(lock, label_);
    for (int i = 1; i <= lab_->ticks; ++i) {
      lab_->clock->advance(lab_->tick);
      std::string still = "probe_thing." + name + ": Still creating... [" +
                          std::to_string(i * lab_->tick.count()) + "s elapsed]";
      lab_->cv.wait_for(lock, lab_->patience, [&] { return lab_->logged(still); });
    }
    if (!lab_->measure_plans) lab_->leave(label_);
    r.state =
        Value::object({{"name", *req.planned.get("name")}, {"id", Value::string("id-" + name)}});
    return r;
  }
  ReadResult read(const std::string&, const Value& state) override { return {state, {}}; }
  ReadResult read_data(const std::string&, const Value&) override { return {}; }

 private:
  ProbeLab* lab_;
  ProviderSchema schema_;
  std::string label_;
  int own_limit_ = 0;
};

// `config` loaded with the probe provider, planned on `prior` (an empty state by default).
struct Planned {
  TempDir dir;
  ProviderRegistry registry;
  LoadedConfig cfg;
  std::optional<ProviderSet> providers;
  State state = State::fresh();
  Plan plan;

  Planned(const std::string& config, ProbeLab& lab, const PlanOptions& options, Diagnostics& diags,
          const State& prior = State::fresh()) {
    state = prior;
    dir.write("main.fed.hcl", config);
    registry.add("probe", [&lab] { return std::make_unique<ProbeProvider>(&lab); });
    LoadedConfigOptions o;
    o.dir = dir.path();
    REQUIRE_MESSAGE(load_configuration(o, registry, cfg, diags),
                    render_diagnostics(diags, &cfg.config.sources));
    providers.emplace(registry);
    plan = make_plan(cfg, state, "", *providers, options, {}, diags);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, &cfg.config.sources));
  }
};

// Plans and applies `config` with the probe provider.
ApplySummary apply(const std::string& config, ProbeLab& lab, ApplyOptions options,
                   Diagnostics& diags) {
  Planned p(config, lab, PlanOptions{}, diags);
  MemoryBackend backend;
  options.progress = [&lab](const std::string& line) { lab.say(line); };
  return apply_plan(p.cfg, p.plan, p.state, backend, *p.providers, options, diags);
}

std::vector<std::string> addresses(const Plan& plan) {
  std::vector<std::string> out;
  for (const ResourceChange& ch : plan.changes) out.push_back(ch.addr.to_string());
  return out;
}

// Two configurations of the probe provider: "capped" at 2 calls at once, and "free".
const std::string kCappedAndFree = R"(
provider "probe" "capped" {
  max_parallel = 2
  label        = "capped"
}
provider "probe" "free" { label = "free" }
)";

std::string things(int n) {
  return "resource \"probe_thing\" \"t\" {\n  count = " + std::to_string(n) +
         "\n  name  = \"t${count.index}\"\n}\n";
}

}  // namespace

TEST_CASE("-parallelism=N runs at most N steps at once, and N when there is work for N") {
  for (int n : {1, 3, 8}) {
    CAPTURE(n);
    ProbeLab lab;
    lab.wait_for_company = n;
    ApplyOptions o;
    o.parallelism = n;
    Diagnostics diags;
    ApplySummary s = apply(things(24), lab, o, diags);
    CHECK(s.ok());
    CHECK(s.added == 24);
    CHECK(lab.max_in_flight == n);
  }
}

TEST_CASE("the walk waits for a dependency even when workers are free") {
  ProbeLab lab;
  ApplyOptions o;
  o.parallelism = 10;
  lab.wait_for_company = 2;  // a step alone waits; were both in flight, they would overlap
  lab.patience = 200ms;
  Diagnostics diags;
  ApplySummary s = apply(R"(
resource "probe_thing" "first" { name = "first" }
resource "probe_thing" "second" { name = probe_thing.first.id }
)",
                         lab, o, diags);
  CHECK(s.ok());
  CHECK(lab.max_in_flight == 1);
}

TEST_CASE("a provider's max_parallel caps its steps while others use the rest") {
  ProbeLab lab;
  // 8 in flight at once can only be the capped provider's 2 and 6 of the free one's.
  lab.wait_for_company = 2 + 6;
  ApplyOptions o;
  o.parallelism = 8;
  Diagnostics diags;
  ApplySummary s = apply(kCappedAndFree + R"(
resource "probe_thing" "c" {
  provider = probe.capped
  count    = 12
  name     = "c${count.index}"
}
resource "probe_thing" "f" {
  provider = probe.free
  count    = 6
  name     = "f${count.index}"
}
)",
                         lab, o, diags);
  CHECK_MESSAGE(s.ok(), render_diagnostics(diags, nullptr));
  CHECK(lab.max_per["capped"] == 2);
  CHECK(lab.max_per["free"] == 6);
  CHECK(lab.max_in_flight == 8);
}

TEST_CASE("a provider's own limit caps its steps too, so they do not hold the workers") {
  ProbeLab lab;
  lab.wait_for_company = 2 + 6;
  ApplyOptions o;
  o.parallelism = 8;
  Diagnostics diags;
  ApplySummary s = apply(R"(
provider "probe" "capped" {
  own_limit = 2
  label     = "capped"
}
provider "probe" "free" { label = "free" }
resource "probe_thing" "c" {
  provider = probe.capped
  count    = 12
  name     = "c${count.index}"
}
resource "probe_thing" "f" {
  provider = probe.free
  count    = 6
  name     = "f${count.index}"
}
)",
                         lab, o, diags);
  CHECK_MESSAGE(s.ok(), render_diagnostics(diags, nullptr));
  CHECK(lab.max_per["capped"] == 2);
  CHECK(lab.max_per["free"] == 6);
  CHECK(lab.max_in_flight == 8);
}

TEST_CASE("a provider's own limit comes before its block's max_parallel (it has read it)") {
  ProbeLab lab;
  lab.wait_for_company = 3 + 5;
  ApplyOptions o;
  o.parallelism = 8;
  Diagnostics diags;
  ApplySummary s = apply(R"(
provider "probe" "capped" {
  own_limit    = 3
  max_parallel = 1
  label        = "capped"
}
provider "probe" "free" { label = "free" }
resource "probe_thing" "c" {
  provider = probe.capped
  count    = 12
  name     = "c${count.index}"
}
resource "probe_thing" "f" {
  provider = probe.free
  count    = 5
  name     = "f${count.index}"
}
)",
                         lab, o, diags);
  CHECK_MESSAGE(s.ok(), render_diagnostics(diags, nullptr));
  CHECK(lab.max_per["capped"] == 3);
  CHECK(lab.max_per["free"] == 5);
}

TEST_CASE("a long step reports Still creating every 10s of elapsed time, then its total") {
  ProbeLab lab;
  FakeClock clock;
  lab.clock = &clock;
  lab.ticks = 3;
  ApplyOptions o;
  o.clock = &clock;
  Diagnostics diags;
  ApplySummary s = apply(R"(resource "probe_thing" "slow" { name = "slow" })", lab, o, diags);
  CHECK(s.ok());
  CHECK(lab.log == std::vector<std::string>{
                       "probe_thing.slow: Creating...",
                       "probe_thing.slow: Still creating... [10s elapsed]",
                       "probe_thing.slow: Still creating... [20s elapsed]",
                       "probe_thing.slow: Still creating... [30s elapsed]",
                       "probe_thing.slow: Creation complete after 30s",
                   });
}

TEST_CASE("step hooks give each moment with its elapsed seconds and its progress line") {
  ProbeLab lab;
  FakeClock clock;
  lab.clock = &clock;
  lab.ticks = 2;
  ApplyOptions o;
  o.clock = &clock;
  std::vector<std::string> hooks;  // on_step runs under the applier's progress lock
  o.on_step = [&](const StepMoment& m) {
    hooks.push_back(m.change.addr.to_string() + " " + std::to_string(static_cast<int>(m.event)) +
                    " " + std::to_string(m.elapsed_seconds) + " " + m.line + " id=" + m.id);
  };
  Diagnostics diags;
  ApplySummary s = apply(R"(resource "probe_thing" "h" { name = "h" })", lab, o, diags);
  CHECK(s.ok());
  CHECK(hooks == std::vector<std::string>{
                     "probe_thing.h 0 0 probe_thing.h: Creating... id=",
                     "probe_thing.h 1 10 probe_thing.h: Still creating... [10s elapsed] id=",
                     "probe_thing.h 1 20 probe_thing.h: Still creating... [20s elapsed] id=",
                     "probe_thing.h 2 20 probe_thing.h: Creation complete after 20s id=id-h",
                 });
  CHECK(lab.log.size() == 4);  // the same moments as progress lines
}

TEST_CASE("Still lines follow the configured period") {
  ProbeLab lab;
  FakeClock clock;
  lab.clock = &clock;
  lab.ticks = 2;
  lab.tick = 5s;
  ApplyOptions o;
  o.clock = &clock;
  o.still_every_seconds = 5;
  Diagnostics diags;
  ApplySummary s = apply(R"(resource "probe_thing" "s" { name = "s" })", lab, o, diags);
  CHECK(s.ok());
  CHECK(lab.log == std::vector<std::string>{
                       "probe_thing.s: Creating...",
                       "probe_thing.s: Still creating... [5s elapsed]",
                       "probe_thing.s: Still creating... [10s elapsed]",
                       "probe_thing.s: Creation complete after 10s",
                   });
}

TEST_CASE("a plan makes up to -parallelism provider calls at once, and lists them in order") {
  for (int n : {1, 4}) {
    CAPTURE(n);
    ProbeLab lab;
    lab.measure_plans = true;
    lab.wait_for_company = n;
    PlanOptions o;
    o.parallelism = n;
    Diagnostics diags;
    Planned p(things(12), lab, o, diags);
    CHECK(lab.max_in_flight == n);
    std::vector<std::string> want;
    for (int i = 0; i < 12; ++i) want.push_back("probe_thing.t[" + std::to_string(i) + "]");
    CHECK(addresses(p.plan) == want);
  }
}

TEST_CASE("a plan waits for a dependency's call, and max_parallel caps a provider's calls") {
  ProbeLab lab;
  lab.measure_plans = true;
  lab.wait_for_company = 2 + 3;  // the capped provider's 2 and the free one's 3
  PlanOptions o;
  o.parallelism = 8;
  Diagnostics diags;
  Planned p(kCappedAndFree + R"(
resource "probe_thing" "c" {
  provider = probe.capped
  count    = 6
  name     = "c${count.index}"
}
resource "probe_thing" "f" {
  provider = probe.free
  count    = 3
  name     = "f${count.index}"
}
resource "probe_thing" "after" {
  provider = probe.free
  name     = join(",", probe_thing.c[*].name)
}
)",
            lab, o, diags);
  CHECK(lab.max_per["capped"] == 2);
  CHECK(lab.max_per["free"] == 3);
  CHECK(lab.max_in_flight == 5);
  REQUIRE(p.plan.changes.size() == 10);
  auto after = std::find_if(p.plan.changes.begin(), p.plan.changes.end(), [](const auto& ch) {
    return ch.addr.to_string() == "probe_thing.after";
  });
  REQUIRE(after != p.plan.changes.end());
  CHECK(after->after.get("name")->as_string() == "c0,c1,c2,c3,c4,c5");
}

TEST_CASE("after Ctrl-C an apply starts no step and says it was interrupted") {
  ProbeLab lab;
  std::atomic<bool> stop{true};
  ApplyOptions o;
  o.interrupted = &stop;
  Diagnostics diags;
  ApplySummary s = apply(things(3), lab, o, diags);
  CHECK(s.interrupted);
  CHECK_FALSE(s.ok());
  CHECK(s.added == 0);
  CHECK(s.failed.empty());
  CHECK(lab.log.empty());
}

TEST_CASE(
    "an unchanged object whose resource names another provider configuration is recorded "
    "with it") {
  ProbeLab lab;
  Diagnostics diags;
  State prior = State::fresh();
  InstanceAddr x = *parse_instance("probe_thing.x", nullptr);
  prior.set(record_of(x, ProviderAddr{{}, "probe", "old"},
                      Value::object({{"name", Value::string("x")}, {"id", Value::string("id-x")}}),
                      {}));
  Planned p(R"(
provider "probe" "new" { label = "new" }
resource "probe_thing" "x" {
  provider = probe.new
  name     = "x"
}
)",
            lab, PlanOptions{}, diags, prior);
  REQUIRE(p.plan.changes.size() == 1);
  CHECK(p.plan.changes[0].action == Action::NoOp);
  MemoryBackend backend;
  apply_plan(p.cfg, p.plan, p.state, backend, *p.providers, ApplyOptions{}, diags);
  REQUIRE(!diags.has_errors());
  REQUIRE(p.state.find(x));
  CHECK(p.state.find(x)->provider.alias == "new");
}
