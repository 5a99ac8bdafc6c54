// Diagnostics: errors and warnings as values, with the source range or object they are about.
// Every module boundary returns these instead of throwing; the CLI renders them with a caret.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedplan {

// A position in a source file; line and column are 1-based, byte is the 0-based offset.
struct SourcePos {
  int line = 1;
  int column = 1;
  int64_t byte = 0;
};

// A half-open range [start, end) in one file. `file` is the path as the user gave it.
struct SourceRange {
  std::string file;
  SourcePos start;
  SourcePos end;

  bool empty() const { return file.empty(); }
};

enum class Severity { Error, Warning };

// One finding: what went wrong (summary), why or how to fix it (detail), where (range or
// address of an object such as `kube_object.peer["mesh1"]`).
struct Diagnostic {
  Severity severity = Severity::Error;
  std::string summary;
  std::string detail;
  std::optional<SourceRange> range;
  std::string address;
};

// An ordered list of findings. Boundaries take `Diagnostics&` and append to it.
struct Diagnostics {
  std::vector<Diagnostic> items;

  bool has_errors() const;
  bool empty() const { return items.empty(); }
  size_t size() const { return items.size(); }

  Diagnostic& error(std::string summary, std::string detail = {},
                    std::optional<SourceRange> range = std::nullopt);
  Diagnostic& warning(std::string summary, std::string detail = {},
                      std::optional<SourceRange> range = std::nullopt);
  void append(const Diagnostics& other);
  void append(Diagnostics&& other);
  // Appends the findings of `other` that are not already among items[since..]: one with the
  // same severity, summary, detail and place is dropped whatever its address (a provider's
  // check repeating what the configuration's check reported).
  void append_new(Diagnostics&& other, size_t since = 0);
};

// The text of every file that was read, so diagnostics can quote the offending line. Each
// file keeps where its lines start, so quoting a line costs the same anywhere in the file.
struct SourceFiles {
  // One file's text and the byte offset of each of its lines (line N starts at [N - 1]).
  struct File {
    std::shared_ptr<const std::string> text;
    std::vector<size_t> line_starts;
  };
  std::map<std::string, File> files;

  void add(const std::string& path, std::shared_ptr<const std::string> text);
  const std::string* find(const std::string& path) const;
  // Line `line` (1-based) of `path` without its line ending, or nullopt.
  std::optional<std::string_view> line(const std::string& path, int line) const;
};

// Renders one diagnostic as
//   Error: file:line:col: summary       (or `Warning: `; `Error: ADDRESS: summary` when it
//                                         is about an object and has no range)
//     12 | the source line
//        |     ^^^^
//   detail
// colour is ANSI when `color` is set. `sources` may be null (no quote then). A line longer
// than kQuoteWidth bytes is quoted as a window of that many bytes around the column, with …
// where it goes on, so a huge line cannot flood the terminal.
constexpr size_t kQuoteWidth = 200;
std::string render_diagnostic(const Diagnostic& d, const SourceFiles* sources, bool color = false);

// Renders all diagnostics, separated by blank lines.
std::string render_diagnostics(const Diagnostics& d, const SourceFiles* sources,
                               bool color = false);

// One line: `file:line:col: summary` (used by tests and terse output).
std::string short_diagnostic(const Diagnostic& d);

}  // namespace fedplan
