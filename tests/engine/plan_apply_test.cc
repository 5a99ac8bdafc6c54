// End-to-end engine tests over the offline null and local providers: each action and
// reason, ordering, prevent_destroy, targets, drift, outputs, and applying what was planned.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "base/testing/files.h"
#include "providers/builtin/builtin.h"
#include "tests/engine/testing/engine_rig.h"

using namespace fedplan;

namespace {

// The rig with the offline providers, and the plan as lines to compare.
struct Engine : fedplan::testing::EngineRig {
  Engine() { add_builtin_providers(registry); }

  // "ADDR action reason" lines of the changes that do something.
  static std::vector<std::string> actions(const Plan& p) {
    std::vector<std::string> out;
    for (const ResourceChange& c : p.changes) {
      if (c.action == Action::NoOp) continue;
      std::string line = c.addr.to_string() + " " + action_name(c.action);
      if (c.reason != ActionReason::None) line += std::string(" ") + action_reason_name(c.reason);
      out.push_back(line);
    }
    return out;
  }
};

}  // namespace

TEST_CASE("create, then a second plan has no changes, then update and replace") {
  Engine e;
  e.write(R"(
resource "null_resource" "a" {
  triggers = { v = "1" }
  input    = "x"
}
resource "null_resource" "b" { input = null_resource.a.id }
)");
  Plan first = e.plan();
  CHECK(Engine::actions(first) ==
        std::vector<std::string>{"null_resource.a create", "null_resource.b create"});
  CHECK(first.counts().add == 2);
  ApplySummary s = e.apply();
  CHECK(s.ok());
  CHECK(s.added == 2);
  CHECK(e.state().instances.size() == 2);
  CHECK_FALSE(e.plan().has_changes());

  e.write(R"(
resource "null_resource" "a" {
  triggers = { v = "1" }
  input    = "y"
}
resource "null_resource" "b" { input = null_resource.a.id }
)");
  CHECK(Engine::actions(e.plan()) == std::vector<std::string>{"null_resource.a update"});
  CHECK(e.apply().changed == 1);

  e.write(R"(
resource "null_resource" "a" {
  triggers = { v = "2" }
  input    = "y"
}
resource "null_resource" "b" { input = null_resource.a.id }
)");
  Plan replace = e.plan();
  // a is replaced because a trigger changed; b's input becomes unknown, so b updates.
  CHECK(Engine::actions(replace) ==
        std::vector<std::string>{"null_resource.a delete-create replace_because_cannot_update",
                                 "null_resource.b update"});
  REQUIRE(replace.changes[0].replace_paths.size() == 1);
  std::string old_id = e.state().find(replace.changes[0].addr)->attributes["id"];
  CHECK(e.apply().ok());
  State after = e.state();
  std::string new_id = after.find(replace.changes[0].addr)->attributes["id"];
  CHECK(new_id != old_id);
  std::string err;
  CHECK(after.find(*parse_instance("null_resource.b", &err))->attributes["input"] == new_id);
  CHECK(e.diags.items.empty());
}

TEST_CASE("removed blocks, keys and indexes are deleted with their reasons, in reverse order") {
  Engine e;
  e.write(R"(
resource "null_resource" "base" {}
resource "null_resource" "each" {
  for_each = toset(["a", "b"])
  input    = null_resource.base.id
}
resource "null_resource" "n" { count = 2 }
)");
  REQUIRE(e.apply().ok());
  e.write(R"(
resource "null_resource" "each" {
  for_each = toset(["a"])
}
resource "null_resource" "n" { count = 1 }
)");
  std::vector<std::string> got = Engine::actions(e.plan());
  CHECK(got ==
        std::vector<std::string>{"null_resource.each[\"a\"] update",
                                 "null_resource.each[\"b\"] delete delete_because_each_key",
                                 "null_resource.base delete delete_because_no_resource_config",
                                 "null_resource.n[1] delete delete_because_count_index"});
  CHECK(e.apply().ok());
  CHECK(e.state().instances.size() == 2);
}

TEST_CASE("prevent_destroy stops a plan that would delete, naming the address") {
  Engine e;
  e.write(R"(
resource "null_resource" "keep" {
  lifecycle {
    prevent_destroy = true
  }
}
)");
  REQUIRE(e.apply().ok());
  PlanOptions destroy;
  destroy.destroy = true;
  e.plan(destroy);
  REQUIRE(e.diags.has_errors());
  CHECK(e.diags.items[0].summary == "Instance cannot be destroyed");
  CHECK(e.diags.items[0].address == "null_resource.keep");
}

TEST_CASE("-target plans only the target and what it depends on, -replace forces one") {
  Engine e;
  e.write(R"(
resource "null_resource" "dep" {}
resource "null_resource" "target" { input = null_resource.dep.id }
resource "null_resource" "other" {}
)");
  PlanOptions t;
  std::string err;
  t.targets.push_back(*parse_target("null_resource.target", &err));
  Plan p = e.plan(t);
  CHECK(Engine::actions(p) ==
        std::vector<std::string>{"null_resource.dep create", "null_resource.target create"});
  CHECK_FALSE(p.complete);
  REQUIRE(e.apply().ok());
  PlanOptions r;
  r.replace.push_back(*parse_instance("null_resource.other", &err));
  CHECK(Engine::actions(e.plan(r)) ==
        std::vector<std::string>{"null_resource.other delete-create replace_by_request"});
}

TEST_CASE("a file changed outside fedplan is drift and is replaced, destroy removes files") {
  Engine e;
  e.write(R"(
resource "local_file" "f" {
  filename = "${path.module}/out/f.txt"
  content  = "hello"
}
output "name" { value = local_file.f.filename }
)");
  REQUIRE(e.apply().ok());
  std::string path = e.dir / "out/f.txt";
  CHECK(fedplan::testing::read_text(path) == "hello");
  CHECK(e.state().outputs.count("name"));
  std::ofstream(path) << "changed by hand";
  Plan p = e.plan();
  REQUIRE(p.drift.size() == 1);
  CHECK(p.drift[0].addr.to_string() == "local_file.f");
  CHECK(Engine::actions(p) ==
        std::vector<std::string>{"local_file.f delete-create replace_because_cannot_update"});
  REQUIRE(e.apply().ok());
  CHECK(fedplan::testing::read_text(path) == "hello");
  PlanOptions destroy;
  destroy.destroy = true;
  REQUIRE(e.apply(destroy).ok());
  CHECK_FALSE(std::ifstream(path).good());
  CHECK(e.state().instances.empty());
  CHECK(e.state().outputs.empty());
}

TEST_CASE("a failure skips only what depends on it and the rest is applied and recorded") {
  Engine e;
  e.write(R"(
resource "local_file" "bad" {
  filename = "/proc/fedplan-cannot-write-here/x"
  content  = "x"
}
resource "null_resource" "needs_bad" { input = local_file.bad.id }
resource "null_resource" "independent" {}
)");
  ApplySummary s = e.apply();
  CHECK_FALSE(s.ok());
  CHECK(s.failed == std::vector<std::string>{"local_file.bad"});
  CHECK(s.skipped == std::vector<std::string>{"null_resource.needs_bad"});
  std::string err;
  CHECK(e.state().find(*parse_instance("null_resource.independent", &err)));
  CHECK_FALSE(e.state().find(*parse_instance("null_resource.needs_bad", &err)));
}

TEST_CASE("sensitive inputs stay marked in the plan and are recorded as sensitive paths") {
  Engine e;
  e.write(R"(
variable "token" {
  default   = "s3cret"
  sensitive = true
}
resource "null_resource" "s" { input = var.token }
)");
  Plan p = e.plan();
  REQUIRE(p.changes.size() == 1);
  CHECK(p.changes[0].after.get("input")->sensitive());
  REQUIRE(e.apply().ok());
  std::string err;
  State st = e.state();
  const InstanceState* rec = st.find(*parse_instance("null_resource.s", &err));
  REQUIRE(rec);
  CHECK(rec->sensitive_paths.dump().find("input") != std::string::npos);
}

TEST_CASE("consistent_with_plan accepts values that fill unknowns and rejects changed ones") {
  Value saved = Value::object({{"a", Value::string("x")}, {"id", Value::unknown()}});
  CHECK(consistent_with_plan(
      saved, Value::object({{"a", Value::string("x")}, {"id", Value::string("1")}})));
  CHECK_FALSE(consistent_with_plan(
      saved, Value::object({{"a", Value::string("y")}, {"id", Value::string("1")}})));
}
