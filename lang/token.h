// Token: the lexical units of the language, produced on demand by the Lexer.
// A token holds only its kind and byte/line positions; its text is a view into the source.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/diagnostics.h"

namespace fedplan {

// The kinds of token. Template tokens (quotes, heredoc markers, literal text, `${`, `%{` and
// the `}` that ends them) let the parser see string templates without re-scanning.
enum class TokenType : uint8_t {
  EndOfFile,
  Newline,
  Ident,
  Number,
  // Templates.
  OQuote,           // "
  CQuote,           // " (zero width when the lexer had to close an unterminated string)
  OHeredoc,         // <<EOT or <<-EOT, including the newline after the marker
  CHeredoc,         // the closing marker line, without its newline
  TemplateLiteral,  // raw literal text of a quoted string or heredoc (escapes not decoded)
  TemplateInterp,   // ${ or ${~
  TemplateControl,  // %{ or %{~
  TemplateSeqEnd,   // } or ~} closing an interpolation or directive
  // Punctuation.
  OBrace,
  CBrace,
  OBrack,
  CBrack,
  OParen,
  CParen,
  Comma,
  Dot,
  Ellipsis,
  Colon,
  Question,
  Assign,    // =
  FatArrow,  // =>
  // Operators.
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Bang,
  And,
  Or,
  Equal,
  NotEqual,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  Invalid,  // a character that starts no token; the lexer has reported it
};

// A short description for error messages: "newline", "\"}\"", "identifier".
const char* token_type_name(TokenType type);

// One token: its kind and the half-open byte range [start.byte, end.byte) in the source.
struct Token {
  TokenType type = TokenType::EndOfFile;
  SourcePos start;
  SourcePos end;

  // The token's text; `source` must start at byte 0 of the file (see Lexer's origin).
  std::string_view text(std::string_view source) const {
    return source.substr(static_cast<size_t>(start.byte),
                         static_cast<size_t>(end.byte - start.byte));
  }
};

}  // namespace fedplan
