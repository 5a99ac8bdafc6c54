// The pieces of a markdown comment, each a string the budget can keep or drop: title, tables,
// warnings, drift and the folded diffs at a chosen level of detail.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/render/render_markdown.h"

namespace fedplan {

// How much of each diff a comment holds, from the most to the least.
enum class MarkdownDetail : uint8_t { Full, ChangedAttributes, SummaryOnly };

// A fence longer than any backtick run in `body`, so no value can close the block early.
std::string md_fenced(const std::string& info, const std::string& body);

// An inline code span that survives backticks inside `text`.
std::string md_code_span(const std::string& text);

// `### fedplan plan · `DIR` · workspace `W` · backend `B` · fedplan VERSION`, parts unknown left
// out, ending in a blank line.
std::string md_title(const MarkdownOptions& options);

// Two tables (per provider configuration, per resource type) of the actions in `changes`;
// "" when there are none.
std::string md_summary_tables(const std::vector<const ResourceChange*>& changes);

// The warning listing what is destroyed or replaced, at most `limit` items then a count of the
// rest; "" when nothing is.
std::string md_deletion_warning(const std::vector<const ResourceChange*>& changes, size_t limit);

// Drift, outside the fold: a diff per object (Full), its changed paths (ChangedAttributes), or
// its address alone (SummaryOnly, at most `limit` of them); "" without drift.
std::string md_drift(const Plan& plan, MarkdownDetail detail, size_t limit);

// The fold: one diff block per provider configuration, then the output changes.
std::string md_fold(const Plan& plan, const std::vector<const ResourceChange*>& changes,
                    MarkdownDetail detail);

}  // namespace fedplan
