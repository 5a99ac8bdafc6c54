// `show PLANFILE` is read_plan_file + a renderer: a saved plan must render exactly as the plan
// did when it was made, in every format, and still without its secrets.
#include <doctest/doctest.h>

#include "base/testing/temp_dir.h"
#include "engine/plan/plan_file.h"
#include "engine/render/render.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;

TEST_CASE("a saved plan renders the same as the plan it was saved from") {
  Value manifest =
      Obj({{"kind", S("ConfigMap")},
           {"metadata",
            Obj({{"name", S("peer-ca")}, {"labels", Map({{"app.kubernetes.io/name", S("x")}})}})},
           {"data", Map({{"root-cert.pem", S("-----BEGIN-----\nabc\n-----END-----\n")},
                         {"token", Secret("hunter2")}})},
           {"ports", List({N(80), N(443)})},
           {"uid", Value::unknown(ValueKind::String)}});
  Value changed =
      Obj({{"kind", S("ConfigMap")},
           {"metadata",
            Obj({{"name", S("peer-ca")}, {"labels", Map({{"app.kubernetes.io/name", S("y")}})}})},
           {"data", Map({{"root-cert.pem", S("-----BEGIN-----\nxyz\n-----END-----\n")},
                         {"token", Secret("hunter3")}})},
           {"ports", Value::set({N(80), N(8443)})},
           {"uid", S("u-1")}});
  ResourceChange rep = Change("kube_object.gw", Action::DeleteThenCreate, changed, manifest,
                              ActionReason::ReplaceBecauseCannotUpdate, "kube.mesh2");
  rep.replace_paths = {{PathStep::attr("metadata"), PathStep::attr("name")}};
  Plan p = PlanOf({Change("kube_object.a", Action::Create, Value(), manifest),
                   Change("module.f.kube_object.b[\"k\"]", Action::Update, changed, manifest),
                   Change("kube_object.c[1]", Action::Delete, manifest, Value(),
                          ActionReason::DeleteBecauseCountIndex),
                   rep});
  p.drift = {Drift{Addr("kube_object.a"), Provider("kube.mesh1"), manifest, changed}};
  p.outputs = {OutputChange{"o", Action::Update, S("a"), S("b"), true}};
  p.variables = {{"pw", Secret("hunter2")}};

  testing::TempDir dir;
  std::string path = dir / "tfplan";
  std::string err;
  REQUIRE_MESSAGE(write_plan_file(path, p, &err), err);
  std::optional<Plan> saved = read_plan_file(path, &err);
  REQUIRE_MESSAGE(saved, err);
  for (RenderFormat f : {RenderFormat::Text, RenderFormat::Markdown, RenderFormat::Json}) {
    std::string made = render_plan(p, f, RenderOptions{});
    std::string shown = render_plan(*saved, f, RenderOptions{});
    CHECK(shown == made);
    CHECK(shown.find("hunter") == std::string::npos);
  }
  CHECK(render_plan(*saved, RenderFormat::Text, RenderOptions{true}) ==
        render_plan(p, RenderFormat::Text, RenderOptions{true}));
}

TEST_CASE("format names") {
  CHECK(parse_render_format("text") == RenderFormat::Text);
  CHECK(parse_render_format("markdown") == RenderFormat::Markdown);
  CHECK(parse_render_format("json") == RenderFormat::Json);
  CHECK_FALSE(parse_render_format("yaml"));
  CHECK_FALSE(parse_render_format("JSON"));
}

}  // namespace
}  // namespace fedplan
