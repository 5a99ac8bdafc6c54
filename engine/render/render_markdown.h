// The markdown renderer's options and entry points: a pull-request comment with a title, summary
// tables, warnings and drift in view, and diffs in a fold that shrink to fit a size budget.
#pragma once

#include <cstddef>
#include <string>

#include "base/diagnostics.h"
#include "engine/plan/plan.h"

namespace fedplan {

// GitHub refuses comments over 65,536 characters; the default leaves room for a wrapper.
constexpr size_t kDefaultMarkdownMaxSize = 60000;

// What the comment says about where the plan comes from, and how large it may grow.
struct MarkdownOptions {
  std::string command = "plan";  // in the title: "plan", or "show" for a saved plan
  std::string dir;               // the configuration directory as the title shows it
  std::string workspace;         // "" when not known (a saved plan does not record it)
  std::string backend;           // the state backend's describe(); "" when not known
  std::string plan_file;         // where the full plan is (-out, or the file shown); "" if none
  size_t max_size = kDefaultMarkdownMaxSize;  // characters (UTF-8 code points)
};

// The comment for `plan`: title, summary, tables, warnings and drift, then the diffs in a fold,
// degraded (full diffs -> changed attributes -> summary only) until it fits `max_size`.
std::string render_markdown(const Plan& plan, const MarkdownOptions& options);

// The comment for a plan that failed: the title, the diagnostics (file:line:col, source line),
// then what could be planned before the error, in the same form and within the same budget.
std::string render_markdown_failure(const Plan& partial, const Diagnostics& diags,
                                    const SourceFiles* sources, const MarkdownOptions& options);

// `dir` relative to the root of the git repository holding it (the nearest parent with a .git),
// or as given when it is in none.
std::string markdown_title_dir(const std::string& dir);

// The length GitHub counts: UTF-8 code points.
size_t markdown_size(const std::string& text);

}  // namespace fedplan
