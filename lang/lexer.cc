// Lexer: a hand-written scanner with a small stack of modes (expression, quoted string,
// heredoc, template file). Every loop advances, so any input ends in EndOfFile.
#include "lang/lexer.h"

#include <cstring>

#include "base/utf8.h"

namespace fedplan {

const char* token_type_name(TokenType type) {
  switch (type) {
    case TokenType::EndOfFile:
      return "end of file";
    case TokenType::Newline:
      return "newline";
    case TokenType::Ident:
      return "identifier";
    case TokenType::Number:
      return "number";
    case TokenType::OQuote:
      return "string";
    case TokenType::CQuote:
      return "closing quote";
    case TokenType::OHeredoc:
      return "heredoc";
    case TokenType::CHeredoc:
      return "heredoc end marker";
    case TokenType::TemplateLiteral:
      return "template text";
    case TokenType::TemplateInterp:
      return "\"${\"";
    case TokenType::TemplateControl:
      return "\"%{\"";
    case TokenType::TemplateSeqEnd:
      return "\"}\"";
    case TokenType::OBrace:
      return "\"{\"";
    case TokenType::CBrace:
      return "\"}\"";
    case TokenType::OBrack:
      return "\"[\"";
    case TokenType::CBrack:
      return "\"]\"";
    case TokenType::OParen:
      return "\"(\"";
    case TokenType::CParen:
      return "\")\"";
    case TokenType::Comma:
      return "\",\"";
    case TokenType::Dot:
      return "\".\"";
    case TokenType::Ellipsis:
      return "\"...\"";
    case TokenType::Colon:
      return "\":\"";
    case TokenType::Question:
      return "\"?\"";
    case TokenType::Assign:
      return "\"=\"";
    case TokenType::FatArrow:
      return "\"=>\"";
    case TokenType::Plus:
      return "\"+\"";
    case TokenType::Minus:
      return "\"-\"";
    case TokenType::Star:
      return "\"*\"";
    case TokenType::Slash:
      return "\"/\"";
    case TokenType::Percent:
      return "\"%\"";
    case TokenType::Bang:
      return "\"!\"";
    case TokenType::And:
      return "\"&&\"";
    case TokenType::Or:
      return "\"||\"";
    case TokenType::Equal:
      return "\"==\"";
    case TokenType::NotEqual:
      return "\"!=\"";
    case TokenType::Less:
      return "\"<\"";
    case TokenType::LessEqual:
      return "\"<=\"";
    case TokenType::Greater:
      return "\">\"";
    case TokenType::GreaterEqual:
      return "\">=\"";
    case TokenType::Invalid:
      return "invalid character";
  }
  return "token";
}

namespace {

bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool is_ident_char(unsigned char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

bool is_identifier(std::string_view s) {
  if (s.empty() || !is_ident_start(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!is_ident_char(static_cast<unsigned char>(c))) return false;
  return true;
}

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

Lexer::Lexer(std::string_view source, Start start, SourcePos origin)
    : src_(source), line_(origin.line), column_base_(origin.column), byte_base_(origin.byte) {
  // A UTF-8 byte order mark carries no meaning.
  if (src_.substr(0, 3) == "\xEF\xBB\xBF") {
    p_ = 3;
    line_start_ = 3;
  }
  check_encoding();
  if (start == Start::Template) {
    Frame f{Frame::Kind::TemplateFile};
    f.line_start = true;
    frames_.push_back(f);
  }
}

SourcePos Lexer::pos() const {
  SourcePos p;
  p.line = line_;
  p.column = static_cast<int>(static_cast<int64_t>(p_) - line_start_) + column_base_;
  p.byte = byte_base_ + static_cast<int64_t>(p_);
  return p;
}

void Lexer::advance(size_t n) {
  p_ = std::min(p_ + n, src_.size());
}

void Lexer::advance_newline() {
  ++p_;
  ++line_;
  line_start_ = static_cast<int64_t>(p_);
  column_base_ = 1;
}

void Lexer::check_encoding() {
  std::string_view rest = src_.substr(p_);
  if (rest.find('\0') == std::string_view::npos && is_valid_utf8(rest)) return;
  SourcePos at = pos();
  int64_t line_start = line_start_;
  int reported_line = 0;
  for (size_t i = p_; i < src_.size();) {
    unsigned char c = static_cast<unsigned char>(src_[i]);
    size_t n = c == 0 ? 0 : utf8_sequence_length(src_, i);
    if (n == 0 && reported_line != at.line) {
      reported_line = at.line;
      SourcePos p = at;
      p.column = static_cast<int>(static_cast<int64_t>(i) - line_start) +
                 (at.line == line_ ? column_base_ : 1);
      p.byte = byte_base_ + static_cast<int64_t>(i);
      SourcePos end = p;
      ++end.column;
      ++end.byte;
      if (c == 0)
        error("Invalid character",
              "A NUL byte (U+0000) is not allowed in source text: the file may be binary or "
              "damaged.",
              p, end);
      else
        error("Invalid character encoding",
              "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in "
              "your editor.",
              p, end);
    }
    if (c == '\n') {
      ++at.line;
      line_start = static_cast<int64_t>(i) + 1;
    }
    i += n == 0 ? 1 : n;
  }
}

void Lexer::error(std::string summary, std::string detail, SourcePos start, SourcePos end) {
  errors_.push_back(LexError{std::move(summary), std::move(detail), start, end});
}

Token Lexer::next() {
  if (frames_.empty()) return next_expression();
  Frame& f = frames_.back();
  switch (f.kind) {
    case Frame::Kind::Brace:
    case Frame::Kind::Interp:
      return next_expression();
    case Frame::Kind::Quoted:
      return next_quoted(f);
    case Frame::Kind::Heredoc:
      return next_heredoc(f);
    case Frame::Kind::TemplateFile:
      return next_template_file(f);
  }
  return next_expression();
}

void Lexer::skip_block_comment() {
  SourcePos start = pos();
  advance(2);
  while (!at_end()) {
    char c = src_[p_];
    if (c == '*' && peek(1) == '/') {
      advance(2);
      return;
    }
    if (c == '\n') {
      advance_newline();
    } else {
      ++p_;
    }
  }
  error("Unclosed comment", "A comment that starts with /* must end with */.", start, pos());
}

bool Lexer::try_template_open(Token* out) {
  char c = peek();
  if ((c != '$' && c != '%') || peek(1) != '{') return false;
  SourcePos start = pos();
  advance(peek(2) == '~' ? 3 : 2);
  *out = make(c == '$' ? TokenType::TemplateInterp : TokenType::TemplateControl, start);
  frames_.push_back(Frame{Frame::Kind::Interp});
  return true;
}

bool Lexer::try_heredoc_start(Token* out) {
  // <<EOT or <<-EOT, then optional spaces and a newline.
  size_t q = p_ + 2;
  bool indented = q < src_.size() && src_[q] == '-';
  if (indented) ++q;
  size_t name_start = q;
  if (q >= src_.size() || !is_ident_start(static_cast<unsigned char>(src_[q]))) return false;
  while (q < src_.size() && is_ident_char(static_cast<unsigned char>(src_[q]))) ++q;
  std::string_view marker = src_.substr(name_start, q - name_start);
  size_t r = q;
  while (r < src_.size() && (src_[r] == ' ' || src_[r] == '\t' || src_[r] == '\r')) ++r;
  SourcePos start = pos();
  if (r < src_.size() && src_[r] != '\n') {
    advance(q - p_);
    error("Invalid heredoc",
          "A heredoc marker such as <<" + std::string(marker) +
              " must be followed by a newline; the text starts on the next line.",
          start, pos());
    *out = make(TokenType::Invalid, start);
    return true;
  }
  advance(r - p_);
  if (!at_end()) advance_newline();
  *out = make(TokenType::OHeredoc, start);
  Frame f{Frame::Kind::Heredoc};
  f.indented = indented;
  f.line_start = true;
  f.marker = marker;
  f.opened = start;
  frames_.push_back(f);
  return true;
}

void Lexer::skip_space_and_comments() {
  while (!at_end()) {
    char c = src_[p_];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++p_;
    } else if (c == '#' || (c == '/' && peek(1) == '/')) {
      const void* nl = std::memchr(src_.data() + p_, '\n', src_.size() - p_);
      p_ = nl ? static_cast<size_t>(static_cast<const char*>(nl) - src_.data()) : src_.size();
    } else if (c == '/' && peek(1) == '*') {
      skip_block_comment();
    } else {
      return;
    }
  }
}

Token Lexer::next_number(SourcePos start) {
  while (is_digit(peek())) ++p_;
  if (peek() == '.' && is_digit(peek(1))) {
    ++p_;
    while (is_digit(peek())) ++p_;
  }
  if (peek() == 'e' || peek() == 'E') {
    size_t ahead = (peek(1) == '+' || peek(1) == '-') ? 2 : 1;
    if (is_digit(peek(ahead))) {
      advance(ahead);
      while (is_digit(peek())) ++p_;
    }
  }
  return make(TokenType::Number, start);
}

Token Lexer::next_expression() {
  skip_space_and_comments();
  SourcePos start = pos();
  if (at_end()) return make(TokenType::EndOfFile, start);
  unsigned char c = static_cast<unsigned char>(src_[p_]);
  if (c == '\n') {
    advance_newline();
    Token t{TokenType::Newline, start, start};
    t.end.byte = start.byte + 1;
    t.end.column = start.column + 1;
    return t;
  }
  if (is_ident_start(c)) {
    ++p_;
    while (!at_end() && is_ident_char(static_cast<unsigned char>(src_[p_]))) ++p_;
    return make(TokenType::Ident, start);
  }
  if (is_digit(static_cast<char>(c))) return next_number(start);
  auto one = [&](TokenType t) {
    ++p_;
    return make(t, start);
  };
  auto two = [&](TokenType t) {
    p_ += 2;
    return make(t, start);
  };
  char n1 = peek(1);
  switch (c) {
    case '"': {
      ++p_;
      Frame f{Frame::Kind::Quoted};
      f.opened = start;
      frames_.push_back(f);
      return make(TokenType::OQuote, start);
    }
    case '{':
      frames_.push_back(Frame{Frame::Kind::Brace});
      return one(TokenType::OBrace);
    case '}':
      if (!frames_.empty() && frames_.back().kind == Frame::Kind::Interp) {
        frames_.pop_back();
        return one(TokenType::TemplateSeqEnd);
      }
      if (!frames_.empty() && frames_.back().kind == Frame::Kind::Brace) frames_.pop_back();
      return one(TokenType::CBrace);
    case '~':
      if (n1 == '}' && !frames_.empty() && frames_.back().kind == Frame::Kind::Interp) {
        frames_.pop_back();
        return two(TokenType::TemplateSeqEnd);
      }
      break;
    case '[':
      return one(TokenType::OBrack);
    case ']':
      return one(TokenType::CBrack);
    case '(':
      return one(TokenType::OParen);
    case ')':
      return one(TokenType::CParen);
    case ',':
      return one(TokenType::Comma);
    case '.':
      if (n1 == '.' && peek(2) == '.') {
        p_ += 3;
        return make(TokenType::Ellipsis, start);
      }
      return one(TokenType::Dot);
    case ':':
      return one(TokenType::Colon);
    case '?':
      return one(TokenType::Question);
    case '=':
      if (n1 == '=') return two(TokenType::Equal);
      if (n1 == '>') return two(TokenType::FatArrow);
      return one(TokenType::Assign);
    case '+':
      return one(TokenType::Plus);
    case '-':
      return one(TokenType::Minus);
    case '*':
      return one(TokenType::Star);
    case '/':
      return one(TokenType::Slash);
    case '%':
      return one(TokenType::Percent);
    case '!':
      if (n1 == '=') return two(TokenType::NotEqual);
      return one(TokenType::Bang);
    case '&':
      if (n1 == '&') return two(TokenType::And);
      break;
    case '|':
      if (n1 == '|') return two(TokenType::Or);
      break;
    case '<': {
      if (n1 == '<') {
        Token t;
        if (try_heredoc_start(&t)) return t;
      }
      if (n1 == '=') return two(TokenType::LessEqual);
      return one(TokenType::Less);
    }
    case '>':
      if (n1 == '=') return two(TokenType::GreaterEqual);
      return one(TokenType::Greater);
    default:
      break;
  }
  return next_invalid(start);
}

// Text that is no token: a single-quoted string is one error, as is a run of characters the
// language does not use; lexing continues after it.
Token Lexer::next_invalid(SourcePos start) {
  unsigned char c = static_cast<unsigned char>(src_[p_]);
  if (c == '\'') {
    // A single-quoted string: one error for all of it, not one per quote.
    size_t q = p_ + 1;
    while (q < src_.size() && src_[q] != '\'' && src_[q] != '\n') ++q;
    if (q < src_.size() && src_[q] == '\'') {
      p_ = q + 1;
      error("Invalid character", "Strings are written in double quotes: \"like this\".", start,
            pos());
      return make(TokenType::Invalid, start);
    }
  }
  // Not a token: report once for a run of such characters and continue after it.
  while (!at_end()) {
    unsigned char d = static_cast<unsigned char>(src_[p_]);
    if (d == '\n' || d == ' ' || d == '\t' || is_ident_start(d) || is_digit(d)) break;
    if (std::strchr("\"{}[](),.:?=+-*/%!<>#", d) && d != 0) break;
    ++p_;
    if (d == '&' || d == '|') break;
  }
  if (p_ == static_cast<size_t>(start.byte - byte_base_)) ++p_;
  std::string shown(src_.substr(static_cast<size_t>(start.byte - byte_base_),
                                std::min<size_t>(8, p_ - (start.byte - byte_base_))));
  std::string detail = "This character is not used in the language.";
  if (shown[0] == '&' || shown[0] == '|')
    detail = "Use \"&&\" and \"||\" for logical and/or; single \"&\" and \"|\" are not operators.";
  else if (shown[0] == '\'')
    detail = "Strings are written in double quotes: \"like this\".";
  error("Invalid character", detail, start, pos());
  return make(TokenType::Invalid, start);
}

void Lexer::scan_template_literal(bool quoted) {
  while (!at_end()) {
    char c = src_[p_];
    if (c == '\n') return;
    if (quoted && c == '"') return;
    if (quoted && c == '\\') {
      // Skip the escaped character so that \" and \\ do not end or confuse the string.
      if (peek(1) == '\n' || at_end(1)) {
        ++p_;
        return;
      }
      p_ += 2;
      continue;
    }
    if ((c == '$' || c == '%') && peek(1) == c && peek(2) == '{') {
      p_ += 3;  // $${ and %%{ are literal
      continue;
    }
    if ((c == '$' || c == '%') && peek(1) == '{') return;
    ++p_;
  }
}

Token Lexer::next_quoted(Frame& f) {
  SourcePos start = pos();
  Token t;
  if (try_template_open(&t)) return t;
  if (at_end() || peek() == '\n') {
    SourcePos opened = f.opened;
    frames_.pop_back();
    error("Unclosed string",
          "A string that starts with \" must end with \" on the same line; use a heredoc "
          "(<<EOT) for text over several lines.",
          opened, start);
    return Token{TokenType::CQuote, start, start};
  }
  if (peek() == '"') {
    frames_.pop_back();
    ++p_;
    return make(TokenType::CQuote, start);
  }
  scan_template_literal(true);
  return make(TokenType::TemplateLiteral, start);
}

Token Lexer::next_heredoc(Frame& f) {
  SourcePos start = pos();
  if (at_end()) {
    SourcePos opened = f.opened;
    std::string marker(f.marker);
    frames_.pop_back();
    error("Unclosed heredoc", "The heredoc must end with a line containing only " + marker + ".",
          opened, start);
    return Token{TokenType::CHeredoc, start, start};
  }
  if (f.line_start) {
    // Is this line the end marker (optionally indented)?
    size_t q = p_;
    while (q < src_.size() && (src_[q] == ' ' || src_[q] == '\t')) ++q;
    if (src_.compare(q, f.marker.size(), f.marker) == 0) {
      size_t r = q + f.marker.size();
      size_t s = r;
      while (s < src_.size() && (src_[s] == ' ' || src_[s] == '\t' || src_[s] == '\r')) ++s;
      if (s >= src_.size() || src_[s] == '\n') {
        p_ = r;
        frames_.pop_back();
        return make(TokenType::CHeredoc, start);
      }
    }
  }
  Token t;
  if (try_template_open(&t)) {
    // The push may have moved the frames; reach the heredoc frame by index.
    frames_[frames_.size() - 2].line_start = false;
    return t;
  }
  scan_template_literal(false);
  bool newline = peek() == '\n';
  if (newline) advance_newline();
  Frame& top = frames_.back();
  top.line_start = newline;
  Token lit{TokenType::TemplateLiteral, start, pos()};
  return lit;
}

Token Lexer::next_template_file(Frame&) {
  SourcePos start = pos();
  if (at_end()) return make(TokenType::EndOfFile, start);
  Token t;
  if (try_template_open(&t)) return t;
  scan_template_literal(false);
  if (peek() == '\n') advance_newline();
  return Token{TokenType::TemplateLiteral, start, pos()};
}

}  // namespace fedplan
