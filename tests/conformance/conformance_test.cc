// The language against Terraform itself: every expression of expressions.txt and every
// checked example of docs/functions.md and docs/language.md, evaluated by both, compared as JSON.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "lang/eval.h"
#include "lang/functions.h"
#include "lang/parser.h"
#include "lang/testing/doc_examples.h"
#include "lang/testing/terraform_console.h"
#include "lang/value_json.h"

using namespace fedplan;
using nlohmann::json;

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot read " << path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

// The expressions compared: the corpus, then the manual's examples that need no file, no
// environment and no sensitive marks (console prints those as "(sensitive value)").
std::vector<std::string> corpus() {
  std::vector<std::string> out = lines_of(FEDPLAN_SOURCE_DIR "/tests/conformance/expressions.txt");
  for (const char* doc : {"/docs/functions.md", "/docs/language.md"})
    for (const DocExample& ex : read_doc_examples(std::string(FEDPLAN_SOURCE_DIR) + doc)) {
      bool local =
          ex.expr.find("file(") != std::string::npos || ex.expr.find("env(") != std::string::npos ||
          ex.expr.find("sensitive") != std::string::npos ||
          ex.expr.find("var.") != std::string::npos || ex.expr.find("local.") != std::string::npos;
      if (!ex.error && !local) out.push_back(ex.expr);
    }
  return out;
}

// fedplan's value of `expr` as Terraform's jsonencode writes it, or the error marker.
json fedplan_value(const std::string& expr) {
  Diagnostics diags;
  ExprPtr e = parse_expression(expr, "conformance", diags);
  EvalContext ctx;
  Value v = diags.has_errors() ? Value() : evaluate(*e, ctx, diags);
  if (diags.has_errors() || !v.wholly_known()) return fedplan::testing::kTerraformError;
  return to_json(v);
}

// A JSON number exactly: long double holds every int64, uint64 and double without rounding.
long double number(const json& j) {
  if (j.is_number_unsigned()) return static_cast<long double>(j.get<uint64_t>());
  if (j.is_number_integer()) return static_cast<long double>(j.get<int64_t>());
  return static_cast<long double>(j.get<double>());
}

// JSON values compared as values: 2 and 2.0 are the same number, 2^53 + 1 and 2^53 are not.
bool same(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return number(a) == number(b);
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key()) || !same(it.value(), b[it.key()])) return false;
    return true;
  }
  return a == b;
}

}  // namespace

TEST_CASE("the corpus calls every function fedplan has") {
  std::string all;
  for (const std::string& e : corpus()) all += e + "\n";
  // Functions that read files or the environment, or mark values, cannot be compared through
  // an empty console: they have their own tests.
  std::set<std::string> local = {
      "env",        "file",       "fileexists",  "templatefile", "sensitive",  "nonsensitive",
      "filebase64", "fileset",    "issensitive", "abspath",      "pathexpand", "dirname",
      "basename",   "filesha256", "filemd5",     "timestamp",    "uuid",       "plantimestamp"};
  for (const std::string& name : function_names()) {
    if (local.count(name)) continue;
    CHECK_MESSAGE(all.find(name + "(") != std::string::npos, name << " is not in the corpus");
  }
}

TEST_CASE("every expression of the corpus gives Terraform's value, or is a listed difference") {
  std::vector<std::string> exprs = corpus();
  auto terraform = fedplan::testing::terraform_values_or_skip(exprs);
  if (!terraform) return;
  std::map<std::string, std::string> known;
  for (const std::string& line :
       lines_of(FEDPLAN_SOURCE_DIR "/tests/conformance/known_differences.txt")) {
    size_t tab = line.find('\t');
    REQUIRE_MESSAGE(tab != std::string::npos, "no reason: " << line);
    known[line.substr(0, tab)] = line.substr(tab + 1);
  }
  std::set<std::string> differing;
  size_t agreed = 0;
  for (size_t i = 0; i < exprs.size(); ++i) {
    json ours = fedplan_value(exprs[i]);
    if (same(ours, (*terraform)[i])) {
      ++agreed;
      CHECK_MESSAGE(
          !known.count(exprs[i]),
          "now agrees with Terraform, remove it from known_differences.txt: " << exprs[i]);
      continue;
    }
    differing.insert(exprs[i]);
    CHECK_MESSAGE(known.count(exprs[i]), exprs[i] << "\n  fedplan:   " << ours.dump()
                                                  << "\n  terraform: " << (*terraform)[i].dump());
  }
  MESSAGE(agreed << " of " << exprs.size() << " expressions agree with Terraform; "
                 << differing.size() << " differ (listed)");
  CHECK(exprs.size() >= 300);
}
