// rewrite_like_terraform: a walk over the tokens that follows block bodies and their arguments,
// then terraform fmt's formatValueExpr and formatTypeExpr rules on each argument's tokens.
#include "lang/format_rewrite.h"

#include <algorithm>
#include <vector>

#include "lang/lexer.h"

namespace fedplan {

namespace {

// One replacement of source bytes [from, to).
struct Edit {
  int64_t from;
  int64_t to;
  std::string text;
};

class Unwrapper {
 public:
  explicit Unwrapper(std::string_view src) : src_(src) {
    Lexer lexer(src);
    for (;;) {
      Token t = lexer.next();
      toks_.push_back(t);
      if (t.type == TokenType::EndOfFile) break;
    }
  }

  std::string run() {
    size_t i = 0;
    std::vector<std::string> path;
    body(i, path);
    std::string out;
    int64_t at = 0;
    for (const Edit& e : edits_) {
      out.append(src_.substr(static_cast<size_t>(at), static_cast<size_t>(e.from - at)));
      out += e.text;
      at = e.to;
    }
    out.append(src_.substr(static_cast<size_t>(at)));
    return out;
  }

 private:
  TokenType type(size_t i) const { return toks_[std::min(i, toks_.size() - 1)].type; }
  std::string_view text(size_t i) const { return toks_[i].text(src_); }
  std::string_view span(size_t first, size_t last) const {
    return src_.substr(static_cast<size_t>(toks_[first].start.byte),
                       static_cast<size_t>(toks_[last].end.byte - toks_[first].start.byte));
  }

  // Whether anything but blanks and newlines lies between tokens first..last (a comment).
  bool has_comment(size_t first, size_t last) const {
    for (size_t k = first; k < last; ++k)
      for (int64_t b = toks_[k].end.byte; b < toks_[k + 1].start.byte; ++b) {
        char c = src_[static_cast<size_t>(b)];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return true;
      }
    return false;
  }

  // A body's arguments and blocks, up to the `}` that closes it (or the end of the file).
  void body(size_t& i, std::vector<std::string>& path) {
    for (;;) {
      while (type(i) == TokenType::Newline) ++i;
      if (type(i) == TokenType::EndOfFile || type(i) == TokenType::CBrace) return;
      if (type(i) == TokenType::Ident && type(i + 1) == TokenType::Assign) {
        std::string name(text(i));
        size_t first = i + 2, end = value_end(first);
        argument(name, first, end, path);
        i = end;
        continue;
      }
      path.emplace_back(text(i));
      // Labels written as names are quoted: `resource null_resource x` is
      // `resource "null_resource" "x"`.
      for (++i; type(i) != TokenType::OBrace && type(i) != TokenType::EndOfFile; ++i)
        if (type(i) == TokenType::Ident)
          edits_.push_back(
              {toks_[i].start.byte, toks_[i].end.byte, "\"" + std::string(text(i)) + "\""});
      if (type(i) == TokenType::EndOfFile) return;
      body(++i, path);
      if (type(i) == TokenType::CBrace) ++i;
      path.pop_back();
    }
  }

  // Where the expression starting at `i` ends: a newline, or the `}` of a one-line block,
  // outside every bracket and template.
  size_t value_end(size_t i) const {
    int depth = 0;
    for (;; ++i) {
      TokenType t = type(i);
      if (t == TokenType::EndOfFile) return i;
      if (depth == 0 && (t == TokenType::Newline || t == TokenType::CBrace)) return i;
      switch (t) {
        case TokenType::OBrace:
        case TokenType::OBrack:
        case TokenType::OParen:
        case TokenType::OQuote:
        case TokenType::OHeredoc:
        case TokenType::TemplateInterp:
        case TokenType::TemplateControl:
          ++depth;
          break;
        case TokenType::CBrace:
        case TokenType::CBrack:
        case TokenType::CParen:
        case TokenType::CQuote:
        case TokenType::CHeredoc:
        case TokenType::TemplateSeqEnd:
          --depth;
          break;
        default:
          break;
      }
    }
  }

  void argument(const std::string& name, size_t first, size_t end,
                const std::vector<std::string>& path) {
    if (end <= first || has_comment(first, end - 1)) return;
    if (path.size() == 1 && path[0] == "variable" && name == "type") {
      type_expr(first, end);
      return;
    }
    value_expr(first, end);
  }

  // terraform fmt's formatTypeExpr: `list` is `list(any)`; `"string"` (Terraform 0.11) is
  // `string`, `"list"` and `"map"` are collections of strings.
  void type_expr(size_t first, size_t end) {
    const Token& a = toks_[first];
    if (end - first == 1 && a.type == TokenType::Ident) {
      std::string_view kw = text(first);
      if (kw == "list" || kw == "map" || kw == "set")
        edits_.push_back({a.start.byte, a.end.byte, std::string(kw) + "(any)"});
      return;
    }
    if (end - first != 3 || a.type != TokenType::OQuote ||
        type(first + 1) != TokenType::TemplateLiteral || type(first + 2) != TokenType::CQuote)
      return;
    std::string_view lit = text(first + 1);
    std::string to = lit == "string" ? "string"
                     : lit == "list" ? "list(string)"
                     : lit == "map"  ? "map(string)"
                                     : "";
    if (!to.empty()) edits_.push_back({a.start.byte, toks_[first + 2].end.byte, to});
  }

  // terraform fmt's formatValueExpr: "${EXPR}" with nothing else in the outer string is EXPR.
  void value_expr(size_t first, size_t end) {
    if (end - first < 5 || type(first) != TokenType::OQuote ||
        type(first + 1) != TokenType::TemplateInterp ||
        type(end - 2) != TokenType::TemplateSeqEnd || type(end - 1) != TokenType::CQuote)
      return;
    int quotes = 0;
    for (size_t k = first + 2; k < end - 2; ++k) {
      TokenType t = type(k);
      if (t == TokenType::OQuote || t == TokenType::OHeredoc) {
        ++quotes;
      } else if (t == TokenType::CQuote || t == TokenType::CHeredoc) {
        --quotes;
      } else if (quotes == 0 &&
                 (t == TokenType::TemplateInterp || t == TokenType::TemplateControl ||
                  t == TokenType::TemplateSeqEnd || t == TokenType::TemplateLiteral)) {
        return;  // "${a}${b}", "x${a}": not one interpolation
      }
    }
    size_t lo = first + 2, hi = end - 2;  // the inside, without newlines at either end
    while (lo < hi && type(lo) == TokenType::Newline) ++lo;
    while (hi > lo && type(hi - 1) == TokenType::Newline) --hi;
    if (lo == hi) return;
    bool multiline = false;
    for (size_t k = lo; k < hi; ++k) multiline = multiline || type(k) == TokenType::Newline;
    bool parens = type(lo) == TokenType::OParen && type(hi - 1) == TokenType::CParen;
    std::string inside(span(lo, hi - 1));
    if (multiline && !parens) inside = "(" + inside + ")";
    edits_.push_back({toks_[first].start.byte, toks_[end - 1].end.byte, std::move(inside)});
  }

  std::string_view src_;
  std::vector<Token> toks_;
  std::vector<Edit> edits_;
};

}  // namespace

std::string rewrite_like_terraform(std::string_view text) {
  return Unwrapper(text).run();
}

}  // namespace fedplan
