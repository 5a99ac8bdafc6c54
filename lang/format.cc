// The formatter: terraform fmt's algorithm (hclwrite's format.go) on fedplan's tokens. Lines of
// tokens are split into lead, `=` and comment cells; indent, spaces and alignment are decided
// from the tokens alone, never from the old blanks, which makes the result idempotent.
#include "lang/format.h"

#include <algorithm>
#include <vector>

#include "lang/format_check.h"
#include "lang/format_rewrite.h"
#include "lang/lexer.h"
#include "lang/parser.h"

namespace fedplan {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// One token of a line, or a comment found in the gap before a token (the lexer skips them).
struct Item {
  TokenType type = TokenType::Invalid;
  bool comment = false;
  bool line_comment = false;  // # or //, which runs to the end of the line
  std::string text;
  size_t spaces = 0;  // blanks before it on its line (the indent, for the first item)
};

// One line: its items, its line end ("\n", "\r\n" as written, or "" at the end of the file),
// and the cells: items [0, assign) lead, [assign, comment) the `=` cell, [comment, end) a
// trailing line comment. assign == comment when the line has no aligned `=`.
struct Line {
  std::vector<Item> items;
  std::string newline;
  size_t eof_spaces = 0;  // the last line: blanks before the end of the file
  size_t assign = 0;
  size_t comment = 0;
  bool has_assign() const { return assign < comment; }
};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// How a token changes bracket nesting, `${` and `%{` included, as hclwrite counts it.
int bracket_change(const Item& item) {
  if (item.comment) return 0;
  switch (item.type) {
    case TokenType::OBrace:
    case TokenType::OBrack:
    case TokenType::OParen:
    case TokenType::TemplateInterp:
    case TokenType::TemplateControl:
      return 1;
    case TokenType::CBrace:
    case TokenType::CBrack:
    case TokenType::CParen:
    case TokenType::TemplateSeqEnd:
      return -1;
    default:
      return 0;
  }
}

bool is(const Item* item, TokenType type) {
  return item != nullptr && !item->comment && item->type == type;
}

// Splits the source into lines of items. Every token is an item, template pieces included;
// heredoc text is one item per piece, so a heredoc stays inside the line that opens it.
class LineBuilder {
 public:
  explicit LineBuilder(std::string_view src) : src_(src), lexer_(src) {}

  std::vector<Line> build() {
    int64_t prev_end = src_.starts_with(kBom) ? 3 : 0;
    for (;;) {
      Token t = lexer_.next();
      add_gap(prev_end, t.start.byte);
      if (t.type == TokenType::EndOfFile) break;
      if (t.type == TokenType::Newline) {
        bool crlf = t.start.byte > 0 && src_[static_cast<size_t>(t.start.byte) - 1] == '\r';
        line_.newline = crlf ? "\r\n" : "\n";
        lines_.push_back(std::move(line_));
        line_ = Line{};
      } else {
        Item item;
        item.type = t.type;
        item.text = t.type == TokenType::OHeredoc ? heredoc_opener(t.text(src_))
                                                  : std::string(t.text(src_));
        if (t.type == TokenType::CHeredoc) {
          // Blanks after the closing marker stay, as terraform fmt keeps them.
          size_t e = static_cast<size_t>(t.end.byte);
          while (e < src_.size() && (src_[e] == ' ' || src_[e] == '\t')) item.text += src_[e++];
          t.end.byte = static_cast<int64_t>(e);
        }
        line_.items.push_back(std::move(item));
      }
      prev_end = t.end.byte;
    }
    // Blanks after the last token or comment stay, as spaces (terraform fmt never touches the
    // end of the file).
    line_.eof_spaces = trailing_blanks_;
    if (!line_.items.empty() || line_.eof_spaces > 0) lines_.push_back(std::move(line_));
    return std::move(lines_);
  }

 private:
  // `<<EOT` and its line end ("\n" or "\r\n"), without blanks between them (terraform refuses
  // those).
  static std::string heredoc_opener(std::string_view text) {
    if (!text.ends_with('\n')) return std::string(text);
    std::string_view eol = text.ends_with("\r\n") ? "\r\n" : "\n";
    size_t marker = text.size() - 1;
    while (marker > 0 && is_blank(text[marker - 1])) --marker;
    return std::string(text.substr(0, marker)) + std::string(eol);
  }

  // The comments in src[from, to): blanks and comments only, by the lexer's rules. A comment
  // keeps its text as written, trailing blanks included, as terraform fmt keeps them.
  void add_gap(int64_t from, int64_t to) {
    size_t p = static_cast<size_t>(from), end = static_cast<size_t>(to);
    trailing_blanks_ = 0;
    while (p < end) {
      char c = src_[p];
      if (is_blank(c)) {
        if (c != '\r') ++trailing_blanks_;
        ++p;
        continue;
      }
      trailing_blanks_ = 0;
      Item item;
      item.comment = true;
      size_t stop = end;
      if (c == '/' && p + 1 < end && src_[p + 1] == '*') {
        size_t close = src_.find("*/", p + 2);
        stop = close == std::string_view::npos || close + 2 > end ? end : close + 2;
      } else {
        item.line_comment = true;
        // The blank before a CRLF line end belongs to the line end.
        if (stop > p && src_[stop - 1] == '\r' && stop == static_cast<size_t>(to)) --stop;
      }
      item.text = std::string(src_.substr(p, stop - p));
      line_.items.push_back(std::move(item));
      p = stop;
    }
  }

  std::string_view src_;
  Lexer lexer_;
  std::vector<Line> lines_;
  Line line_;
  size_t trailing_blanks_ = 0;  // blanks at the end of the last gap
};

// The cells of each line (hclwrite's linesForFormat): a trailing line comment, then the
// first `=` whose right side closes every bracket it opens (a heredoc counts as closed).
void find_cells(Line& line) {
  std::vector<Item>& items = line.items;
  line.comment = items.size();
  if (items.size() > 1 && items.back().line_comment) line.comment = items.size() - 1;
  line.assign = line.comment;
  for (size_t i = 1; i < line.comment; ++i) {
    if (!is(&items[i], TokenType::Assign)) continue;
    int net = 0;
    for (size_t j = i; j < line.comment; ++j) {
      net += bracket_change(items[j]);
      if (is(&items[j], TokenType::OHeredoc)) break;
    }
    if (net == 0) line.assign = i;
    break;
  }
}

// Indents from the net bracket change of each line (hclwrite's formatIndent): a line that
// opens brackets indents the lines after it one level; a line that closes more than it opens
// goes back out the levels it closes, and is itself placed at the level it returns to. A line
// that closes and opens as many (`}, {`) stays at the inner level, as terraform fmt has it.
void assign_indents(std::vector<Line>& lines) {
  std::vector<int> indents;
  for (Line& line : lines) {
    if (line.items.empty()) continue;
    int net = 0;
    for (size_t i = 0; i < line.assign; ++i) {
      net += bracket_change(line.items[i]);
      if (is(&line.items[i], TokenType::OHeredoc)) break;
    }
    for (size_t i = line.assign; i < line.comment; ++i) {
      net += bracket_change(line.items[i]);
      if (is(&line.items[i], TokenType::OHeredoc)) break;
    }
    if (net < 0) {
      int closed = -net;
      while (closed > 0 && !indents.empty()) {
        if (closed >= indents.back()) {
          closed -= indents.back();
          indents.pop_back();
        } else {
          indents.back() -= closed;
          closed = 0;
        }
      }
    }
    line.items[0].spaces = 2 * indents.size();
    if (net > 0) indents.push_back(net);
  }
}

// Whether a minus after `before` is a negation (no space after it), by hclwrite's guess.
bool is_negation(const Item* before) {
  if (before == nullptr) return true;
  if (before->comment) return false;
  switch (before->type) {
    case TokenType::OParen:
    case TokenType::OBrace:
    case TokenType::OBrack:
    case TokenType::Assign:
    case TokenType::Colon:
    case TokenType::Comma:
    case TokenType::Question:
    case TokenType::Plus:
    case TokenType::Star:
    case TokenType::Slash:
    case TokenType::Percent:
    case TokenType::Minus:
    case TokenType::Equal:
    case TokenType::NotEqual:
    case TokenType::Greater:
    case TokenType::GreaterEqual:
    case TokenType::Less:
    case TokenType::LessEqual:
    case TokenType::And:
    case TokenType::Or:
    case TokenType::Bang:
      return true;
    default:
      return false;
  }
}

// Whether one space separates `subject` from `after` (hclwrite's spaceAfterToken, in its
// order); `before` precedes subject in the same cell, or is null.
bool space_after(const Item* before, const Item& subject, const Item& after) {
  auto s = [&](TokenType t) { return is(&subject, t); };
  auto a = [&](TokenType t) { return is(&after, t); };
  if (s(TokenType::Ident) && a(TokenType::OParen)) return false;  // calls
  // `a.0. 1`: without the space, `0.1` would read as one number (terraform's lexer never
  // makes these tokens).
  if (s(TokenType::Dot) && a(TokenType::Number) && is(before, TokenType::Number)) return true;
  if (s(TokenType::Dot) || a(TokenType::Dot)) return false;
  if (a(TokenType::Comma) || a(TokenType::Ellipsis)) return false;
  if (s(TokenType::Comma)) return true;
  if (s(TokenType::TemplateLiteral) || s(TokenType::OQuote) || s(TokenType::OHeredoc) ||
      a(TokenType::TemplateLiteral) || a(TokenType::CQuote) || a(TokenType::CHeredoc))
    return false;  // inside templates, text is text
  if (s(TokenType::Ident) && subject.text == "in" && is(before, TokenType::Ident)) return true;
  if (a(TokenType::OBrack) &&
      (s(TokenType::Ident) || s(TokenType::Number) || bracket_change(subject) < 0))
    return false;  // indexing
  if (s(TokenType::Minus)) return !is_negation(before);
  if (s(TokenType::Bang)) return false;
  if (s(TokenType::OBrace) || a(TokenType::CBrace))
    return !(s(TokenType::OBrace) && a(TokenType::CBrace));
  if ((s(TokenType::TemplateInterp) || s(TokenType::TemplateControl)) && a(TokenType::OBrace))
    return true;
  if (s(TokenType::CBrace) && a(TokenType::TemplateSeqEnd)) return true;
  if (s(TokenType::TemplateSeqEnd) &&
      (a(TokenType::TemplateInterp) || a(TokenType::TemplateControl)))
    return false;
  if (bracket_change(subject) > 0) return false;
  if (bracket_change(after) < 0) return false;
  return true;
}

// Spaces between the items of each cell; the `=` cell's first item gets one.
void assign_spaces(std::vector<Line>& lines) {
  for (Line& line : lines) {
    auto cell = [&](size_t from, size_t to) {
      for (size_t i = from; i + 1 < to; ++i) {
        const Item* before = i > from ? &line.items[i - 1] : nullptr;
        line.items[i + 1].spaces = space_after(before, line.items[i], line.items[i + 1]) ? 1 : 0;
      }
    };
    cell(0, line.assign);
    if (line.has_assign()) line.items[line.assign].spaces = 1;
    cell(line.assign, line.comment);
  }
}

// Display width of items (hclwrite's Columns): their spaces and code points, a CRLF in a
// heredoc counting as one, as a grapheme cluster does.
size_t columns(const Line& line, size_t from, size_t to) {
  size_t n = 0;
  for (size_t i = from; i < to; ++i) {
    const std::string& t = line.items[i].text;
    n += line.items[i].spaces;
    for (size_t k = 0; k < t.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(t[k]);
      if ((c & 0xC0) == 0x80) continue;
      if (c == '\r' && k + 1 < t.size() && t[k + 1] == '\n') continue;
      ++n;
    }
  }
  return n;
}

// Aligns the `=` of consecutive lines that have an `=` cell, then the trailing comments of
// consecutive lines that have one (hclwrite's formatCells): any other line ends a run.
void align(std::vector<Line>& lines) {
  for (size_t i = 0; i < lines.size();) {
    if (!lines[i].has_assign()) {
      ++i;
      continue;
    }
    size_t j = i, width = 0;
    for (; j < lines.size() && lines[j].has_assign(); ++j)
      width = std::max(width, columns(lines[j], 0, lines[j].assign));
    for (size_t k = i; k < j; ++k)
      lines[k].items[lines[k].assign].spaces = width - columns(lines[k], 0, lines[k].assign) + 1;
    i = j;
  }
  auto has_comment = [&](size_t k) { return lines[k].comment < lines[k].items.size(); };
  for (size_t i = 0; i < lines.size();) {
    if (!has_comment(i)) {
      ++i;
      continue;
    }
    size_t j = i, width = 0;
    for (; j < lines.size() && has_comment(j); ++j)
      width = std::max(width, columns(lines[j], 0, lines[j].comment));
    for (size_t k = i; k < j; ++k)
      lines[k].items[lines[k].comment].spaces = width - columns(lines[k], 0, lines[k].comment) + 1;
    i = j;
  }
}

}  // namespace

std::string format_tokens(std::string_view text) {
  std::vector<Line> lines = LineBuilder(text).build();
  for (Line& line : lines) find_cells(line);
  assign_indents(lines);
  assign_spaces(lines);
  align(lines);
  std::string out;
  for (const Line& line : lines) {
    for (const Item& item : line.items) out.append(item.spaces, ' ').append(item.text);
    out += line.newline;
    out.append(line.eof_spaces, ' ');
  }
  return out;
}

std::optional<std::string> format_source(std::string_view text, const std::string& path,
                                         Diagnostics& diags) {
  // The parser decides what is valid; the bracket check guards the token walk itself.
  Diagnostics found;
  parse_file(text, path, found);
  if (!found.has_errors()) check_tokens(text, path, found);
  bool failed = found.has_errors();
  diags.append(std::move(found));
  if (failed) return std::nullopt;
  // terraform fmt's one rewrite of tokens: "${x}" as an argument's whole value becomes x.
  std::string unwrapped = rewrite_like_terraform(text);
  if (unwrapped != text) {
    Diagnostics reparsed;  // a rewrite that does not parse is a bug: format the text as it is
    parse_file(unwrapped, path, reparsed);
    if (reparsed.has_errors()) unwrapped = std::string(text);
  }
  std::string out = format_tokens(unwrapped);
  // Formatting only moves whitespace; if the tokens differ, it is a bug, and the file stays.
  if (!same_content(unwrapped, out)) {
    diags.error("fedplan cannot format this file safely",
                "The formatted text would not have the same tokens and comments as the file, "
                "which is a bug in fedplan; the file is left as it is. Please report it.",
                SourceRange{path, SourcePos{}, SourcePos{}});
    return std::nullopt;
  }
  return out;
}

}  // namespace fedplan
