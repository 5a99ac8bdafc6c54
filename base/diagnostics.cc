// Diagnostics: collection helpers and the caret renderer shared by every command.
// The format is `file:line:col: summary`, the quoted line, a caret row, then the detail.
#include "base/diagnostics.h"

#include <algorithm>
#include <sstream>

#include "base/ansi.h"

namespace fedplan {

bool Diagnostics::has_errors() const {
  return std::any_of(items.begin(), items.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

Diagnostic& Diagnostics::error(std::string summary, std::string detail,
                               std::optional<SourceRange> range) {
  items.push_back(
      Diagnostic{Severity::Error, std::move(summary), std::move(detail), std::move(range), {}});
  return items.back();
}

Diagnostic& Diagnostics::warning(std::string summary, std::string detail,
                                 std::optional<SourceRange> range) {
  items.push_back(
      Diagnostic{Severity::Warning, std::move(summary), std::move(detail), std::move(range), {}});
  return items.back();
}

void Diagnostics::append(const Diagnostics& other) {
  items.insert(items.end(), other.items.begin(), other.items.end());
}

void Diagnostics::append(Diagnostics&& other) {
  items.insert(items.end(), std::make_move_iterator(other.items.begin()),
               std::make_move_iterator(other.items.end()));
}

const std::string* SourceFiles::find(const std::string& path) const {
  auto it = files.find(path);
  return it == files.end() || !it->second ? nullptr : it->second.get();
}

namespace {

// Returns line number `line` (1-based) of `text` without its newline, or nullopt.
std::optional<std::string> line_of(const std::string& text, int line) {
  size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return std::nullopt;
    ++pos;
  }
  if (pos > text.size()) return std::nullopt;
  size_t end = text.find('\n', pos);
  std::string out = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

}  // namespace

std::string short_diagnostic(const Diagnostic& d) {
  std::string out;
  if (d.range && !d.range->empty()) {
    out = d.range->file + ":" + std::to_string(d.range->start.line) + ":" +
          std::to_string(d.range->start.column) + ": ";
  } else if (!d.address.empty()) {
    out = d.address + ": ";
  }
  if (d.severity == Severity::Warning) out += "warning: ";
  return out + d.summary;
}

std::string render_diagnostic(const Diagnostic& d, const SourceFiles* sources, bool color) {
  const char* bold = color ? ansi::kBold : "";
  const char* red = color ? ansi::kRed : "";
  const char* yellow = color ? ansi::kYellow : "";
  const char* reset = color ? ansi::kReset : "";
  std::ostringstream out;
  bool located = d.range && !d.range->empty();
  out << bold << (d.severity == Severity::Error ? red : yellow);
  if (!located && d.address.empty())
    out << (d.severity == Severity::Error ? "Error: " : "Warning: ") << d.summary;
  else
    out << short_diagnostic(d);
  out << reset << "\n";
  // A located finding about one object names it too (the located line shows only the file).
  if (located && !d.address.empty()) out << "  with " << d.address << ",\n";
  if (located && sources) {
    if (const std::string* text = sources->find(d.range->file)) {
      if (auto line = line_of(*text, d.range->start.line)) {
        std::string num = std::to_string(d.range->start.line);
        out << "  " << num << " | " << *line << "\n";
        int col = std::max(1, d.range->start.column);
        int width = 1;
        if (d.range->end.line == d.range->start.line && d.range->end.column > col)
          width = d.range->end.column - col;
        width = std::max(1, std::min<int>(width, static_cast<int>(line->size()) - col + 1));
        std::string pad;
        // Keep tabs so the caret lines up under tab-indented source.
        for (int i = 0; i < col - 1 && i < static_cast<int>(line->size()); ++i)
          pad += (*line)[i] == '\t' ? '\t' : ' ';
        out << "  " << std::string(num.size(), ' ') << " | " << pad << bold << red
            << std::string(width, '^') << reset << "\n";
      }
    }
  }
  if (!d.detail.empty()) {
    std::istringstream lines(d.detail);
    std::string l;
    while (std::getline(lines, l)) out << "  " << l << "\n";
  }
  return out.str();
}

std::string render_diagnostics(const Diagnostics& d, const SourceFiles* sources, bool color) {
  std::string out;
  for (size_t i = 0; i < d.items.size(); ++i) {
    if (i) out += "\n";
    out += render_diagnostic(d.items[i], sources, color);
  }
  return out;
}

}  // namespace fedplan
