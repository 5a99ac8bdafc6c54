// The size budget of markdown comments: full diffs while they fit, then the changed attributes,
// then the summary with shorter lists; the comment says what it cut and where the full plan is.
// And the failed plan's report, in the same form.
#include <doctest/doctest.h>

#include "engine/render/render_markdown.h"
#include "engine/render/testing/render_test_util.h"

namespace fedplan {
namespace {

using namespace fedplan::testing;

// `n` creates and `n` deletes, each carrying a 2,000-character value: about 8n KB of diffs.
Plan big_plan(int n) {
  std::vector<ResourceChange> changes;
  std::string blob(2000, 'x');
  for (int i = 0; i < n; ++i) {
    std::string key = "[\"obj-" + std::to_string(i) + "\"]";
    changes.push_back(
        Change("kube_object.new" + key, Action::Create, Value(), Obj({{"data", S(blob)}})));
    changes.push_back(Change("kube_object.old" + key, Action::Delete, Obj({{"data", S(blob)}}),
                             Value(), ActionReason::DeleteBecauseEachKey, "kube.mesh2"));
  }
  return PlanOf(std::move(changes));
}

MarkdownOptions sized(size_t max, std::string plan_file = "") {
  MarkdownOptions o;
  o.dir = "infra";
  o.max_size = max;
  o.plan_file = std::move(plan_file);
  return o;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("a plan that fits is shown in full, with no note") {
  std::string m = render_markdown(big_plan(2), sized(60000));
  CHECK(has(m, "+       data = \"xxxx"));
  CHECK_FALSE(has(m, "**Note:**"));
}

TEST_CASE("over budget the diffs shrink to the changed attributes, and the note says so") {
  Plan p = big_plan(20);
  std::string m = render_markdown(p, sized(60000, "pr.plan"));
  CHECK(markdown_size(render_markdown(p, sized(SIZE_MAX))) > 60000);
  CHECK(markdown_size(m) <= 60000);
  CHECK(has(m,
            "> **Note:** cut to fit 60000 characters: the diffs of the 40 changes show only "
            "the paths of the changed attributes. The full plan: `fedplan show pr.plan`.\n"));
  CHECK_FALSE(has(m, "xxxx"));
  CHECK(has(m, "<details>"));
  CHECK(has(m, "  # kube_object.new[\"obj-19\"] will be created\n"));
  CHECK(has(m, "- `kube_object.old[\"obj-19\"]` will be destroyed\n"));
}

TEST_CASE("drift, in view, keeps its full diff while the fold's diffs are cut") {
  Plan p = big_plan(20);
  std::string recorded(3000, 'r'), live(3000, 'l');
  p.drift = {Drift{Addr("kube_object.cm"), Provider("kube.mesh1"), Obj({{"data", S(recorded)}}),
                   Obj({{"data", S(live)}})}};
  std::string m = render_markdown(p, sized(60000));
  size_t fold = m.find("<details>");
  REQUIRE(fold != std::string::npos);
  CHECK(m.find("!       data = \"rrrr") < fold);
  CHECK(has(m, "the diffs of the 40 changes show only the paths"));
  // With less room the drift is cut to its changed paths too, and the note counts it.
  std::string tighter = render_markdown(p, sized(8000));
  CHECK(has(tighter, "<details>"));
  CHECK(has(tighter, "  # kube_object.cm has changed\n!   data\n"));
  CHECK(has(tighter, "the diffs of the 40 changes and 1 drifted object show only the paths"));
}

TEST_CASE("further over budget only the summary is left, and the note says where the plan is") {
  std::string m = render_markdown(big_plan(20), sized(4000));
  CHECK(markdown_size(m) <= 4000);
  CHECK_FALSE(has(m, "<details>"));
  for (const char* kept :
       {"this is the summary only, without the diffs of the 40 changes. For the full plan, save "
        "it with `fedplan plan -out FILE` and run `fedplan show FILE`.\n",
        "**Plan:** 20 to add, 0 to change, 20 to destroy\n", "| `kube.mesh2` | 0 | 0 | 0 | 20 |",
        "- `kube_object.old[\"obj-19\"]` will be destroyed\n"})
    CHECK_MESSAGE(has(m, kept), kept);
}

TEST_CASE("at the smallest budgets the deletion list is cut and counted") {
  Plan p = big_plan(20);
  std::string m = render_markdown(p, sized(1500));
  CHECK(markdown_size(m) <= 1500);
  CHECK(has(m, "### \u26a0\ufe0f Resource deletion"));
  CHECK(has(m, " more (see the full plan)\n"));
  CHECK(has(m, "- `kube_object.old[\"obj-0\"]` will be destroyed\n"));
}

TEST_CASE("every budget from small to large is kept") {
  Plan p = big_plan(30);
  for (size_t max : {1200u, 2000u, 5000u, 20000u, 60000u, 65536u, 100000u}) {
    INFO(max);
    CHECK(markdown_size(render_markdown(p, sized(max))) <= max);
  }
}

TEST_CASE("the size is counted in characters, as GitHub counts it") {
  CHECK(markdown_size("a\u26a0\ufe0f\u00b7") == 4);
}

TEST_CASE("a failed plan is a report: title, diagnostics with file:line:col, what was planned") {
  SourceFiles sources;
  sources.add("main.fed.hcl", std::make_shared<const std::string>("a = 1\nb = nope(\n"));
  Diagnostics diags;
  diags.error("Unknown function", "There is no function named \"nope\".",
              SourceRange{"main.fed.hcl", {2, 5, 10}, {2, 9, 14}});
  Plan partial = PlanOf({Change("kube_object.a", Action::Create, Value(), Obj({{"x", S("1")}}))});
  std::string m = render_markdown_failure(partial, diags, &sources, sized(60000));
  CHECK(m.rfind("### fedplan plan \u00b7 `infra` \u00b7 fedplan ", 0) == 0);
  CHECK(has(m, "**Plan failed** with 1 error; nothing can be applied.\n"));
  CHECK(has(m, "```text\nError: main.fed.hcl:2:5: Unknown function\n  2 | b = nope(\n"));
  CHECK(has(m, "#### What could be planned before the error\n\n**Plan:** 1 to add"));
  CHECK(has(m, "  # kube_object.a will be created\n"));
  // Nothing planned (the configuration did not load): said in words, not as "No changes".
  std::string none = render_markdown_failure(Plan{}, diags, &sources, sized(60000));
  CHECK(has(none, "Nothing could be planned.\n"));
  CHECK_FALSE(has(none, "No changes"));
}

}  // namespace
}  // namespace fedplan
