// Applying an example's earlier version in the example's directory: its files are swapped
// out for the fixture and back, so the state stays where the example of today plans it.
#include "tests/e2e/support/upgrade.h"

#include <filesystem>

namespace fedplan::e2e {

namespace fs = std::filesystem;

Run apply_earlier_version(const std::string& dir, const std::string& fixture,
                          const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
  const fs::path aside = fs::path(dir) / "today";
  fs::create_directories(aside);
  std::vector<fs::path> today;
  for (const fs::directory_entry& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().string().ends_with(".fed.hcl")) today.push_back(e.path());
  for (const fs::path& p : today) fs::rename(p, aside / p.filename());
  fs::copy_file(fs::path(source_dir()) / fixture, fs::path(dir) / "main.fed.hcl");
  std::vector<std::string> argv = {"apply", "-auto-approve"};
  argv.insert(argv.end(), args.begin(), args.end());
  Run r = run_fedplan(argv, dir, env);
  fs::remove(fs::path(dir) / "main.fed.hcl");
  for (const fs::path& p : today) fs::rename(aside / p.filename(), p);
  fs::remove(aside);
  return r;
}

std::vector<std::string> changes_beside_moves(const std::string& plan_text) {
  std::vector<std::string> out;
  for (const auto& [addr, action] : planned_actions(plan_text))
    if (action != "read during apply") out.push_back(addr + " " + action);
  return out;
}

}  // namespace fedplan::e2e
