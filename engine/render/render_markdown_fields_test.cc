// Server-written fields never reach a markdown diff, and the changed-attributes form names
// each changed path once, in order, with `# forces replacement` where it applies.
#include "engine/render/render_markdown_fields.h"

#include <doctest/doctest.h>

#include "engine/render/render.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;

Value export_set(ValueList rules, Value status, const std::string& resource_version) {
  return Obj({{"apiVersion", S("federation.maistra.io/v1")},
              {"kind", S("ExportedServiceSet")},
              {"metadata", Obj({{"name", S("mesh2")},
                                {"namespace", S("mesh1-system")},
                                {"labels", Map({{"app", S("fed")}})},
                                {"resourceVersion", S(resource_version)},
                                {"uid", S("0a1b")},
                                {"generation", N(1)},
                                {"creationTimestamp", S("2026-12-07T12:00:00Z")},
                                {"managedFields", List({Obj({{"manager", S("fedplan")}})})}})},
              {"spec", Obj({{"exportRules", List(std::move(rules))}})},
              {"status", std::move(status)}});
}

Value export_rule(const std::string& name) {
  return Obj({{"type", S("NameSelector")}, {"nameSelector", Obj({{"name", S(name)}})}});
}

Value live_status() {
  return Obj({{"exportedServices",
               List({Obj({{"exportedName", S("ratings.bookinfo.svc.mesh2-exports.local")}})})}});
}

// The update the issue describes: one export added, the live object's status and version
// going to (known after apply).
ResourceChange export_update() {
  Value before =
      Obj({{"manifest", export_set({export_rule("ratings"), export_rule("mongodb")}, Value(), "1")},
           {"object",
            export_set({export_rule("ratings"), export_rule("mongodb")}, live_status(), "1062")}});
  Value after_object = export_set(
      {export_rule("ratings"), export_rule("mongodb"), export_rule("reviews")}, Unknown(), "x");
  ValueMap meta = after_object.get("metadata")->attributes();
  meta["resourceVersion"] = Unknown();
  meta["generation"] = Unknown();
  ValueMap obj = after_object.attributes();
  obj["metadata"] = Value::object(meta);
  Value after =
      Obj({{"manifest",
            export_set({export_rule("ratings"), export_rule("mongodb"), export_rule("reviews")},
                       Value(), "1")},
           {"object", Value::object(obj)}});
  return Change("module.a.kube_object.exports[0]", Action::Update, before, after);
}

TEST_CASE("status and system metadata leave every Kubernetes object in a value") {
  Value v = without_server_fields(Obj(
      {{"object", export_set({export_rule("ratings")}, live_status(), "5")}, {"uid", S("keep")}}));
  const Value* obj = v.get("object");
  REQUIRE(obj != nullptr);
  CHECK(obj->get("status") == nullptr);
  const Value* meta = obj->get("metadata");
  REQUIRE(meta != nullptr);
  for (const char* gone :
       {"resourceVersion", "uid", "generation", "creationTimestamp", "managedFields"})
    CHECK_MESSAGE(meta->get(gone) == nullptr, gone);
  CHECK(meta->get("name") != nullptr);
  CHECK(meta->get("labels") != nullptr);
  CHECK(obj->get("spec") != nullptr);
  // Outside a Kubernetes object (no apiVersion and kind), nothing is touched.
  CHECK(v.get("uid") != nullptr);
  Value plain = Obj({{"status", S("on")}, {"metadata", Obj({{"uid", S("u")}})}});
  CHECK(without_server_fields(plain) == plain);
}

TEST_CASE("a sensitive object is never opened to remove fields") {
  Value secret = export_set({export_rule("a")}, live_status(), "1").mark_sensitive();
  CHECK(without_server_fields(secret) == secret);
}

TEST_CASE("an update's markdown shows the added export, not the live status going away") {
  Plan p = PlanOf({export_update()});
  std::string m = render_markdown(p, RenderOptions{});
  CHECK(m.find("exportedName") == std::string::npos);
  CHECK(m.find("status") == std::string::npos);
  CHECK(m.find("resourceVersion") == std::string::npos);
  CHECK(m.find("generation") == std::string::npos);
  CHECK(m.find("managedFields") == std::string::npos);
  CHECK(m.find("+                           name = \"reviews\"") != std::string::npos);
  // The text format is unchanged: it still shows everything.
  CHECK(render_text(p, RenderOptions{}).find("exportedName") != std::string::npos);
}

TEST_CASE("changed attributes name each changed path, appended elements by their own index") {
  ResourceChange ch = without_server_fields(export_update());
  std::string lines = format_diff_block_lines(changed_attribute_lines(ch));
  CHECK(lines ==
        "  # module.a.kube_object.exports[0] will be updated in-place\n"
        "+   manifest.spec.exportRules[2] = {...}\n"
        "+   object.spec.exportRules[2] = {...}\n");
}

TEST_CASE("changed attributes show short values and mark the paths forcing a replacement") {
  ResourceChange ch =
      Change("kube_object.gw", Action::DeleteThenCreate,
             Obj({{"name", S("gw")}, {"port", N(80)}, {"pem", S("a\nb\n")}, {"pw", Secret("x")}}),
             Obj({{"name", S("gw2")}, {"port", N(80)}, {"pem", S("a\nc\n")}, {"pw", Secret("y")}}),
             ActionReason::ReplaceBecauseCannotUpdate);
  ch.replace_paths = {{PathStep::attr("name")}};
  std::string lines = format_diff_block_lines(changed_attribute_lines(ch));
  CHECK(lines ==
        "  # kube_object.gw must be replaced\n"
        "!   name = \"gw\" -> \"gw2\" # forces replacement\n"
        "!   pem\n"
        "!   pw = (sensitive value)\n");
  CHECK(lines.find("\"y\"") == std::string::npos);
}

TEST_CASE("a create or a delete is its heading alone in the changed-attributes form") {
  ResourceChange del = Change("kube_object.p[\"mesh3\"]", Action::Delete, Obj({{"a", S("1")}}),
                              Value(), ActionReason::DeleteBecauseEachKey);
  CHECK(format_diff_block_lines(changed_attribute_lines(del)) ==
        "  # kube_object.p[\"mesh3\"] will be destroyed\n"
        "  # (because key [\"mesh3\"] is not in for_each map)\n");
}

}  // namespace
}  // namespace fedplan
