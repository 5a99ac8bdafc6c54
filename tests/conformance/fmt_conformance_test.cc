// `fedplan fmt` against `terraform fmt` itself: every file of tests/conformance/fmt/ (messy on
// purpose), modules/ and examples/ is formatted by both, and any byte of difference fails.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

#include "base/files.h"
#include "base/process.h"
#include "base/testing/temp_dir.h"
#include "base/text_diff.h"
#include "lang/format.h"

using namespace fedplan;
namespace fs = std::filesystem;

namespace {

const std::string kRoot = FEDPLAN_SOURCE_DIR;

// The messy corpus, then every *.fed.hcl of modules/ and examples/, as paths under kRoot.
std::vector<std::string> corpus() {
  std::vector<std::string> out = files_ending_with(kRoot + "/tests/conformance/fmt", {".fed.hcl"});
  std::vector<std::string> tree;
  for (const char* dir : {"/modules", "/examples"})
    for (const auto& e : fs::recursive_directory_iterator(kRoot + dir))
      if (e.is_regular_file() && e.path().string().ends_with(".fed.hcl"))
        tree.push_back(e.path().string());
  std::sort(tree.begin(), tree.end());
  out.insert(out.end(), tree.begin(), tree.end());
  return out;
}

std::string read_all(const std::string& path) {
  std::string text, err;
  REQUIRE_MESSAGE(read_file(path, &text, &err), err);
  return text;
}

// What `terraform fmt` makes of each file: all of them copied into one directory as N.tf and
// formatted in place by one terraform process. Exits 77 (a skip) when terraform is absent.
std::vector<std::string> terraform_fmt(const std::vector<std::string>& files) {
  fedplan::testing::TempDir dir;
  for (size_t i = 0; i < files.size(); ++i)
    dir.write(std::to_string(i) + ".tf", read_all(files[i]));
  ProcessRequest req;
  req.argv = {"terraform", "fmt", "-list=false", dir.path()};
  req.extra_env = {{"TF_CLI_CONFIG_FILE", "/dev/null"}, {"CHECKPOINT_DISABLE", "1"}};
  ProcessResult r = SubprocessRunner().run(req);
  if (r.exit_code == -1) {
    std::fprintf(stderr,
                 "SKIPPED: the comparison with `terraform fmt` needs terraform on PATH (%s)\n",
                 r.error.c_str());
    std::exit(77);
  }
  REQUIRE_MESSAGE(r.ok(), "terraform fmt failed: " << r.error << r.err);
  std::vector<std::string> out;
  for (size_t i = 0; i < files.size(); ++i)
    out.push_back(read_all(dir / (std::to_string(i) + ".tf")));
  return out;
}

}  // namespace

TEST_CASE("the fmt corpus has at least forty messy files") {
  CHECK(files_ending_with(kRoot + "/tests/conformance/fmt", {".fed.hcl"}).size() >= 40);
}

// fmt_known_differences.txt: "PATH<TAB>why" per line (# starts a comment): the files where
// fedplan fmt differs from terraform fmt on purpose (docs/fmt.md says why).
std::map<std::string, std::string> known_differences() {
  std::map<std::string, std::string> out;
  std::istringstream in(read_all(kRoot + "/tests/conformance/fmt_known_differences.txt"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    REQUIRE_MESSAGE(tab != std::string::npos, "no reason: " << line);
    out[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return out;
}

TEST_CASE("fedplan fmt writes what terraform fmt writes, byte for byte") {
  std::vector<std::string> files = corpus();
  std::vector<std::string> expected = terraform_fmt(files);
  std::map<std::string, std::string> known = known_differences();
  size_t agreed = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    std::string name = fs::relative(files[i], kRoot).string();
    if (known.count(name)) {
      Diagnostics diags;
      std::optional<std::string> ours = format_source(read_all(files[i]), name, diags);
      CHECK_MESSAGE(ours != expected[i], name << " now agrees with terraform fmt: remove it from "
                                                 "fmt_known_differences.txt");
      known.erase(name);
      continue;
    }
    Diagnostics diags;
    std::optional<std::string> ours = format_source(read_all(files[i]), name, diags);
    if (!ours) {
      FAIL_CHECK(name << ": fedplan fmt refused it:\n" << render_diagnostics(diags, nullptr));
      continue;
    }
    if (*ours == expected[i]) {
      ++agreed;
      continue;
    }
    FAIL_CHECK(name << " differs (- terraform fmt, + fedplan fmt):\n"
                    << unified_diff(expected[i], *ours, "terraform/" + name, "fedplan/" + name));
  }
  for (const auto& [name, why] : known) FAIL_CHECK("no such corpus file: " << name);
  MESSAGE(agreed << " of " << files.size() << " files formatted as terraform fmt formats them");
}
