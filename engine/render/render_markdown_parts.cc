// The pieces of a markdown comment. Diffs go through without_server_fields() first, so what a
// reviewer reads is what fedplan changes, not what the cluster wrote since.
#include "engine/render/render_markdown_parts.h"

#include <algorithm>
#include <array>
#include <map>

#include "engine/render/change_lines.h"
#include "engine/render/render_markdown_fields.h"

namespace fedplan {
namespace {

size_t longest_backtick_run(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// One table row's counts: add, change, replace, destroy, read.
using Row = std::array<int, 5>;

// The column of each action, in the order Action declares them (no-op: none).
constexpr std::array<int, 8> kColumn = {-1, 0, 4, 1, 2, 2, 3, -1};
static_assert(static_cast<int>(Action::Forget) == 7 && static_cast<int>(Action::Read) == 2);

void count_action(const ResourceChange& ch, Row* row) {
  int column = kColumn[static_cast<size_t>(ch.action)];
  if (column >= 0) ++(*row)[column];
}

std::string table(const std::string& what, const std::map<std::string, Row>& rows, bool reads) {
  std::string out = "| " + what + " | Add | Change | Replace | Destroy |" +
                    (reads ? " Read |" : "") + "\n|---|--:|--:|--:|--:|" + (reads ? "--:|" : "") +
                    "\n";
  for (const auto& [name, row] : rows) {
    out += "| " + md_code_span(name) + " |";
    for (size_t i = 0; i < (reads ? 5u : 4u); ++i) out += " " + std::to_string(row[i]) + " |";
    out += "\n";
  }
  return out + "\n";
}

std::string more_line(size_t n) {
  return "- ... and " + std::to_string(n) + " more (see the full plan)\n";
}

}  // namespace

std::string md_fenced(const std::string& info, const std::string& body) {
  std::string fence(std::max<size_t>(3, longest_backtick_run(body) + 1), '`');
  return fence + info + "\n" + body + fence + "\n";
}

std::string md_code_span(const std::string& text) {
  size_t longest = longest_backtick_run(text);
  std::string ticks(longest + 1, '`');
  std::string pad = longest > 0 ? " " : "";
  return ticks + pad + text + pad + ticks;
}

std::string md_title(const MarkdownOptions& options) {
  std::string out = "### fedplan " + options.command;
  if (!options.dir.empty()) out += " \u00b7 " + md_code_span(options.dir);
  if (!options.workspace.empty()) out += " \u00b7 workspace " + md_code_span(options.workspace);
  if (!options.backend.empty()) out += " \u00b7 backend " + md_code_span(options.backend);
  return out + " \u00b7 fedplan " FEDPLAN_VERSION "\n\n";
}

std::string md_summary_tables(const std::vector<const ResourceChange*>& changes) {
  std::map<std::string, Row> by_provider, by_type;
  bool reads = false;
  for (const ResourceChange* ch : changes) {
    std::string provider = ch->provider.type.empty() ? "(no provider)" : ch->provider.to_string();
    count_action(*ch, &by_provider[provider]);
    count_action(*ch, &by_type[ch->type()]);
    reads = reads || ch->action == Action::Read;
  }
  if (changes.empty()) return "";
  return table("Provider configuration", by_provider, reads) +
         table("Resource type", by_type, reads);
}

std::string md_deletion_warning(const std::vector<const ResourceChange*>& changes, size_t limit) {
  std::string items;
  size_t listed = 0, total = 0;
  for (const ResourceChange* ch : changes) {
    std::string item;
    if (ch->action == Action::Delete)
      item = "- " + md_code_span(ch->addr.to_string()) +
             (ch->deposed.empty() ? "" : " (deposed object " + ch->deposed + ")") +
             " will be destroyed\n";
    else if (is_replace(ch->action))
      item = "- " + md_code_span(ch->addr.to_string()) + " will be replaced\n";
    if (item.empty()) continue;
    ++total;
    if (listed < limit) {
      items += item;
      ++listed;
    }
  }
  if (total == 0) return "";
  if (listed < total) items += more_line(total - listed);
  return "### \u26a0\ufe0f Resource deletion\n\n"
         "This plan destroys these objects (replacing one destroys it too):\n\n" +
         items + "\n";
}

std::string md_drift(const Plan& plan, MarkdownDetail detail, size_t limit) {
  if (plan.drift.empty()) return "";
  std::vector<const Drift*> drift;
  for (const Drift& d : plan.drift) drift.push_back(&d);
  std::stable_sort(drift.begin(), drift.end(),
                   [](const Drift* a, const Drift* b) { return a->addr < b->addr; });
  std::string out =
      "### Objects changed outside of fedplan\n\n"
      "These objects changed since the last apply, found on refresh; the plan starts from what "
      "was read.\n\n";
  if (detail == MarkdownDetail::SummaryOnly) {
    size_t listed = 0;
    for (const Drift* d : drift) {
      if (listed++ == limit) break;
      out += "- " + md_code_span(d->addr.to_string()) +
             (d->live.is_null() ? " has been deleted\n" : " has changed\n");
    }
    if (drift.size() > limit) out += more_line(drift.size() - limit);
    return out + "\n";
  }
  std::string body;
  for (const Drift* d : drift) {
    if (!body.empty() && detail == MarkdownDetail::Full) body += "\n";
    Drift shown = without_server_fields(*d);
    body += format_diff_block_lines(
        detail == MarkdownDetail::Full ? drift_lines(shown) : changed_attribute_lines(shown));
  }
  return out + md_fenced("diff", body) + "\n";
}

std::string md_fold(const Plan& plan, const std::vector<const ResourceChange*>& changes,
                    MarkdownDetail detail) {
  std::vector<const OutputChange*> outputs = displayed_outputs(plan);
  if (detail == MarkdownDetail::SummaryOnly || (changes.empty() && outputs.empty())) return "";
  std::string out = "<details><summary>Show the plan</summary>\n\n";
  std::map<ProviderAddr, std::vector<const ResourceChange*>> groups;
  for (const ResourceChange* ch : changes) groups[ch->provider].push_back(ch);
  for (const auto& [provider, members] : groups) {
    std::string name = provider.type.empty() ? "(no provider)" : provider.to_string();
    std::string body;
    for (const ResourceChange* ch : members) {
      if (!body.empty() && detail == MarkdownDetail::Full) body += "\n";
      ResourceChange shown = without_server_fields(*ch);
      body +=
          format_diff_block_lines(detail == MarkdownDetail::Full ? resource_change_lines(shown)
                                                                 : changed_attribute_lines(shown));
    }
    out += "#### " + name + "\n\n" + md_fenced("diff", body) + "\n";
  }
  if (!outputs.empty())
    out += "#### Changes to Outputs\n\n" +
           md_fenced("diff", format_diff_block_lines(output_change_lines(plan))) + "\n";
  return out + "</details>\n";
}

}  // namespace fedplan
