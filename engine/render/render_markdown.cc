// The markdown renderer for pull requests: title, summary, tables, warnings and drift stay in
// view; the diffs sit in a fold and shrink, level by level, until the comment fits its budget.
#include "engine/render/render_markdown.h"

#include <filesystem>
#include <utility>

#include "engine/render/change_lines.h"
#include "engine/render/render.h"
#include "engine/render/render_checks.h"
#include "engine/render/render_markdown_parts.h"

namespace fedplan {
namespace {

std::string counted(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The status line: `**Plan:** ...`, or no changes.
std::string summary_line(const Plan& plan, bool any) {
  if (plan.refresh_only)
    return plan.drift.empty()
               ? "**No changes.** Your infrastructure still matches the configuration.\n\n"
               : "**Refresh-only plan:** " + counted(plan.drift.size(), "object") +
                     " changed outside fedplan. Applying this plan records the changes in the "
                     "state and changes no remote object.\n\n";
  if (!any)
    return plan.destroy ? "**No changes.** No objects need to be destroyed.\n\n"
                        : "**No changes.** Your infrastructure matches the configuration.\n\n";
  return "**Plan:** " + counts_text(plan.counts()) + "\n\n";
}

// Says what the budget cut and where the whole plan is.
std::string cut_note(const Plan& plan, size_t shown_changes, MarkdownDetail detail,
                     MarkdownDetail drift, const MarkdownOptions& options) {
  std::string what = counted(shown_changes, "change");
  if (!plan.drift.empty() && drift != MarkdownDetail::Full)
    what += " and " + counted(plan.drift.size(), "drifted object");
  std::string out = "> **Note:** cut to fit " + std::to_string(options.max_size) + " characters: ";
  out += detail == MarkdownDetail::ChangedAttributes
             ? "the diffs of the " + what + " show only the paths of the changed attributes."
             : "this is the summary only, without the diffs of the " + what + ".";
  if (!options.plan_file.empty())
    out += " The full plan: " + md_code_span("fedplan show " + options.plan_file) + ".";
  else
    out +=
        " For the full plan, save it with `fedplan plan -out FILE` and run "
        "`fedplan show FILE`.";
  return out + "\n\n";
}

// The comment after `head` with the fold's diffs and the drift's at a level of detail each,
// lists cut to `limit` items.
std::string compose(const Plan& plan, const MarkdownOptions& options, const std::string& head,
                    MarkdownDetail fold, MarkdownDetail drift, size_t limit) {
  std::vector<const ResourceChange*> changes = displayed_changes(plan);
  bool any = !changes.empty() || !displayed_outputs(plan).empty();
  std::string out = head + summary_line(plan, any);
  if (fold != MarkdownDetail::Full && (any || !plan.drift.empty()))
    out += cut_note(plan, changes.size(), fold, drift, options);
  out += md_summary_tables(changes);
  out += md_deletion_warning(changes, limit);
  out += checks_markdown(plan);
  out += md_drift(plan, drift, limit);
  out += md_fold(plan, changes, fold);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The richest comment that fits: full diffs; the fold's cut to the changed attributes (drift,
// in view, keeps its full diffs longer); both cut; the summary; the summary with shorter
// lists. Title and summary line are always there.
std::string fit(const Plan& plan, const MarkdownOptions& options, const std::string& head) {
  using D = MarkdownDetail;
  for (auto [fold, drift] : {std::pair{D::Full, D::Full}, std::pair{D::ChangedAttributes, D::Full},
                             std::pair{D::ChangedAttributes, D::ChangedAttributes}}) {
    std::string out = compose(plan, options, head, fold, drift, SIZE_MAX);
    if (markdown_size(out) <= options.max_size) return out;
  }
  size_t limit = plan.changes.size() + plan.drift.size();
  for (;;) {
    std::string out = compose(plan, options, head, D::SummaryOnly, D::SummaryOnly, limit);
    if (markdown_size(out) <= options.max_size || limit == 0) return out;
    limit /= 2;
  }
}

}  // namespace

size_t markdown_size(const std::string& text) {
  size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string markdown_title_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(dir.empty() ? "." : dir, ec), ec);
  if (ec) return dir;
  for (fs::path p = abs; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) {
      std::string rel = abs.lexically_relative(p).generic_string();
      return rel.empty() ? "." : rel;
    }
    if (p == p.parent_path()) break;
  }
  return dir;
}

std::string render_markdown(const Plan& plan, const MarkdownOptions& options) {
  return fit(plan, options, md_title(options)) + "\n";
}

std::string render_markdown(const Plan& plan, const RenderOptions&) {
  // From the plan alone, so a saved plan renders as it did when made; the CLI says more.
  MarkdownOptions options;
  options.dir = plan.config_dir;
  return render_markdown(plan, options);
}

std::string render_markdown_failure(const Plan& partial, const Diagnostics& diags,
                                    const SourceFiles* sources, const MarkdownOptions& options) {
  size_t errors = 0;
  for (const Diagnostic& d : diags.items) errors += d.severity == Severity::Error;
  std::string head = md_title(options) + "**Plan failed** with " + counted(errors, "error") +
                     "; nothing can be applied.\n\n" +
                     md_fenced("text", render_diagnostics(diags, sources, false)) +
                     "\n#### What could be planned before the error\n\n";
  if (displayed_changes(partial).empty() && displayed_outputs(partial).empty() &&
      partial.drift.empty())
    return head + "Nothing could be planned.\n";
  return fit(partial, options, head) + "\n";
}

}  // namespace fedplan
