// Safety checks of the formatter: lexical errors and bracket nesting before the token walk,
// and token-for-token comparison of its result with the input afterwards.
#include "lang/format_check.h"

#include <vector>

#include "lang/lexer.h"

namespace fedplan {

namespace {

bool is_opener(TokenType t) {
  return t == TokenType::OBrace || t == TokenType::OBrack || t == TokenType::OParen ||
         t == TokenType::OQuote || t == TokenType::OHeredoc || t == TokenType::TemplateInterp ||
         t == TokenType::TemplateControl;
}

bool closes(TokenType open, TokenType close) {
  switch (close) {
    case TokenType::CBrace:
      return open == TokenType::OBrace;
    case TokenType::CBrack:
      return open == TokenType::OBrack;
    case TokenType::CParen:
      return open == TokenType::OParen;
    case TokenType::CQuote:
      return open == TokenType::OQuote;
    case TokenType::CHeredoc:
      return open == TokenType::OHeredoc;
    case TokenType::TemplateSeqEnd:
      return open == TokenType::TemplateInterp || open == TokenType::TemplateControl;
    default:
      return false;
  }
}

bool is_closer(TokenType t) {
  return t == TokenType::CBrace || t == TokenType::CBrack || t == TokenType::CParen ||
         t == TokenType::CQuote || t == TokenType::CHeredoc || t == TokenType::TemplateSeqEnd;
}

}  // namespace

void check_tokens(std::string_view text, const std::string& path, Diagnostics& diags) {
  Lexer lexer(text);
  std::vector<Token> open;
  Diagnostics nesting;  // the first bracket error; lexical errors, if any, are reported instead
  auto range = [&](const Token& t) { return SourceRange{path, t.start, t.end}; };
  for (;;) {
    Token t = lexer.next();
    if (t.type == TokenType::EndOfFile) break;
    if (!nesting.empty()) continue;
    if (is_opener(t.type)) {
      open.push_back(t);
    } else if (is_closer(t.type) && open.empty()) {
      nesting.error(std::string("Unexpected ") + token_type_name(t.type),
                    "Nothing is open here for it to close.", range(t));
    } else if (is_closer(t.type) && !closes(open.back().type, t.type)) {
      nesting.error(std::string("Mismatched ") + token_type_name(t.type),
                    std::string("The innermost open bracket is ") +
                        token_type_name(open.back().type) + " on line " +
                        std::to_string(open.back().start.line) + ", which this does not close.",
                    range(t));
    } else if (is_closer(t.type)) {
      open.pop_back();
    }
  }
  if (!lexer.errors().empty()) {
    for (const LexError& e : lexer.errors())
      diags.error(e.summary, e.detail, SourceRange{path, e.start, e.end});
    return;
  }
  if (nesting.empty() && !open.empty())
    nesting.error(std::string("Unclosed ") + token_type_name(open.back().type),
                  "The file ends before this is closed.", range(open.back()));
  diags.append(std::move(nesting));
}

namespace {

// A token as compared by same_content.
struct Lexeme {
  TokenType type;
  std::string_view text;
  bool operator==(const Lexeme&) const = default;
};

std::vector<Lexeme> lexemes(std::string_view text) {
  std::vector<Lexeme> out;
  Lexer lexer(text);
  for (;;) {
    Token t = lexer.next();
    if (t.type == TokenType::EndOfFile) break;
    std::string_view s = t.text(text);
    if (t.type == TokenType::Newline) {
      if (out.empty() || out.back().type == TokenType::Newline) continue;
    } else if (t.type == TokenType::OHeredoc) {
      while (!s.empty() &&
             (s.back() == '\n' || s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    }
    out.push_back(Lexeme{t.type, s});
  }
  if (!out.empty() && out.back().type == TokenType::Newline) out.pop_back();
  return out;
}

std::string non_blank(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  return out;
}

}  // namespace

bool same_content(std::string_view a, std::string_view b) {
  // A byte order mark is dropped, as terraform fmt drops it.
  if (a.starts_with("\xEF\xBB\xBF")) a.remove_prefix(3);
  if (b.starts_with("\xEF\xBB\xBF")) b.remove_prefix(3);
  return non_blank(a) == non_blank(b) && lexemes(a) == lexemes(b);
}

}  // namespace fedplan
