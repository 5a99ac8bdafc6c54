// End-to-end engine tests of the refactoring blocks and -refresh-only over the offline null
// and local providers: moved, removed and import blocks planned, rendered, saved and applied.
#include <doctest/doctest.h>

#include <fstream>

#include "base/testing/files.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/saved_plan.h"
#include "providers/builtin/builtin.h"
#include "tests/engine/testing/engine_rig.h"

using namespace fedplan;

namespace doctest {
// Lists of addresses printed in full when a check fails.
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& v) {
    std::string out = "{";
    for (const std::string& s : v) out += "\n  " + s;
    return (out + "\n}").c_str();
  }
};
}  // namespace doctest

namespace {

struct RefactorEngine : fedplan::testing::EngineRig {
  RefactorEngine() { add_builtin_providers(registry); }

  // "ADDR action [from PREV] [importing ID]" for every change that shows.
  static std::vector<std::string> lines(const Plan& p) {
    std::vector<std::string> out;
    for (const ResourceChange& c : p.changes) {
      if (c.action == Action::NoOp && !c.previous_addr && !c.importing) continue;
      std::string line = c.addr.to_string() + " " + action_name(c.action);
      if (c.previous_addr) line += " from " + c.previous_addr->to_string();
      if (c.importing) line += " importing " + *c.importing;
      out.push_back(line);
    }
    return out;
  }

  std::vector<std::string> addresses() {
    std::vector<std::string> out;
    for (const auto& [addr, _] : state().instances) out.push_back(addr.to_string());
    return out;
  }

  // What the saved-plan check says of `p` saved and read back, against the state now.
  std::string saved_check(const Plan& p) {
    LoadedConfig cfg;
    REQUIRE(load(cfg));
    std::string err;
    std::optional<Plan> back = decode_plan(encode_plan(p), &err);
    REQUIRE_MESSAGE(back, err);
    return check_saved_changes(*back, cfg, state(), registry);
  }

  // The summaries of the plan's errors, one a line.
  std::string errors() {
    std::string out;
    for (const Diagnostic& d : diags.items)
      if (d.severity == Severity::Error) out += d.summary + "\n";
    return out;
  }
};

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("a moved block renames a resource, the plan shows it and apply rewrites the state") {
  RefactorEngine e;
  e.write(R"(
resource "null_resource" "a" { input = "x" }
resource "null_resource" "user" { input = null_resource.a.id }
)");
  REQUIRE(e.apply().ok());
  e.write(R"(
resource "null_resource" "b" { input = "x" }
resource "null_resource" "user" { input = null_resource.b.id }
moved {
  from = null_resource.a
  to   = null_resource.b
}
)");
  Plan p = e.plan();
  CHECK(e.errors() == "");
  CHECK(RefactorEngine::lines(p) == Lines{"null_resource.b no-op from null_resource.a"});
  CHECK(p.has_changes());  // a plan that only moves is not empty
  std::string text = render_text(p, RenderOptions{});
  CHECK(text.find("# null_resource.a has moved to null_resource.b") != std::string::npos);
  std::string json = render_json(p, RenderOptions{});
  CHECK(json.find("\"previous_address\":\"null_resource.a\"") != std::string::npos);
  // A saved plan keeps the move.
  std::string err;
  std::optional<Plan> back = decode_plan(encode_plan(p), &err);
  REQUIRE_MESSAGE(back, err);
  CHECK(RefactorEngine::lines(*back) == RefactorEngine::lines(p));
  CHECK(e.saved_check(p) == "");
  Plan edited = p;
  for (ResourceChange& c : edited.changes) c.previous_addr.reset();
  CHECK(e.saved_check(edited).find("previous_address: the moved blocks move") != std::string::npos);

  std::string id_before =
      e.state().find(*parse_instance("null_resource.a", &err))->attributes["id"];
  REQUIRE(e.apply().ok());
  CHECK(e.addresses() == Lines{"null_resource.b", "null_resource.user"});
  CHECK(e.state().find(*parse_instance("null_resource.b", &err))->attributes["id"] == id_before);
  // The block stays in the configuration; the next plan finds nothing to move.
  Plan again = e.plan();
  CHECK(e.errors() == "");
  CHECK_FALSE(again.has_changes());
}

TEST_CASE("moves between instance keys, into a module, chained, and with an update") {
  RefactorEngine e;
  e.dir.write("mod/main.fed.hcl", "resource \"null_resource\" \"inner\" { input = \"m\" }\n");
  e.write(R"(
resource "null_resource" "list" {
  count = 2
  input = "i${count.index}"
}
resource "null_resource" "single" { input = "m" }
resource "null_resource" "first" { input = "c" }
)");
  REQUIRE(e.apply().ok());
  e.write(R"(
resource "null_resource" "list" {
  for_each = { a = 0, b = 1 }
  input    = "i${each.value}"
}
module "m" { source = "./mod" }
resource "null_resource" "third" { input = "changed" }
moved {
  from = null_resource.list[0]
  to   = null_resource.list["a"]
}
moved {
  from = null_resource.list[1]
  to   = null_resource.list["b"]
}
moved {
  from = null_resource.single
  to   = module.m.null_resource.inner
}
moved {
  from = null_resource.second
  to   = null_resource.third
}
moved {
  from = null_resource.first
  to   = null_resource.second
}
)");
  Plan p = e.plan();
  CHECK(e.errors() == "");
  CHECK(RefactorEngine::lines(p) ==
        Lines{"null_resource.list[\"a\"] no-op from null_resource.list[0]",
              "null_resource.list[\"b\"] no-op from null_resource.list[1]",
              "null_resource.third update from null_resource.first",
              "module.m.null_resource.inner no-op from null_resource.single"});
  CHECK(render_text(p, RenderOptions{}).find("# (moved from null_resource.first)") !=
        std::string::npos);
  REQUIRE(e.apply().ok());
  CHECK(e.addresses() == Lines{"null_resource.list[\"a\"]", "null_resource.list[\"b\"]",
                               "null_resource.third", "module.m.null_resource.inner"});
  CHECK_FALSE(e.plan().has_changes());
}

TEST_CASE("moved blocks that cycle, conflict, land on an object or leave one configured fail") {
  RefactorEngine e;
  e.write(R"(
resource "null_resource" "a" { input = "x" }
resource "null_resource" "b" { input = "y" }
)");
  REQUIRE(e.apply().ok());
  e.write(R"(
moved {
  from = null_resource.a
  to   = null_resource.b
}
moved {
  from = null_resource.b
  to   = null_resource.a
}
)");
  e.plan();
  CHECK(e.errors() == "Cyclic dependency in move statements\n");
  e.diags = {};
  e.write(R"(
resource "null_resource" "c" { input = "x" }
resource "null_resource" "d" { input = "x" }
moved {
  from = null_resource.a
  to   = null_resource.c
}
moved {
  from = null_resource.a
  to   = null_resource.d
}
)");
  e.plan();
  CHECK(e.errors() == "Ambiguous move statements\n");
  e.diags = {};
  e.write(R"(
resource "null_resource" "b" { input = "y" }
moved {
  from = null_resource.a
  to   = null_resource.b
}
)");
  e.plan();
  CHECK(e.errors() == "Cannot move onto an existing object\n");
  e.diags = {};
  e.write(R"(
resource "null_resource" "a" { input = "x" }
resource "null_resource" "c" { input = "y" }
moved {
  from = null_resource.a
  to   = null_resource.c
}
)");
  e.plan();
  CHECK(e.errors() == "Moved object still exists\n");
}

TEST_CASE("a removed block forgets without destroying, or destroys, and not what is configured") {
  RefactorEngine e;
  e.write(R"(
resource "local_file" "keep" {
  filename = "${path.module}/keep.txt"
  content  = "k"
}
resource "local_file" "drop" {
  filename = "${path.module}/drop.txt"
  content  = "d"
}
)");
  REQUIRE(e.apply().ok());
  e.write(R"(
removed {
  from = local_file.keep
  lifecycle {
    destroy = false
  }
}
removed {
  from = local_file.drop
  lifecycle {
    destroy = true
  }
}
)");
  Plan p = e.plan();
  CHECK(e.errors() == "");
  CHECK(RefactorEngine::lines(p) == Lines{"local_file.drop delete", "local_file.keep forget"});
  CHECK(p.counts().forget == 1);
  CHECK(e.saved_check(p) == "");
  CHECK(p.counts().destroy == 1);
  std::string text = render_text(p, RenderOptions{});
  CHECK(text.find("# local_file.keep will no longer be managed by fedplan") != std::string::npos);
  CHECK(text.find("Plan: 0 to add, 0 to change, 1 to destroy, 1 to forget.") != std::string::npos);
  CHECK(render_json(p, RenderOptions{}).find("\"actions\":[\"forget\"]") != std::string::npos);
  REQUIRE(e.apply().ok());
  CHECK(e.state().instances.empty());
  CHECK(fedplan::testing::read_text(e.dir / "keep.txt") == "k");  // still there
  CHECK_FALSE(std::ifstream(e.dir / "drop.txt").good());

  e.write(R"(
resource "local_file" "keep" {
  filename = "${path.module}/keep.txt"
  content  = "k"
}
removed {
  from = local_file.keep
  lifecycle {
    destroy = false
  }
}
)");
  e.plan();
  CHECK(e.errors() == "Removed resource still exists\n");
}

TEST_CASE("an import block adopts an object at plan, apply records it, and again is a no-op") {
  RefactorEngine e;
  std::string path = e.dir.write("existing.txt", "made by hand");
  e.write(R"(
resource "local_file" "f" {
  filename = "${path.module}/existing.txt"
  content  = "made by hand"
}
resource "null_resource" "n" { input = "v" }
import {
  to = local_file.f
  id = "${path.module}/existing.txt"
}
import {
  to = null_resource.n
  id = "n-1"
}
)");
  Plan p = e.plan();
  CHECK(e.errors() == "");
  CHECK(RefactorEngine::lines(p) ==
        Lines{"local_file.f no-op importing " + path, "null_resource.n update importing n-1"});
  CHECK(p.counts().import == 2);
  std::string text = render_text(p, RenderOptions{});
  CHECK(text.find("# local_file.f will be imported") != std::string::npos);
  CHECK(text.find("# null_resource.n will be updated in-place") != std::string::npos);
  CHECK(text.find("# (imported from \"n-1\")") != std::string::npos);
  CHECK(text.find("Plan: 2 to import, 0 to add, 1 to change, 0 to destroy.") != std::string::npos);
  CHECK(render_json(p, RenderOptions{}).find("\"importing\":{\"id\":\"n-1\"}") !=
        std::string::npos);
  std::string err;
  std::optional<Plan> back = decode_plan(encode_plan(p), &err);
  REQUIRE_MESSAGE(back, err);
  CHECK(RefactorEngine::lines(*back) == RefactorEngine::lines(p));
  CHECK(e.saved_check(p) == "");

  ApplySummary applied = e.apply();
  REQUIRE(applied.ok());
  CHECK(applied.imported == 2);  // "Apply complete! Resources: 2 imported, ..."
  CHECK(applied.changed == 1);
  CHECK(e.addresses() == Lines{"local_file.f", "null_resource.n"});
  CHECK(e.state().find(*parse_instance("null_resource.n", &err))->attributes["id"] == "n-1");
  Plan again = e.plan();
  CHECK(e.errors() == "");
  CHECK_FALSE(again.has_changes());

  // Another object for an address the state records is an error.
  e.write(R"(
resource "null_resource" "n" { input = "v" }
import {
  to = null_resource.n
  id = "n-2"
}
)");
  e.plan();
  CHECK(e.errors() == "Import target already managed\n");
  e.diags = {};
  e.write(R"(
resource "null_resource" "n" { input = "v" }
import {
  to = null_resource.m
  id = "n-2"
}
)");
  e.plan();
  CHECK(e.errors() == "Configuration for import target does not exist\n");
}

TEST_CASE("an import block names one instance of a provider block with for_each") {
  RefactorEngine e;
  std::string path = e.dir.write("a.txt", "hi\n");
  std::string config = R"(
provider "local" "n" {
  for_each = toset(["a", "b"])
}
resource "local_file" "r" {
  for_each = toset(["a"])
  provider = local.n[each.key]
  filename = "${path.module}/${each.key}.txt"
  content  = "hi\n"
}
import {
  for_each = toset(["a"])
  to       = local_file.r[each.key]
  id       = "${path.module}/${each.key}.txt"
  provider = PROVIDER
}
)";
  auto with = [&](const std::string& provider) {
    std::string c = config;
    c.replace(c.find("PROVIDER"), 8, provider);
    return c;
  };
  e.write(with("local.n[each.key]"));
  Plan p = e.plan();
  CHECK(e.errors() == "");
  CHECK(RefactorEngine::lines(p) == Lines{"local_file.r[\"a\"] no-op importing " + path});

  e.diags = {};
  e.write(with("local.n[\"b\"]"));
  e.plan();
  CHECK(e.errors() == "Import provider mismatch\n");
  CHECK(e.diags.items.at(0).detail.find("names provider local.n[\"b\"], but "
                                        "local_file.r[\"a\"] is managed by "
                                        "provider[local.n[\"a\"]]") != std::string::npos);

  e.diags = {};
  e.write(with("local.n"));
  e.plan();
  CHECK(e.errors() == "Import provider mismatch\n");

  e.diags = {};
  e.write(with("local.n[{}]"));
  e.plan();
  CHECK(e.errors() == "Invalid provider reference\n");
}

TEST_CASE("-refresh-only shows the drift without changes and its apply records the drift") {
  RefactorEngine e;
  e.write(R"(
resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "hello"
}
resource "null_resource" "n" { input = "a" }
)");
  REQUIRE(e.apply().ok());
  std::ofstream(e.dir / "f.txt") << "changed by hand";
  e.write(R"(
resource "local_file" "f" {
  filename = "${path.module}/f.txt"
  content  = "hello"
}
resource "null_resource" "n" { input = "b" }
resource "null_resource" "new" { input = "c" }
)");
  PlanOptions o;
  o.refresh_only = true;
  Plan p = e.plan(o);
  CHECK(e.errors() == "");
  CHECK(RefactorEngine::lines(p).empty());  // the new input and the new resource wait
  REQUIRE(p.drift.size() == 1);
  CHECK(p.has_changes());
  std::string text = render_text(p, RenderOptions{});
  CHECK(text.find("This is a refresh-only plan") != std::string::npos);
  CHECK(text.find("will perform the following actions") == std::string::npos);
  CHECK(e.saved_check(p) == "");
  REQUIRE(e.apply(o).ok());
  std::string err;
  CHECK(e.state().find(*parse_instance("local_file.f", &err))->attributes["content"] ==
        "changed by hand");
  CHECK(e.state().find(*parse_instance("null_resource.n", &err))->attributes["input"] == "a");
  CHECK(fedplan::testing::read_text(e.dir / "f.txt") == "changed by hand");
  Plan none = e.plan(o);
  CHECK_FALSE(none.has_changes());
  CHECK(render_text(none, RenderOptions{}).find("still matches") != std::string::npos);
}
