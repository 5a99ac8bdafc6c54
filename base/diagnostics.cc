// Diagnostics: collection helpers and the caret renderer shared by every command.
// The format is `Error: file:line:col: summary`, the quoted line, a caret row, then the detail.
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

void Diagnostics::append_new(Diagnostics&& other, size_t since) {
  auto same_place = [](const std::optional<SourceRange>& a, const std::optional<SourceRange>& b) {
    if (!a || !b) return !a && !b;
    return a->file == b->file && a->start.line == b->start.line &&
           a->start.column == b->start.column;
  };
  size_t end = items.size();
  for (Diagnostic& d : other.items) {
    bool seen = false;
    for (size_t i = since; i < end && !seen; ++i)
      seen = items[i].severity == d.severity && items[i].summary == d.summary &&
             items[i].detail == d.detail && same_place(items[i].range, d.range);
    if (!seen) items.push_back(std::move(d));
  }
}

void SourceFiles::add(const std::string& path, std::shared_ptr<const std::string> text) {
  File& f = files[path];
  f.line_starts.clear();
  if (text) {
    f.line_starts.push_back(0);
    for (size_t at = text->find('\n'); at != std::string::npos; at = text->find('\n', at + 1))
      f.line_starts.push_back(at + 1);
  }
  f.text = std::move(text);
}

const std::string* SourceFiles::find(const std::string& path) const {
  auto it = files.find(path);
  return it == files.end() || !it->second.text ? nullptr : it->second.text.get();
}

std::optional<std::string_view> SourceFiles::line(const std::string& path, int line) const {
  auto it = files.find(path);
  if (it == files.end() || !it->second.text || line < 1) return std::nullopt;
  const File& f = it->second;
  size_t index = static_cast<size_t>(line) - 1;
  if (index >= f.line_starts.size()) return std::nullopt;
  std::string_view text = *f.text;
  size_t start = f.line_starts[index];
  size_t end = index + 1 < f.line_starts.size() ? f.line_starts[index + 1] - 1 : text.size();
  std::string_view out = text.substr(start, end - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

namespace {

bool utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The part of a source line to quote: all of it when short, else kQuoteWidth bytes around
// byte `col0`, cut between characters.
struct Quote {
  size_t begin = 0;
  size_t end = 0;
};

Quote quote_window(std::string_view line, size_t col0) {
  if (line.size() <= kQuoteWidth) return Quote{0, line.size()};
  // Some context before the column, the rest after it, where most of an error's span lies.
  constexpr size_t kBefore = 60;
  size_t begin = col0 > kBefore ? col0 - kBefore : 0;
  size_t end = std::min(line.size(), begin + kQuoteWidth);
  begin = end - kQuoteWidth;
  while (begin < end && utf8_continuation(line[begin])) ++begin;
  while (end < line.size() && end > begin && utf8_continuation(line[end])) --end;
  return Quote{begin, end};
}

}  // namespace

namespace {

// `file:line:col: `, else `address: `, else nothing.
std::string place_of(const Diagnostic& d) {
  if (d.range && !d.range->empty())
    return d.range->file + ":" + std::to_string(d.range->start.line) + ":" +
           std::to_string(d.range->start.column) + ": ";
  if (!d.address.empty()) return d.address + ": ";
  return "";
}

}  // namespace

std::string short_diagnostic(const Diagnostic& d) {
  return place_of(d) + (d.severity == Severity::Warning ? "warning: " : "") + d.summary;
}

std::string render_diagnostic(const Diagnostic& d, const SourceFiles* sources, bool color) {
  const char* bold = color ? ansi::kBold : "";
  const char* red = color ? ansi::kRed : "";
  const char* yellow = color ? ansi::kYellow : "";
  const char* reset = color ? ansi::kReset : "";
  std::ostringstream out;
  bool located = d.range && !d.range->empty();
  // Every finding starts with Terraform's `Error: ` or `Warning: `, which CI problem matchers
  // look for, then where it is.
  out << bold << (d.severity == Severity::Error ? red : yellow)
      << (d.severity == Severity::Error ? "Error: " : "Warning: ") << place_of(d) << d.summary
      << reset << "\n";
  // A located finding about one object names it too (the located line shows only the file).
  if (located && !d.address.empty()) out << "  with " << d.address << ",\n";
  if (located && sources) {
    if (auto line = sources->line(d.range->file, d.range->start.line)) {
      std::string num = std::to_string(d.range->start.line);
      size_t col0 = static_cast<size_t>(std::max(1, d.range->start.column) - 1);
      col0 = std::min(col0, line->size());
      size_t width = 1;
      if (d.range->end.line == d.range->start.line && d.range->end.column > d.range->start.column)
        width = static_cast<size_t>(d.range->end.column - d.range->start.column);
      Quote q = quote_window(*line, col0);
      col0 = std::clamp(col0, q.begin, q.end);
      width = std::max<size_t>(1, std::min(width, q.end - col0));
      const char* kEllipsis = "\xE2\x80\xA6";  // …
      out << "  " << num << " | " << (q.begin > 0 ? kEllipsis : "")
          << line->substr(q.begin, q.end - q.begin) << (q.end < line->size() ? kEllipsis : "")
          << "\n";
      // Keep tabs so the caret lines up under tab-indented source; … is one column wide.
      std::string pad = q.begin > 0 ? " " : "";
      for (size_t i = q.begin; i < col0; ++i) pad += (*line)[i] == '\t' ? '\t' : ' ';
      out << "  " << std::string(num.size(), ' ') << " | " << pad << bold << red
          << std::string(width, '^') << reset << "\n";
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
