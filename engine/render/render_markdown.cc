// The markdown renderer for pull requests: the summary stays visible, the deletion warning too,
// and the diffs (grouped by provider configuration, that is by cluster or host) sit in a fold.
#include <algorithm>
#include <map>

#include "engine/render/change_lines.h"
#include "engine/render/render.h"

namespace fedplan {
namespace {

// A fence longer than any backtick run in `body`, so no value can close the block early.
std::string fenced(const std::string& info, const std::string& body) {
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fence + info + "\n" + body + fence + "\n";
}

// An inline code span that survives backticks inside `text`.
std::string code_span(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string ticks(longest + 1, '`');
  std::string pad = longest > 0 ? " " : "";
  return ticks + pad + text + pad + ticks;
}

std::string deletion_warning(const std::vector<const ResourceChange*>& changes) {
  std::string items;
  for (const ResourceChange* ch : changes) {
    if (ch->action == Action::Delete)
      items += "- " + code_span(ch->addr.to_string()) +
               (ch->deposed.empty() ? "" : " (deposed object " + ch->deposed + ")") +
               " will be destroyed\n";
    else if (is_replace(ch->action))
      items += "- " + code_span(ch->addr.to_string()) + " will be replaced\n";
  }
  if (items.empty()) return "";
  return "### \u26a0\ufe0f Resource deletion\n\n"
         "This plan destroys these objects (replacing one destroys it too):\n\n" +
         items + "\n";
}

}  // namespace

std::string render_markdown(const Plan& plan, const RenderOptions&) {
  std::vector<const ResourceChange*> changes = displayed_changes(plan);
  std::vector<const OutputChange*> outputs = displayed_outputs(plan);
  std::string out;
  if (changes.empty() && outputs.empty())
    out += plan.destroy ? "**No changes.** No objects need to be destroyed.\n"
                        : "**No changes.** Your infrastructure matches the configuration.\n";
  else
    out += "**Plan:** " + counts_text(plan.counts()) + "\n";
  if (changes.empty() && outputs.empty() && plan.drift.empty()) return out;

  out += "\n" + deletion_warning(changes);
  out += "<details><summary>Show the plan</summary>\n\n";
  if (!plan.drift.empty()) {
    std::vector<const Drift*> drift;
    for (const Drift& d : plan.drift) drift.push_back(&d);
    std::stable_sort(drift.begin(), drift.end(),
                     [](const Drift* a, const Drift* b) { return a->addr < b->addr; });
    std::string body;
    for (const Drift* d : drift) {
      if (!body.empty()) body += "\n";
      body += format_diff_block_lines(drift_lines(*d));
    }
    out += "#### Objects changed outside of fedplan\n\n" + fenced("diff", body) + "\n";
  }
  std::map<ProviderAddr, std::vector<const ResourceChange*>> groups;
  for (const ResourceChange* ch : changes) groups[ch->provider].push_back(ch);
  for (const auto& [provider, members] : groups) {
    std::string name = provider.type.empty() ? "(no provider)" : provider.to_string();
    std::string body;
    for (const ResourceChange* ch : members) {
      if (!body.empty()) body += "\n";
      body += format_diff_block_lines(resource_change_lines(*ch));
    }
    out += "#### " + name + "\n\n" + fenced("diff", body) + "\n";
  }
  if (!outputs.empty())
    out += "#### Changes to Outputs\n\n" +
           fenced("diff", format_diff_block_lines(output_change_lines(plan))) + "\n";
  out += "</details>\n";
  return out;
}

}  // namespace fedplan
