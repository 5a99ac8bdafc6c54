// Reads the checked examples out of a manual page, for the docs tests.
// A line counts when it is inside a ```hcl block and ends with `# => ` or `# error: `.
#include "lang/testing/doc_examples.h"

#include <doctest/doctest.h>

#include <fstream>

namespace fedplan {

namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

std::vector<DocExample> read_doc_examples(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::vector<DocExample> out;
  std::string text;
  bool in_block = false;
  for (int n = 1; std::getline(in, text); ++n) {
    if (text.starts_with("```")) {
      in_block = text == "```hcl";
      continue;
    }
    if (!in_block) continue;
    size_t value = text.rfind("# => ");
    size_t error = text.rfind("# error: ");
    if (value == std::string::npos && error == std::string::npos) continue;
    DocExample ex;
    ex.line = n;
    ex.error = error != std::string::npos;
    size_t cut = ex.error ? error : value;
    ex.expr = trim(text.substr(0, cut));
    ex.expected = trim(text.substr(cut + (ex.error ? 9 : 5)));
    out.push_back(ex);
  }
  return out;
}

}  // namespace fedplan
