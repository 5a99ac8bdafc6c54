// Running fedplan and other programs for end-to-end tests, and reading plans' text: the
// action lines and the summary line are the stable parts of the text format.
#include "tests/e2e/support/run.h"

#include <filesystem>
#include <regex>
#include <sstream>

#include "base/process.h"

namespace fedplan::e2e {

namespace fs = std::filesystem;

std::string fedplan_binary() {
  return FEDPLAN_BINARY;
}
std::string sandbox_binary() {
  return FEDPLAN_SANDBOX_BINARY;
}
std::string source_dir() {
  return FEDPLAN_SOURCE_DIR;
}

Run run_program(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                std::chrono::seconds timeout) {
  SubprocessRunner runner;
  ProcessRequest req;
  req.argv = argv;
  req.timeout = timeout;
  req.extra_env = env;
  req.extra_env.insert_or_assign("NO_COLOR", std::string(1, '1'));
  ProcessResult r = runner.run(req);
  return Run{r.exit_code, r.out, r.err, r.error};
}

Run run_fedplan(const std::vector<std::string>& args, const std::string& dir,
                const std::map<std::string, std::string>& env, std::chrono::seconds timeout) {
  // The runner has no working-directory knob: `fedplan -chdir` is not a flag either, so the
  // directory is given as the command's DIR argument where commands take one.
  std::vector<std::string> argv = {"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir,
                                   fedplan_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, env, timeout);
}

void copy_example(const std::string& name, const std::string& to) {
  fs::path src = fs::path(source_dir()) / "examples" / name;
  fs::path dst = fs::path(to) / "examples" / name;
  fs::create_directories(dst);
  for (const fs::directory_entry& e : fs::directory_iterator(src))
    if (e.is_regular_file() && e.path().extension() == ".hcl")
      fs::copy_file(e.path(), dst / e.path().filename(), fs::copy_options::overwrite_existing);
  std::error_code ec;
  fs::create_directory_symlink(fs::path(source_dir()) / "modules", fs::path(to) / "modules", ec);
}

std::vector<std::pair<std::string, std::string>> planned_actions(const std::string& plan_text) {
  static const std::regex line(
      R"(^  # (\S+) (?:will be|must be) (created|updated in-place|destroyed|replaced|read during apply)\b)");
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(plan_text);
  std::string l;
  std::smatch m;
  while (std::getline(in, l))
    if (std::regex_search(l, m, line)) out.emplace_back(m[1], m[2]);
  return out;
}

int count_actions(const std::vector<std::pair<std::string, std::string>>& actions,
                  const std::string& prefix, const std::string& action) {
  int n = 0;
  for (const auto& [addr, what] : actions)
    if (addr.rfind(prefix, 0) == 0 && what == action) ++n;
  return n;
}

std::vector<std::pair<std::string, std::string>> apply_events(const std::string& apply_text) {
  static const std::regex line(
      R"(^(\S+): (Creating\.\.\.|Creation complete|Destroying\.\.\.|Destruction complete|Reading\.\.\.|Read complete|Modifying\.\.\.|Modifications complete))");
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(apply_text);
  std::string l;
  std::smatch m;
  while (std::getline(in, l))
    if (std::regex_search(l, m, line)) out.emplace_back(m[1], m[2]);
  return out;
}

int event_index(const std::vector<std::pair<std::string, std::string>>& events,
                const std::string& addr, const std::string& what) {
  bool prefix = !addr.empty() && addr.back() == '*';
  std::string want = prefix ? addr.substr(0, addr.size() - 1) : addr;
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string& a = events[i].first;
    bool match = prefix ? a.compare(0, want.size(), want) == 0 : a == want;
    if (match && events[i].second == what) return static_cast<int>(i);
  }
  return -1;
}

PlanCounts plan_counts(const std::string& plan_text) {
  static const std::regex line(R"(Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\.)");
  std::smatch m;
  if (!std::regex_search(plan_text, m, line)) return {};
  return PlanCounts{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
}

}  // namespace fedplan::e2e
