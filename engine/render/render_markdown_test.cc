// The markdown renderer's structure: title and summary first, tables, the deletion warning only
// when something is destroyed or replaced, drift outside the fold, one ```diff block per
// provider configuration inside it.
#include <doctest/doctest.h>

#include "engine/render/render.h"
#include "engine/render/render_markdown.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;

std::string md(const Plan& p) {
  return render_markdown(p, RenderOptions{true});
}

Value Cm(const std::string& name) {
  return Obj({{"name", S(name)}, {"data", S("v")}});
}

Plan mixed() {
  ResourceChange rep = Change("kube_object.gw", Action::DeleteThenCreate, Cm("gw"), Cm("gw2"),
                              ActionReason::ReplaceBecauseCannotUpdate, "kube.mesh2");
  rep.replace_paths = {{PathStep::attr("name")}};
  return PlanOf(
      {Change("kube_object.a", Action::Create, Value(), Cm("a"), ActionReason::None, "kube.mesh1"),
       Change("kube_object.b", Action::Update, Cm("b"), Cm("b2"), ActionReason::None, "kube.mesh1"),
       Change("firewalld_port.gw[\"mesh3\"]", Action::Delete, Cm("p"), Value(),
              ActionReason::DeleteBecauseEachKey, "firewalld.hypervisor"),
       rep});
}

std::string after_title(const std::string& m) {
  size_t end = m.find("\n\n");
  return end == std::string::npos ? "" : m.substr(end + 2);
}

TEST_CASE("the title line names the directory, workspace, backend and fedplan version") {
  MarkdownOptions o;
  o.dir = "examples/libvirt-two-cluster";
  o.workspace = "staging";
  o.backend = "local state file fedplan.state.json";
  std::string m = render_markdown(mixed(), o);
  CHECK(m.rfind("### fedplan plan \u00b7 `examples/libvirt-two-cluster` \u00b7 workspace "
                "`staging` \u00b7 backend `local state file fedplan.state.json` \u00b7 fedplan " +
                    std::string(FEDPLAN_TEST_VERSION) + "\n\n",
                0) == 0);
  // A saved plan shown later has no workspace or backend recorded: those parts are left out.
  MarkdownOptions shown;
  shown.command = "show";
  shown.dir = "infra";
  CHECK(
      render_markdown(mixed(), shown).rfind("### fedplan show \u00b7 `infra` \u00b7 fedplan ", 0) ==
      0);
  // Without options, the title names the directory the plan records.
  Plan p = mixed();
  p.config_dir = "infra";
  CHECK(md(p).rfind("### fedplan plan \u00b7 `infra` \u00b7 fedplan ", 0) == 0);
}

TEST_CASE("the summary line follows the title, outside the fold") {
  std::string m = md(mixed());
  CHECK(after_title(m).rfind("**Plan:** 2 to add, 1 to change, 2 to destroy\n", 0) == 0);
  size_t details = m.find("<details><summary>Show the plan</summary>");
  REQUIRE(details != std::string::npos);
  CHECK(m.find("**Plan:**") < details);
  CHECK(m.find("**Plan:**", details) == std::string::npos);
  CHECK(m.substr(m.size() - std::string("</details>\n").size()) == "</details>\n");
}

TEST_CASE("summary tables count actions per provider configuration and per resource type") {
  std::string m = md(mixed());
  CHECK(m.find("| Provider configuration | Add | Change | Replace | Destroy |\n"
               "|---|--:|--:|--:|--:|\n"
               "| `firewalld.hypervisor` | 0 | 0 | 0 | 1 |\n"
               "| `kube.mesh1` | 1 | 1 | 0 | 0 |\n"
               "| `kube.mesh2` | 0 | 0 | 1 | 0 |\n\n") != std::string::npos);
  CHECK(m.find("| Resource type | Add | Change | Replace | Destroy |\n"
               "|---|--:|--:|--:|--:|\n"
               "| `firewalld_port` | 0 | 0 | 0 | 1 |\n"
               "| `kube_object` | 1 | 1 | 1 | 0 |\n\n") != std::string::npos);
  CHECK(m.find("| Resource type") < m.find("<details>"));
  CHECK(m.find("Read |") == std::string::npos);
}

TEST_CASE("a read during apply adds a Read column to the tables") {
  Plan p = PlanOf({Change("data.kube_object.cm", Action::Read, Value(), Cm("cm"),
                          ActionReason::ReadBecauseConfigUnknown)});
  CHECK(md(p).find("| `kube.mesh1` | 0 | 0 | 0 | 0 | 1 |\n") != std::string::npos);
}

TEST_CASE("the deletion warning lists destroyed and replaced objects, before the fold") {
  std::string m = md(mixed());
  size_t warning = m.find("### \u26a0\ufe0f Resource deletion\n");
  REQUIRE(warning != std::string::npos);
  CHECK(warning < m.find("<details>"));
  CHECK(m.find("- `firewalld_port.gw[\"mesh3\"]` will be destroyed\n") != std::string::npos);
  CHECK(m.find("- `kube_object.gw` will be replaced\n") != std::string::npos);
  CHECK(m.find("- `kube_object.a`") == std::string::npos);
  CHECK(m.find("- `kube_object.b`") == std::string::npos);
}

TEST_CASE("no deletion warning when nothing is destroyed or replaced") {
  Plan p = PlanOf({Change("kube_object.a", Action::Create, Value(), Cm("a")),
                   Change("kube_object.b", Action::Update, Cm("b"), Cm("b2"))});
  std::string m = md(p);
  CHECK(m.find("Resource deletion") == std::string::npos);
  CHECK(m.find("<details>") != std::string::npos);
}

TEST_CASE("changes are grouped by provider configuration, each in its own diff block") {
  std::string m = md(mixed());
  size_t fw = m.find("#### firewalld.hypervisor\n\n```diff\n");
  size_t m1 = m.find("#### kube.mesh1\n\n```diff\n");
  size_t m2 = m.find("#### kube.mesh2\n\n```diff\n");
  REQUIRE(fw != std::string::npos);
  REQUIRE(m1 != std::string::npos);
  REQUIRE(m2 != std::string::npos);
  CHECK(fw < m1);
  CHECK(m1 < m2);
  // Each address is in its provider's block.
  CHECK(m.find("# firewalld_port.gw[\"mesh3\"] will be destroyed", fw) < m1);
  size_t a = m.find("# kube_object.a will be created", m1);
  size_t b = m.find("# kube_object.b will be updated in-place", m1);
  CHECK(a < m2);
  CHECK(b < m2);
  CHECK(m.find("# kube_object.gw must be replaced", m2) != std::string::npos);
  CHECK(m.find("```\n", m1) < m2);
}

TEST_CASE("diff lines start with + - ! so GitHub colours them, and carry no colour codes") {
  std::string m = md(mixed());
  CHECK(m.find('\x1b') == std::string::npos);
  CHECK(m.find("\n+   resource \"kube_object\" \"a\" {\n+       data = \"v\"\n") !=
        std::string::npos);
  CHECK(m.find("\n!   resource \"kube_object\" \"b\" {\n!       name = \"b\" -> \"b2\"\n") !=
        std::string::npos);
  CHECK(m.find("\n-   resource \"firewalld_port\" \"gw\" {\n-       data = \"v\" -> null\n") !=
        std::string::npos);
  CHECK(m.find("\n-/+ resource \"kube_object\" \"gw\" {\n") != std::string::npos);
  CHECK(m.find("\n!       name = \"gw\" -> \"gw2\" # forces replacement\n") != std::string::npos);
  CHECK(m.find("  # (because key [\"mesh3\"] is not in for_each map)\n") != std::string::npos);
}

TEST_CASE("drift is outside the fold, output changes inside it") {
  Plan p = mixed();
  p.drift = {Drift{Addr("kube_object.b"), Provider("kube.mesh1"), Cm("b0"), Cm("b")}};
  p.outputs = {OutputChange{"mesh1_address", Action::Create, Value(), S("10.0.0.1")}};
  std::string m = md(p);
  size_t details = m.find("<details>");
  size_t drift = m.find("### Objects changed outside of fedplan\n\n");
  size_t outputs = m.find("#### Changes to Outputs\n\n```diff\n+   mesh1_address = \"10.0.0.1\"\n");
  REQUIRE(drift != std::string::npos);
  REQUIRE(outputs != std::string::npos);
  CHECK(drift < details);
  CHECK(m.find("```diff\n", drift) < details);
  CHECK(outputs < m.find("</details>"));
  CHECK(m.find("  # kube_object.b has changed\n!   resource") != std::string::npos);
}

TEST_CASE("unknown and sensitive values read as in the text format") {
  Plan p = PlanOf({Change("kube_object.a", Action::Update,
                          Obj({{"uid", S("u-1")}, {"token", Secret("old-token")}}),
                          Obj({{"uid", Unknown()}, {"token", Secret("new-token")}}))});
  p.outputs = {OutputChange{"pw", Action::Create, Value(), S("pw-value"), true}};
  std::string m = md(p);
  CHECK(m.find("\n!       token = (sensitive value)\n") != std::string::npos);
  CHECK(m.find("\n!       uid   = \"u-1\" -> (known after apply)\n") != std::string::npos);
  CHECK(m.find("\n+   pw = (sensitive value)\n") != std::string::npos);
  CHECK(m.find("token\"") == std::string::npos);
  CHECK(m.find("pw-value") == std::string::npos);
}

TEST_CASE("no changes is the title and one line, no fold") {
  Plan p = PlanOf({Change("kube_object.a", Action::NoOp, Cm("a"), Cm("a"))});
  CHECK(after_title(md(p)) == "**No changes.** Your infrastructure matches the configuration.\n");
}

TEST_CASE("a value holding backticks cannot close the diff block early") {
  Plan p = PlanOf({Change("kube_object.a", Action::Create, Value(),
                          Obj({{"doc", S("```\nnot the end\n```\n")}}))});
  std::string m = md(p);
  CHECK(m.find("````diff\n") != std::string::npos);
  CHECK(m.find("\n````\n") != std::string::npos);
}

}  // namespace
}  // namespace fedplan
