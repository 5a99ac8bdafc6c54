// Check results as the three formats show them. JSON follows terraform's jsonchecks: static
// addresses sorted, statuses aggregated error > fail > unknown > pass, problems sorted.
#include "engine/render/render_checks.h"

#include <algorithm>
#include <map>

#include "base/ansi.h"

namespace fedplan {
namespace {

using json = nlohmann::json;

// The check's address without instance keys: `module.a.check.NAME`.
std::string static_module(const ModulePath& p) {
  std::string out;
  for (const ModuleStep& s : p.steps) out += (out.empty() ? "module." : ".module.") + s.name;
  return out;
}

struct Tally {
  int passed = 0, failed = 0, unknown = 0, errored = 0;
};

Tally tally(const Plan& plan) {
  Tally t;
  for (const CheckResult& c : plan.checks) {
    t.passed += c.status == CheckStatus::Pass;
    t.failed += c.status == CheckStatus::Fail;
    t.unknown += c.status == CheckStatus::Unknown;
    t.errored += c.status == CheckStatus::Error;
  }
  return t;
}

std::string tally_text(const Tally& t) {
  std::string out;
  auto add = [&](int n, const char* what) {
    if (n) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(t.failed, "failed");
  add(t.errored, "could not be evaluated");
  add(t.unknown, "known after apply");
  add(t.passed, "passed");
  return out + ".";
}

std::string status_words(CheckStatus s) {
  switch (s) {
    case CheckStatus::Fail:
      return "failed";
    case CheckStatus::Error:
      return "could not be evaluated";
    case CheckStatus::Unknown:
      return "known after apply";
    case CheckStatus::Pass:
      break;
  }
  return "passed";
}

std::vector<const CheckResult*> sorted(const Plan& plan) {
  std::vector<const CheckResult*> out;
  for (const CheckResult& c : plan.checks) out.push_back(&c);
  std::stable_sort(out.begin(), out.end(), [](const CheckResult* a, const CheckResult* b) {
    return a->address() < b->address();
  });
  return out;
}

}  // namespace

std::string checks_text(const Plan& plan, bool color) {
  if (plan.checks.empty()) return "";
  Tally t = tally(plan);
  std::string out = ansi::paint("Checks:", ansi::kBold, color) + " " + tally_text(t) + "\n";
  for (const CheckResult* c : sorted(plan)) {
    if (c->status == CheckStatus::Pass) continue;
    out += "  " +
           ansi::paint(c->address(), ansi::kYellow, color && c->status != CheckStatus::Unknown) +
           " " + status_words(c->status) + "\n";
    for (const std::string& p : c->problems) out += "    " + p + "\n";
  }
  return out;
}

std::string checks_markdown(const Plan& plan) {
  if (plan.checks.empty()) return "";
  Tally t = tally(plan);
  if (!t.failed && !t.errored) return "**Checks:** " + tally_text(t) + "\n\n";
  std::string out = "> [!WARNING]\n> **Checks:** " + tally_text(t) + "\n";
  for (const CheckResult* c : sorted(plan)) {
    if (c->status == CheckStatus::Pass || c->status == CheckStatus::Unknown) continue;
    out += "> - `" + c->address() + "` " + status_words(c->status);
    for (size_t i = 0; i < c->problems.size(); ++i) {
      std::string p = c->problems[i];
      std::replace(p.begin(), p.end(), '\n', ' ');  // one line of the quote each
      out += (i ? "; " : ": ") + p;
    }
    out += "\n";
  }
  return out + "\n";
}

json checks_json(const Plan& plan) {
  if (plan.checks.empty()) return json();
  // By static address, in order.
  std::map<std::string, std::vector<const CheckResult*>> by_static;
  for (const CheckResult& c : plan.checks) {
    std::string m = static_module(c.module);
    by_static[(m.empty() ? "" : m + ".") + "check." + c.name].push_back(&c);
  }
  json out = json::array();
  for (const auto& [display, results] : by_static) {
    json addr = {{"kind", "check"}, {"name", results.front()->name}, {"to_display", display}};
    std::string m = static_module(results.front()->module);
    if (!m.empty()) addr["module"] = m;
    CheckStatus aggregate = CheckStatus::Pass;
    auto rank = [](CheckStatus s) {
      return s == CheckStatus::Error ? 3 : s == CheckStatus::Fail ? 2 : s == CheckStatus::Unknown;
    };
    json instances = json::array();
    for (const CheckResult* c : results) {
      if (rank(c->status) > rank(aggregate)) aggregate = c->status;
      json a = {{"to_display", c->address()}};
      if (!c->module.root()) a["module"] = c->module.to_string();
      json inst = {{"address", std::move(a)}, {"status", check_status_name(c->status)}};
      std::vector<std::string> problems = c->problems;
      std::sort(problems.begin(), problems.end());
      if (!problems.empty()) {
        json ps = json::array();
        for (const std::string& p : problems) ps.push_back({{"message", p}});
        inst["problems"] = std::move(ps);
      }
      instances.push_back(std::move(inst));
    }
    out.push_back({{"address", std::move(addr)},
                   {"status", check_status_name(aggregate)},
                   {"instances", std::move(instances)}});
  }
  return out;
}

}  // namespace fedplan
