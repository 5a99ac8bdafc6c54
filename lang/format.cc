// The formatter: a token-stream walk in the style of hclwrite. Tokens and the comments in the
// gaps between them become lines of items; then indentation, spacing and alignment are decided
// from the items alone, never from the old whitespace, which makes the result idempotent.
#include "lang/format.h"

#include <algorithm>
#include <vector>

#include "lang/format_check.h"
#include "lang/lexer.h"
#include "lang/parser.h"

namespace fedplan {

namespace {

// What an item of a line is: a token, a whole string or heredoc (kept verbatim, including its
// interpolations), or a comment.
enum class ItemKind : uint8_t { Token, Template, Comment };

// One unit of a line. `type` is the token type (OQuote/OHeredoc for templates).
struct Item {
  ItemKind kind = ItemKind::Token;
  TokenType type = TokenType::Invalid;
  std::string text;
  bool multiline = false;     // the text contains a newline (heredoc, block comment)
  bool line_comment = false;  // # or //, which runs to the end of the line
};

// One line of output before layout: its items and, once decided, its indent level, where the
// aligned `=` cell starts and whether it ends with a comment that joins comment alignment.
struct Line {
  std::vector<Item> items;
  int indent = 0;
  size_t assign = std::string::npos;
  bool trailing_comment = false;
  bool multiline = false;
};

// A blank inside a line (newlines are tokens of their own to the formatter).
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// Removes trailing blanks from every line of `text` (a comment's own lines).
std::string trim_line_ends(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    size_t trimmed = end;
    while (trimmed > start && is_blank(text[trimmed - 1])) --trimmed;
    out.append(text.substr(start, trimmed - start));
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

int bracket_change(const Item& item) {
  if (item.kind != ItemKind::Token) return 0;
  switch (item.type) {
    case TokenType::OBrace:
    case TokenType::OBrack:
    case TokenType::OParen:
      return 1;
    case TokenType::CBrace:
    case TokenType::CBrack:
    case TokenType::CParen:
      return -1;
    default:
      return 0;
  }
}

bool is_token(const Item& item, TokenType type) {
  return item.kind == ItemKind::Token && item.type == type;
}

// Splits the source into lines of items. Comments are found in the gaps between tokens, since
// the lexer skips them; a template is taken whole from its opening to its closing token.
class LineBuilder {
 public:
  explicit LineBuilder(std::string_view src) : src_(src), lexer_(src) {}

  std::vector<Line> build() {
    int64_t prev_end = src_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    for (;;) {
      Token t = lexer_.next();
      add_gap(prev_end, t.start.byte);
      if (t.type == TokenType::EndOfFile) break;
      if (t.type == TokenType::Newline) {
        end_line();
      } else if (t.type == TokenType::OQuote || t.type == TokenType::OHeredoc) {
        t.end = add_template(t);
      } else {
        Item item;
        item.type = t.type;
        item.text = std::string(t.text(src_));
        line_.items.push_back(std::move(item));
      }
      prev_end = t.end.byte;
    }
    if (!line_.items.empty()) end_line();
    return std::move(lines_);
  }

 private:
  void end_line() {
    lines_.push_back(std::move(line_));
    line_ = Line{};
  }

  // The comments in src[from, to): whitespace and comments only, by the lexer's rules.
  void add_gap(int64_t from, int64_t to) {
    size_t p = static_cast<size_t>(from), end = static_cast<size_t>(to);
    while (p < end) {
      char c = src_[p];
      if (is_blank(c)) {
        ++p;
        continue;
      }
      Item item;
      item.kind = ItemKind::Comment;
      size_t stop = end;
      if (c == '/' && p + 1 < end && src_[p + 1] == '*') {
        size_t close = src_.find("*/", p + 2);
        stop = close == std::string_view::npos || close + 2 > end ? end : close + 2;
      } else {
        item.line_comment = true;
      }
      item.text = trim_line_ends(src_.substr(p, stop - p));
      item.multiline = item.text.find('\n') != std::string::npos;
      line_.items.push_back(std::move(item));
      p = stop;
    }
  }

  // Consumes the tokens of the template opened by `open` up to its matching close and adds it
  // as one verbatim item. Returns the end of the closing token.
  SourcePos add_template(const Token& open) {
    int depth = 1;
    Token t = open;
    while (depth > 0) {
      t = lexer_.next();
      if (t.type == TokenType::EndOfFile) break;
      if (t.type == TokenType::OQuote || t.type == TokenType::OHeredoc) ++depth;
      if (t.type == TokenType::CQuote || t.type == TokenType::CHeredoc) --depth;
    }
    Item item;
    item.kind = ItemKind::Template;
    item.type = open.type;
    std::string_view opener = open.text(src_);
    if (open.type == TokenType::OHeredoc) {
      // Blanks after the <<EOT marker are not content; the heredoc text itself is.
      size_t n = opener.size();
      if (n > 0 && opener[n - 1] == '\n') --n;
      while (n > 0 && is_blank(opener[n - 1])) --n;
      item.text = std::string(opener.substr(0, n)) + "\n";
    } else {
      item.text = std::string(opener);
    }
    int64_t body = open.end.byte;
    item.text.append(
        src_.substr(static_cast<size_t>(body), static_cast<size_t>(t.end.byte - body)));
    item.multiline = item.text.find('\n') != std::string::npos;
    line_.items.push_back(std::move(item));
    return t.end;
  }

  std::string_view src_;
  Lexer lexer_;
  std::vector<Line> lines_;
  Line line_;
};

// Indent levels from bracket nesting. A line that opens several brackets indents the next
// lines one level; closing brackets at the start of a line take that line back out, so
// `}, {` and `})` sit at the level of the line that opened them.
void assign_indents(std::vector<Line>& lines) {
  std::vector<int> levels;  // brackets opened by each level
  for (Line& line : lines) {
    if (line.items.empty()) continue;
    size_t i = 0;
    bool partial = false;
    // Leading closers, looking through comments before them (`/* done */ }`).
    for (; i < line.items.size(); ++i) {
      if (line.items[i].kind == ItemKind::Comment) continue;
      if (bracket_change(line.items[i]) >= 0) break;
      if (levels.empty()) continue;
      partial = --levels.back() > 0;
      if (!partial) levels.pop_back();
    }
    line.indent = static_cast<int>(levels.size()) - (partial ? 1 : 0);
    int net = 0;
    for (; i < line.items.size(); ++i) net += bracket_change(line.items[i]);
    if (net > 0) {
      if (partial)
        levels.back() += net;
      else
        levels.push_back(net);
    }
    for (int closed = -net; closed > 0 && !levels.empty();) {
      int take = std::min(closed, levels.back());
      closed -= take;
      levels.back() -= take;
      if (levels.back() == 0) levels.pop_back();
    }
  }
}

bool is_keyword(const Item* before, const Item& item) {
  if (!is_token(item, TokenType::Ident) || (item.text != "in" && item.text != "if")) return false;
  return before == nullptr || !is_token(*before, TokenType::Dot);
}

// Whether a minus after `before` is a negation rather than a subtraction.
bool is_negation(const Item* before) {
  if (before == nullptr) return true;
  if (before->kind != ItemKind::Token) return false;
  switch (before->type) {
    case TokenType::OParen:
    case TokenType::OBrace:
    case TokenType::OBrack:
    case TokenType::Assign:
    case TokenType::Colon:
    case TokenType::Comma:
    case TokenType::Question:
    case TokenType::FatArrow:
    case TokenType::Plus:
    case TokenType::Minus:
    case TokenType::Star:
    case TokenType::Slash:
    case TokenType::Percent:
    case TokenType::Equal:
    case TokenType::NotEqual:
    case TokenType::Less:
    case TokenType::LessEqual:
    case TokenType::Greater:
    case TokenType::GreaterEqual:
    case TokenType::And:
    case TokenType::Or:
    case TokenType::Bang:
    case TokenType::Ellipsis:
      return true;
    default:
      return false;
  }
}

// Whether one space separates `subject` from the item `after` it; `before` precedes subject.
bool space_after(const Item* before, const Item& subject, const Item& after) {
  const bool comment_after = after.kind == ItemKind::Comment;
  if (subject.kind == ItemKind::Comment) {
    return !(is_token(after, TokenType::CParen) || is_token(after, TokenType::CBrack) ||
             is_token(after, TokenType::Comma));
  }
  if (comment_after) {
    return after.line_comment ||
           !(is_token(subject, TokenType::OParen) || is_token(subject, TokenType::OBrack));
  }
  const TokenType s = subject.kind == ItemKind::Token ? subject.type : TokenType::Invalid;
  const TokenType a = after.kind == ItemKind::Token ? after.type : TokenType::Invalid;
  if (is_keyword(before, subject)) return true;  // [for x in [a, b] : x], `if (...)`
  if (s == TokenType::Ident && a == TokenType::OParen) return false;  // calls
  // `a.0. 1`: without the space, `0.1` would read as one number.
  if (s == TokenType::Dot && a == TokenType::Number && before != nullptr &&
      is_token(*before, TokenType::Number))
    return true;
  if (s == TokenType::Dot || a == TokenType::Dot) return false;
  if (a == TokenType::Comma || a == TokenType::Ellipsis) return false;
  if (s == TokenType::Comma) return true;
  if (a == TokenType::OBrack && (s == TokenType::Ident || s == TokenType::Number ||
                                 bracket_change(subject) < 0 || subject.kind == ItemKind::Template))
    return false;  // indexing
  if (s == TokenType::Bang) return false;
  if (s == TokenType::Minus) return !is_negation(before);
  if (s == TokenType::OBrace || a == TokenType::CBrace)
    return !(s == TokenType::OBrace && a == TokenType::CBrace);
  if (bracket_change(subject) > 0) return false;
  if (bracket_change(after) < 0) return false;
  return true;
}

// Display width, in code points, of UTF-8 text on one line.
size_t columns(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// A laid-out line: its cells as text, and the widths alignment works with.
struct Cells {
  std::string lead;        // indent and everything before the aligned `=`
  std::string assign;      // from `=` up to a trailing comment
  std::string comment;     // a trailing comment
  size_t lead_pad = 0;     // spaces before `assign`
  size_t comment_pad = 0;  // spaces before `comment`
};

Cells render_cells(Line& line) {
  std::vector<Item>& items = line.items;
  size_t end = items.size();
  line.multiline =
      std::any_of(items.begin(), items.end(), [](const Item& i) { return i.multiline; });
  if (items.size() > 1 && items.back().kind == ItemKind::Comment) {
    line.trailing_comment = true;
    --end;
  }
  for (size_t i = 1; i < end; ++i) {
    if (!is_token(items[i], TokenType::Assign)) continue;
    int net = 0;
    for (size_t j = i; j < end; ++j) net += bracket_change(items[j]);
    if (net == 0) line.assign = i;
    break;
  }
  Cells cells;
  cells.lead.assign(static_cast<size_t>(line.indent) * 2, ' ');
  std::string* cell = &cells.lead;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      bool space = space_after(i > 1 ? &items[i - 2] : nullptr, items[i - 1], items[i]);
      if (i == line.assign) {
        cell = &cells.assign;
        cells.lead_pad = 1;
      } else if (i == end) {
        cell = &cells.comment;
        cells.comment_pad = 1;
      } else if (space) {
        *cell += ' ';
      }
    }
    *cell += items[i].text;
  }
  return cells;
}

// Pads the `=` of consecutive single-line attributes at one indent to one column, then the
// trailing comments of consecutive lines; a blank line, a comment line, a block or a
// multi-line value ends a run, as in `terraform fmt`.
void align(std::vector<Line>& lines, std::vector<Cells>& cells) {
  auto run_assign = [&](size_t from, size_t to) {
    size_t width = 0;
    for (size_t k = from; k < to; ++k) width = std::max(width, columns(cells[k].lead));
    for (size_t k = from; k < to; ++k) cells[k].lead_pad = width - columns(cells[k].lead) + 1;
  };
  for (size_t i = 0; i < lines.size();) {
    auto in_run = [&](size_t k) {
      return lines[k].assign != std::string::npos && !lines[k].multiline &&
             lines[k].indent == lines[i].indent;
    };
    if (!in_run(i)) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < lines.size() && in_run(j)) ++j;
    run_assign(i, j);
    i = j;
  }
  auto width_before_comment = [&](size_t k) {
    const Cells& c = cells[k];
    return columns(c.lead) + (c.assign.empty() ? 0 : c.lead_pad + columns(c.assign));
  };
  for (size_t i = 0; i < lines.size();) {
    auto in_run = [&](size_t k) { return lines[k].trailing_comment && !lines[k].multiline; };
    if (!in_run(i)) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < lines.size() && in_run(j)) ++j;
    size_t width = 0;
    for (size_t k = i; k < j; ++k) width = std::max(width, width_before_comment(k));
    for (size_t k = i; k < j; ++k) cells[k].comment_pad = width - width_before_comment(k) + 1;
    i = j;
  }
}

}  // namespace

std::string format_tokens(std::string_view text) {
  std::vector<Line> lines = LineBuilder(text).build();
  assign_indents(lines);
  std::vector<Cells> cells;
  cells.reserve(lines.size());
  for (Line& line : lines) cells.push_back(line.items.empty() ? Cells{} : render_cells(line));
  align(lines, cells);

  std::string out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") out = "\xEF\xBB\xBF";
  bool pending_blank = false, started = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].items.empty()) {
      pending_blank = started;
      continue;
    }
    if (pending_blank) out += '\n';
    pending_blank = false;
    started = true;
    const Cells& c = cells[i];
    out += c.lead;
    if (!c.assign.empty()) out.append(c.lead_pad, ' ').append(c.assign);
    if (!c.comment.empty()) out.append(c.comment_pad, ' ').append(c.comment);
    out += '\n';
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
  std::string out = format_tokens(text);
  // Formatting only moves whitespace; if the tokens differ, it is a bug, and the file stays.
  if (!same_content(text, out)) {
    diags.error("fedplan cannot format this file safely",
                "The formatted text would not have the same tokens and comments as the file, "
                "which is a bug in fedplan; the file is left as it is. Please report it.",
                SourceRange{path, SourcePos{}, SourcePos{}});
    return std::nullopt;
  }
  return out;
}

}  // namespace fedplan
