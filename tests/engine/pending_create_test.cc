// Creates a killed run began (the state's pending_operations): the planner reads each object by
// its intent; one that exists is fedplan's, so plans keep, update or delete it and destroy
// deletes it; one that is gone drops its intent. With local files, which are easy to look at.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "engine/plan/plan_file.h"
#include "engine/plan/saved_plan.h"
#include "providers/builtin/builtin.h"
#include "state/instance_value.h"
#include "state/state_json.h"
#include "tests/engine/testing/engine_rig.h"

using namespace fedplan;
namespace fs = std::filesystem;

namespace {

const char* kWanted = R"(
resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "made by fedplan\n"
}
)";

// A run killed after local_file.f's create call and before the write of its result: the file
// exists, and the state holds only the create's intent (what it planned, unknowns null).
struct KilledCreate : fedplan::testing::EngineRig {
  InstanceAddr f = *parse_instance("local_file.f", nullptr);

  KilledCreate() {
    add_builtin_providers(registry);
    write(kWanted);
    REQUIRE(apply().ok());
    State s = state();
    InstanceState intent = s.instances.at(f);
    s.instances.erase(f);
    Value planned = value_of(intent);
    ValueMap attrs = planned.attributes();
    attrs["id"] = attrs["content_sha256"] = Value();  // known only after the create
    s.pending[f] = record_of(f, intent.provider, Value::object(attrs), {});
    Diagnostics d;
    REQUIRE(backend.write(s, d));
  }

  bool file_exists() { return fs::exists(dir / "f.txt"); }

  const Drift* found(const Plan& p) {
    for (const Drift& d : p.drift)
      if (d.addr == f) return &d;
    return nullptr;
  }

  Action action_of(const Plan& p) {
    for (const ResourceChange& c : p.changes)
      if (c.addr == f) return c.action;
    FAIL("no change for local_file.f");
    return Action::NoOp;
  }
};

PlanOptions destroying() {
  PlanOptions o;
  o.destroy = true;
  return o;
}

}  // namespace

TEST_CASE("destroy deletes an object a killed run created and left pending") {
  KilledCreate r;
  REQUIRE(r.file_exists());
  Plan p = r.plan(destroying());
  REQUIRE(!r.diags.has_errors());
  const Drift* d = r.found(p);
  REQUIRE(d);
  CHECK(d->pending);
  CHECK(!d->live.is_null());
  CHECK(r.action_of(p) == Action::Delete);
  CHECK(render_plan(p, RenderFormat::Text, RenderOptions{})
            .find("# local_file.f was made by a killed run, and fedplan now manages it") !=
        std::string::npos);
  CHECK(r.apply(destroying()).ok());
  CHECK(!r.file_exists());
  State after = r.state();
  CHECK(after.pending.empty());
  CHECK(after.instances.empty());
}

TEST_CASE("a plan drops the intent of a killed create whose object is gone") {
  KilledCreate r;
  fs::remove(r.dir / "f.txt");
  r.write("");
  Plan p = r.plan();
  REQUIRE(!r.diags.has_errors());
  const Drift* d = r.found(p);
  REQUIRE(d);
  CHECK(d->pending);
  CHECK(d->live.is_null());
  CHECK(p.changes.empty());
  CHECK(render_plan(p, RenderFormat::Text, RenderOptions{})
            .find("# local_file.f was not made by the killed run that began creating it") !=
        std::string::npos);
  CHECK(r.apply().ok());
  CHECK(r.state().pending.empty());
}

TEST_CASE("a plan that still wants a killed run's object keeps it, one that does not deletes it") {
  KilledCreate r;
  Plan p = r.plan();
  REQUIRE(!r.diags.has_errors());
  CHECK(r.action_of(p) == Action::NoOp);
  CHECK(r.apply().ok());
  State kept = r.state();
  CHECK(kept.pending.empty());
  CHECK(kept.instances.count(r.f) == 1);

  KilledCreate gone;
  gone.write("");
  CHECK(gone.action_of(gone.plan()) == Action::Delete);
  CHECK(gone.apply().ok());
  CHECK(!gone.file_exists());
  CHECK(gone.state().pending.empty());
}

TEST_CASE("a pending create is read even when the plan does not refresh") {
  KilledCreate r;
  PlanOptions no_refresh;
  no_refresh.refresh = false;
  no_refresh.destroy = true;
  Plan p = r.plan(no_refresh);
  REQUIRE(r.found(p));
  CHECK(r.action_of(p) == Action::Delete);
}

TEST_CASE("a saved plan's adoption of a pending create is checked like drift") {
  KilledCreate r;
  LoadedConfig cfg;
  REQUIRE(r.load(cfg));
  ProviderSet providers(r.registry);
  State s = r.state();
  Plan p = make_plan(cfg, s, state_digest(s), providers, destroying(), {}, r.diags);
  REQUIRE(r.found(p));
  LoadedConfig check;
  Diagnostics d;
  CHECK(load_saved_plan(p, s, r.registry, {}, check, d));
  // Another file than the one the intent names.
  Value elsewhere = Value::object({{"filename", Value::string("/etc/victim")}});
  for (Drift& x : p.drift) x.live = elsewhere;
  p.changes.at(0).before = elsewhere;
  LoadedConfig check2;
  CHECK(!load_saved_plan(p, s, r.registry, {}, check2, d));
  CHECK(d.items.back().detail.find("drift[0].live: names another object") != std::string::npos);
}

namespace {

// id_thing: read by an id only its create returns (as Octavia's objects are), so the read of an
// intent, which has no id, finds nothing; read_pending finds the object by its name instead.
class IdProvider : public Provider {
 public:
  explicit IdProvider(std::set<std::string>* names) : names_(names) {
    schema_.config.type = "id";
    schema_.resources.push_back(ResourceSchema{
        .type = "id_thing",
        .attributes = {
            {.name = "name", .type = Type::string(), .required = true},
            {.name = "id", .type = Type::string(), .computed = true, .read_only = true}}});
  }
  const ProviderSchema& schema() const override { return schema_; }
  Diagnostics configure(const Value&) override { return {}; }
  PlanResult plan_change(const PlanRequest& req) override {
    PlanResult r;
    if (!req.config.is_null())
      r.planned = req.prior.is_null() ? Value::object({{"name", *req.config.get("name")},
                                                       {"id", Value::unknown(ValueKind::String)}})
                                      : req.prior;
    return r;
  }
  ApplyResult apply(const ApplyRequest& req) override {
    if (req.planned.is_null()) names_->erase(req.prior.get("name")->as_string());
    return {};
  }
  ReadResult read(const std::string&, const Value& state) override {
    const Value* id = state.get("id");
    bool found = id && !id->is_null() && names_->count(state.get("name")->as_string());
    return {found ? state : Value(), {}};
  }
  ReadResult read_pending(const std::string&, const Value& intent) override {
    std::string name = intent.get("name")->as_string();
    if (!names_->count(name)) return {};
    return {Value::object({{"name", Value::string(name)}, {"id", Value::string("id-" + name)}}),
            {}};
  }
  ReadResult read_data(const std::string&, const Value&) override { return {}; }

 private:
  std::set<std::string>* names_;
  ProviderSchema schema_;
};

}  // namespace

TEST_CASE("a pending create is read with read_pending, which finds what read by id cannot") {
  fedplan::testing::EngineRig r;
  std::set<std::string> names = {"made"};  // the killed run's create went through
  r.registry.add("id", [&names] { return std::make_unique<IdProvider>(&names); });
  r.write(R"(resource "id_thing" "a" { name = "made" })");
  State s = State::fresh();
  InstanceAddr a = *parse_instance("id_thing.a", nullptr);
  s.pending[a] = record_of(a, *parse_provider("id", nullptr),
                           Value::object({{"name", Value::string("made")}, {"id", Value()}}), {});
  Diagnostics d;
  REQUIRE(r.backend.write(s, d));
  CHECK(r.apply(destroying()).ok());
  CHECK(names.empty());
  CHECK(r.state().pending.empty());
}
