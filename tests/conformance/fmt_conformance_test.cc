// `fedplan fmt` against `terraform fmt` itself: every file of tests/conformance/fmt/ (messy on
// purpose), modules/ and examples/ is formatted by both, and any byte of difference fails.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

#include "base/files.h"
#include "base/process.h"
#include "base/testing/temp_dir.h"
#include "base/text_diff.h"
#include "lang/format.h"
#include "lang/lexer.h"

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

// What `terraform fmt` makes of each text: all of them written into one directory as N.tf
// and formatted in place by one terraform process. Texts terraform refuses (it names them in
// its errors, and formats the others) are "". Exits 77 (a skip) when terraform is absent.
std::vector<std::string> terraform_fmt(const std::vector<std::string>& texts) {
  fedplan::testing::TempDir dir;
  for (size_t i = 0; i < texts.size(); ++i) dir.write(std::to_string(i) + ".tf", texts[i]);
  ProcessRequest req;
  req.argv = {"terraform", "fmt", "-no-color", "-list=false", dir.path()};
  req.extra_env = {{"TF_CLI_CONFIG_FILE", "/dev/null"}, {"CHECKPOINT_DISABLE", "1"}};
  ProcessResult r = SubprocessRunner().run(req);
  if (r.exit_code == -1) {
    std::fprintf(stderr,
                 "SKIPPED: the comparison with `terraform fmt` needs terraform on PATH (%s)\n",
                 r.error.c_str());
    std::exit(77);
  }
  REQUIRE_MESSAGE((r.exit_code == 0 || r.exit_code == 2),
                  "terraform fmt failed: " << r.error << r.err);
  std::vector<std::string> out;
  for (size_t i = 0; i < texts.size(); ++i) {
    // Terraform names a file by its path from the working directory, or its bare name.
    std::string file = std::to_string(i) + ".tf line";
    bool refused = r.err.find("/" + file) != std::string::npos ||
                   r.err.find("on " + file) != std::string::npos;
    out.push_back(refused ? "" : read_all(dir / (std::to_string(i) + ".tf")));
  }
  return out;
}

// Breaks lines after `{`, `[`, `(` and `,`, changes the blanks between tokens and the indent
// of lines, at random; never inside strings and heredocs, nor at the end of the file.
std::string rebreak(std::string_view text, std::mt19937& rng) {
  static const char* const kBlanks[] = {"", " ", "  ", "\t", "    "};
  std::string out;
  Lexer lexer(text);
  int64_t prev = 0;
  int depth = 0;  // open strings and heredocs
  for (;;) {
    Token t = lexer.next();
    std::string_view gap = text.substr(size_t(prev), size_t(t.start.byte - prev));
    bool blank = gap.find_first_not_of(" \t") == std::string_view::npos;
    if (depth == 0 && blank && t.type != TokenType::EndOfFile)
      out += kBlanks[gap.empty() ? rng() % 2 : 1 + rng() % 4];
    else
      out += gap;
    if (t.type == TokenType::EndOfFile) break;
    out += t.text(text);
    if (t.type == TokenType::OQuote || t.type == TokenType::OHeredoc) ++depth;
    if (t.type == TokenType::CQuote || t.type == TokenType::CHeredoc) --depth;
    bool breakable = t.type == TokenType::OBrace || t.type == TokenType::OBrack ||
                     t.type == TokenType::OParen || t.type == TokenType::Comma;
    if (depth == 0 && breakable && rng() % 5 == 0) out += rng() % 3 ? "\n" : " # why\n";
    prev = t.end.byte;
  }
  return out;
}

// The files where a difference from terraform fmt is on purpose (fmt_known_differences.txt).
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
  std::vector<std::string> texts;
  for (const std::string& f : files) texts.push_back(read_all(f));
  std::vector<std::string> expected = terraform_fmt(texts);
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
    std::optional<std::string> ours = format_source(texts[i], name, diags);
    CHECK_MESSAGE(!expected[i].empty(), name << ": terraform fmt refused it");
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

TEST_CASE("fedplan fmt writes what terraform fmt writes on the corpus broken up at random") {
  std::vector<std::string> files = corpus();
  std::map<std::string, std::string> known = known_differences();
  std::mt19937 rng(17);
  std::vector<std::string> names, texts;
  for (const std::string& f : files) {
    std::string name = fs::relative(f, kRoot).string();
    if (known.count(name)) continue;
    std::string text = read_all(f);
    for (int round = 0; round < 3; ++round) {
      names.push_back(name);
      texts.push_back(rebreak(text, rng));
    }
  }
  std::vector<std::string> expected = terraform_fmt(texts);
  size_t compared = 0, refused = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    Diagnostics diags;
    std::optional<std::string> ours = format_source(texts[i], names[i], diags);
    if (expected[i].empty() || !ours) {
      // A break where the language allows none, or where one parser is stricter than the
      // other (fedplan accepts `a = 1 }` closing a block on the line of its last argument):
      // nothing to compare.
      ++refused;
      continue;
    }
    ++compared;
    CHECK_MESSAGE(*ours == expected[i],
                  names[i] << ", this variant:\n"
                           << texts[i] << "\ndiffers:\n"
                           << unified_diff(expected[i], *ours, "terraform", "fedplan"));
  }
  MESSAGE(compared << " of " << texts.size() << " variants formatted by both and compared; "
                   << refused << " refused by one or both");
  CHECK(compared > texts.size() / 2);
}
