// Tests of what failed steps leave behind: a create_before_destroy replacement whose old object
// cannot be deleted keeps it as deposed (the next plan deletes it); a create that fails after
// making its object leaves it tainted (the next plan replaces it); a failed update does not.
#include <doctest/doctest.h>

#include <set>

#include "engine/plan/plan_file.h"
#include "tests/engine/testing/engine_rig.h"

using namespace fedplan;

namespace {

// What exists "remotely" for the stub provider, and which objects refuse to be deleted.
struct Remote {
  std::mutex mu;
  std::set<std::string> objects;  // by name
  std::set<std::string> stuck;    // deletes of these fail
  std::set<std::string> broken;   // creates and updates of these make the object, then fail
};

// stub_thing: `name` (changing it forces replacement), `note` (updated in place), `id` =
// "id-NAME". Objects live in a Remote; deleting a stuck one fails, making a broken one fails
// after it exists (like a wait that times out).
class StubProvider : public Provider {
 public:
  explicit StubProvider(Remote* remote) : remote_(remote) {
    schema_.config.type = "stub";
    ResourceSchema r;
    r.type = "stub_thing";
    r.attributes = {{.name = "name", .type = Type::string(), .required = true, .force_new = true},
                    {.name = "note", .type = Type::string()},
                    {.name = "id", .type = Type::string(), .computed = true, .read_only = true}};
    schema_.resources = {r};
  }
  const ProviderSchema& schema() const override { return schema_; }
  Diagnostics configure(const Value&) override { return {}; }
  PlanResult plan_change(const PlanRequest& req) override {
    PlanResult r;
    if (req.config.is_null()) return r;
    const Value& name = *req.config.get("name");
    const Value* note = req.config.get("note");
    r.planned = Value::object({{"name", name},
                               {"note", note ? *note : Value()},
                               {"id", name.known() ? Value::string("id-" + name.as_string())
                                                   : Value::unknown(ValueKind::String)}});
    if (!req.prior.is_null() && req.prior.get("name")->as_string() != name.as_string())
      r.requires_replace.push_back({PathStep::attr("name")});
    return r;
  }
  ApplyResult apply(const ApplyRequest& req) override {
    ApplyResult r;
    std::lock_guard<std::mutex> lock(remote_->mu);
    if (req.planned.is_null()) {
      std::string name = req.prior.get("name")->as_string();
      if (remote_->stuck.count(name)) {
        r.state = req.prior;
        r.diags.error("Cannot delete " + name, "It is stuck.");
        return r;
      }
      remote_->objects.erase(name);
      return r;
    }
    std::string name = req.planned.get("name")->as_string();
    remote_->objects.insert(name);
    r.state = req.planned;
    if (remote_->broken.count(name)) r.diags.error("Not ready: " + name, "It never settled.");
    return r;
  }
  ReadResult read(const std::string&, const Value& state) override { return {state, {}}; }
  ReadResult read_data(const std::string&, const Value&) override { return {}; }

 private:
  Remote* remote_;
  ProviderSchema schema_;
};

// The rig with the stub provider and its remote; its plans must have no errors.
struct Rig : fedplan::testing::EngineRig {
  Remote remote;

  Rig() {
    registry.add("stub", [this] { return std::make_unique<StubProvider>(&remote); });
  }
  void config(const std::string& name, const std::string& note = "") {
    write("resource \"stub_thing\" \"x\" {\n  name = \"" + name + "\"\n  note = \"" + note +
          "\"\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n");
  }
  Plan plan(PlanOptions options = {}) {
    Plan p = EngineRig::plan(options);
    REQUIRE_MESSAGE(!diags.has_errors(), render_diagnostics(diags, nullptr));
    return p;
  }
};

}  // namespace

TEST_CASE("a create_before_destroy whose old object cannot be deleted keeps it as deposed") {
  Rig r;
  r.config("old");
  REQUIRE(r.apply().ok());
  r.remote.stuck.insert("old");
  r.config("new");
  Plan p = r.plan();
  REQUIRE(p.changes.size() == 1);
  CHECK(p.changes[0].action == Action::CreateThenDelete);
  ApplySummary s = r.apply();
  CHECK_FALSE(s.ok());
  CHECK(s.failed == std::vector<std::string>{"stub_thing.x"});
  CHECK(r.remote.objects == std::set<std::string>{"old", "new"});
  // The new object is the instance's; the old one is tracked as deposed, not lost.
  State st = r.state();
  REQUIRE(st.instances.size() == 1);
  CHECK(st.instances.begin()->second.attributes["name"] == "new");
  REQUIRE(st.deposed.size() == 1);
  const auto& [key, old] = *st.deposed.begin();
  CHECK(key.first.to_string() == "stub_thing.x");
  CHECK(key.second.size() == 8);
  CHECK(old.attributes["name"] == "old");
  std::string diag = render_diagnostics(r.diags, nullptr);
  CHECK(diag.find("stub_thing.x (deposed object " + key.second + ")") != std::string::npos);
  CHECK(diag.find("Cannot delete old") != std::string::npos);

  // The next plan deletes it, and says which object it is.
  r.diags = Diagnostics{};
  Plan next = r.plan();
  REQUIRE(next.changes.size() == 2);
  const ResourceChange& del = next.changes.back();
  CHECK(del.action == Action::Delete);
  CHECK(del.deposed == key.second);
  CHECK(next.counts().destroy == 1);
  std::string text = render_plan(next, RenderFormat::Text, RenderOptions{false});
  CHECK_MESSAGE(text.find("# stub_thing.x (deposed object " + key.second + ") will be destroyed") !=
                    std::string::npos,
                text);
  CHECK(text.find("Plan: 0 to add, 0 to change, 1 to destroy.") != std::string::npos);
  std::string json = render_plan(next, RenderFormat::Json, RenderOptions{false});
  CHECK(json.find("\"deposed\":\"" + key.second + "\"") != std::string::npos);
  std::string md = render_plan(next, RenderFormat::Markdown, RenderOptions{false});
  CHECK(md.find("(deposed object " + key.second + ") will be destroyed") != std::string::npos);
  std::string err;
  std::optional<Plan> saved = decode_plan(encode_plan(next), &err);
  REQUIRE_MESSAGE(saved, err);
  CHECK(saved->changes.back().deposed == key.second);
  CHECK(saved->changes.front().deposed.empty());

  // Still stuck: the delete fails again, and the object stays recorded.
  CHECK_FALSE(r.apply().ok());
  CHECK(r.state().deposed.size() == 1);
  // Unstuck: the apply deletes it and forgets it; then nothing is left to do.
  r.remote.stuck.clear();
  r.diags = Diagnostics{};
  ApplySummary done = r.apply();
  CHECK_MESSAGE(done.ok(), render_diagnostics(r.diags, nullptr));
  CHECK(done.destroyed == 1);
  CHECK(r.remote.objects == std::set<std::string>{"new"});
  CHECK(r.state().deposed.empty());
  CHECK(r.state().instances.size() == 1);
  CHECK_FALSE(r.plan().has_changes());
}

TEST_CASE("a successful create_before_destroy leaves no deposed object") {
  Rig r;
  r.config("a");
  REQUIRE(r.apply().ok());
  r.config("b");
  ApplySummary s = r.apply();
  CHECK(s.ok());
  CHECK(s.added == 1);
  CHECK(s.destroyed == 1);
  CHECK(r.remote.objects == std::set<std::string>{"b"});
  CHECK(r.state().deposed.empty());
}

TEST_CASE("destroy and -target include deposed objects of the addresses they cover") {
  Rig r;
  r.config("old");
  REQUIRE(r.apply().ok());
  r.remote.stuck.insert("old");
  r.config("new");
  CHECK_FALSE(r.apply().ok());
  r.remote.stuck.clear();
  r.diags = Diagnostics{};
  std::string err;
  PlanOptions other;
  other.targets.push_back(*parse_target("stub_thing.y", &err));
  CHECK(r.plan(other).changes.empty());
  PlanOptions destroy;
  destroy.destroy = true;
  Plan p = r.plan(destroy);
  CHECK(p.counts().destroy == 2);
  ApplySummary s = r.apply(destroy);
  CHECK_MESSAGE(s.ok(), render_diagnostics(r.diags, nullptr));
  CHECK(r.remote.objects.empty());
  CHECK(r.state().instances.empty());
  CHECK(r.state().deposed.empty());
}

TEST_CASE("a create that fails after making its object taints it, the next plan replaces it") {
  Rig r;
  r.remote.broken.insert("a");
  r.config("a");
  ApplySummary s = r.apply();
  CHECK_FALSE(s.ok());
  CHECK(s.failed == std::vector<std::string>{"stub_thing.x"});
  State st = r.state();
  REQUIRE(st.instances.size() == 1);
  CHECK(st.instances.begin()->second.tainted);

  r.remote.broken.clear();
  r.diags = Diagnostics{};
  Plan p = r.plan();
  REQUIRE(p.changes.size() == 1);
  CHECK(p.changes[0].action == Action::CreateThenDelete);
  CHECK(p.changes[0].reason == ActionReason::ReplaceBecauseTainted);
  std::string text = render_plan(p, RenderFormat::Text, RenderOptions{false});
  CHECK_MESSAGE(text.find("# stub_thing.x is tainted, so must be replaced") != std::string::npos,
                text);
  std::string json = render_plan(p, RenderFormat::Json, RenderOptions{false});
  CHECK(json.find("\"action_reason\":\"replace_because_tainted\"") != std::string::npos);
  std::string err;
  std::optional<Plan> saved = decode_plan(encode_plan(p), &err);
  REQUIRE_MESSAGE(saved, err);
  CHECK(saved->changes[0].reason == ActionReason::ReplaceBecauseTainted);

  ApplySummary fixed = r.apply();
  CHECK_MESSAGE(fixed.ok(), render_diagnostics(r.diags, nullptr));
  CHECK_FALSE(r.state().instances.begin()->second.tainted);
  CHECK_FALSE(r.plan().has_changes());
}

TEST_CASE("an update that fails records what the provider returned and does not taint") {
  Rig r;
  r.config("a", "one");
  REQUIRE(r.apply().ok());
  r.remote.broken.insert("a");
  r.config("a", "two");
  Plan p = r.plan();
  REQUIRE(p.changes.size() == 1);
  CHECK(p.changes[0].action == Action::Update);
  CHECK_FALSE(r.apply().ok());
  State st = r.state();
  REQUIRE(st.instances.size() == 1);
  CHECK_FALSE(st.instances.begin()->second.tainted);
  CHECK(st.instances.begin()->second.attributes["note"] == "two");
  r.diags = Diagnostics{};
  CHECK_FALSE(r.plan().has_changes());
}
