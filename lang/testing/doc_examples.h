// The checked examples of a manual page (docs/functions.md, docs/language.md): lines in ```hcl
// blocks that end with `# => value` or `# error: text`. Shared by the two docs tests.
#pragma once

#include <string>
#include <vector>

namespace fedplan {

// One checked line of the manual.
struct DocExample {
  int line = 0;
  std::string expr;
  std::string expected;  // the value as debug_string prints it, or the error's text
  bool error = false;
};

// Every checked line of the markdown file at `path`, in order (a doctest REQUIRE fails when
// the file cannot be read).
std::vector<DocExample> read_doc_examples(const std::string& path);

}  // namespace fedplan
