// The text renderer: Terraform's plan layout, sentence for sentence, with "fedplan" in place of
// "Terraform". Colour is applied only when RenderOptions::color is set.
#include <algorithm>
#include <set>

#include "base/ansi.h"
#include "engine/render/change_lines.h"
#include "engine/render/render.h"
#include "engine/render/render_checks.h"

namespace fedplan {
namespace {

std::string rule() {
  std::string out;
  for (int i = 0; i < 77; ++i) out += "\u2500";
  return out;
}

// The legend names only the markers this plan uses.
std::string legend(const std::vector<const ResourceChange*>& changes, bool color) {
  std::set<Action> used;
  for (const ResourceChange* ch : changes) used.insert(ch->action);
  auto sym = [&](Action a, const char* text) {
    std::string s = action_symbol(a);
    s.pop_back();  // the trailing space
    if (color && a == Action::DeleteThenCreate)
      s = ansi::paint("-", ansi::kRed, true) + "/" + ansi::paint("+", ansi::kGreen, true);
    else if (color && a == Action::CreateThenDelete)
      s = ansi::paint("+", ansi::kGreen, true) + "/" + ansi::paint("-", ansi::kRed, true);
    else if (color)
      s = s.substr(0, s.find_first_not_of(' ')) +
          ansi::paint(s.substr(s.find_first_not_of(' ')), action_color(a), true);
    return used.count(a) ? s + " " + text + "\n" : std::string();
  };
  return "fedplan used the selected providers to generate the following execution\n"
         "plan. Resource actions are indicated with the following symbols:\n" +
         sym(Action::Create, "create") + sym(Action::Update, "update in-place") +
         sym(Action::Delete, "destroy") +
         sym(Action::DeleteThenCreate, "destroy and then create replacement") +
         sym(Action::CreateThenDelete, "create replacement and then destroy") +
         sym(Action::Read, "read (data resources)") + sym(Action::Forget, "forget");
}

// A -refresh-only plan: the drift, and what applying it does; never a change.
std::string refresh_only_text(const Plan& plan, bool color) {
  if (plan.drift.empty())
    return ansi::paint("No changes.", ansi::kGreen, color) +
           " Your infrastructure still matches the configuration.\n\n"
           "fedplan has checked that the real remote objects still match the result of\n"
           "your most recent changes, and found no differences.\n";
  std::string out =
      ansi::paint("Note: Objects have changed outside of fedplan", ansi::kBold, color) +
      "\n\nfedplan detected the following changes made outside of fedplan since the\n"
      "last \"fedplan apply\":\n";
  std::vector<const Drift*> drift;
  for (const Drift& d : plan.drift) drift.push_back(&d);
  std::stable_sort(drift.begin(), drift.end(),
                   [](const Drift* a, const Drift* b) { return a->addr < b->addr; });
  for (const Drift* d : drift) out += "\n" + format_text_lines(drift_lines(*d), color);
  return out +
         "\nThis is a refresh-only plan, so fedplan will not take any actions to undo\n"
         "these. If you were expecting these changes then you can apply this plan to\n"
         "record the updated values in the fedplan state without changing any remote\n"
         "objects.\n";
}

std::string drift_section(const Plan& plan, bool color) {
  std::string out =
      ansi::paint("Note: Objects have changed outside of fedplan", ansi::kBold, color) +
      "\n\nfedplan detected the following changes made outside of fedplan since the\n"
      "last \"fedplan apply\" which may have affected this plan:\n";
  std::vector<const Drift*> drift;
  for (const Drift& d : plan.drift) drift.push_back(&d);
  std::stable_sort(drift.begin(), drift.end(),
                   [](const Drift* a, const Drift* b) { return a->addr < b->addr; });
  for (const Drift* d : drift) out += "\n" + format_text_lines(drift_lines(*d), color);
  out +=
      "\nUnless you have made equivalent changes to your configuration, or ignored the\n"
      "relevant attributes using ignore_changes, the following plan may include\n"
      "actions to undo or respond to these changes.\n\n" +
      rule() + "\n\n";
  return out;
}

}  // namespace

std::string render_text(const Plan& plan, const RenderOptions& options) {
  const bool color = options.color;
  if (plan.refresh_only) return refresh_only_text(plan, color);
  std::string out;
  if (!plan.drift.empty()) out += drift_section(plan, color);
  // The check blocks' outcome closes the plan, whatever else it says.
  std::string checks = checks_text(plan, color);
  if (!checks.empty()) checks = "\n" + checks;

  std::vector<const ResourceChange*> changes = displayed_changes(plan);
  std::vector<const OutputChange*> outputs = displayed_outputs(plan);
  if (changes.empty() && outputs.empty()) {
    if (plan.destroy) {
      out += ansi::paint("No changes.", ansi::kGreen, color) +
             " No objects need to be destroyed.\n\n"
             "Either you have not created any objects yet or the existing objects were\n"
             "already deleted outside of fedplan.\n";
    } else {
      out += ansi::paint("No changes.", ansi::kGreen, color) +
             " Your infrastructure matches the configuration.\n\n"
             "fedplan has compared your real infrastructure against your configuration\n"
             "and found no differences, so no changes are needed.\n";
    }
    return out + checks;
  }

  if (!changes.empty()) {
    out += legend(changes, color) + "\nfedplan will perform the following actions:\n";
    for (const ResourceChange* ch : changes)
      out += "\n" + format_text_lines(resource_change_lines(*ch), color);
    out +=
        "\n" + ansi::paint("Plan:", ansi::kBold, color) + " " + counts_text(plan.counts()) + ".\n";
  }
  if (!outputs.empty()) {
    if (!changes.empty()) out += "\n";
    out += "Changes to Outputs:\n" + format_text_lines(output_change_lines(plan), color);
    if (changes.empty())
      out +=
          "\nYou can apply this plan to save these new output values to the fedplan\n"
          "state, without changing any real infrastructure.\n";
  }
  return out + checks;
}

std::optional<RenderFormat> parse_render_format(std::string_view name) {
  if (name == "text") return RenderFormat::Text;
  if (name == "markdown") return RenderFormat::Markdown;
  if (name == "json") return RenderFormat::Json;
  return std::nullopt;
}

std::string render_plan(const Plan& plan, RenderFormat format, const RenderOptions& options) {
  switch (format) {
    case RenderFormat::Text:
      return render_text(plan, options);
    case RenderFormat::Markdown:
      return render_markdown(plan, options);
    case RenderFormat::Json:
      return render_json(plan, options);
  }
  return render_text(plan, options);
}

}  // namespace fedplan
