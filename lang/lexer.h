// Lexer: turns source text into tokens on demand, one pass, no allocation per token.
// It tracks string templates, heredocs and `${ }` nesting itself, so the parser never rescans.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "lang/token.h"

namespace fedplan {

// Reports lexical errors (invalid characters, unclosed strings/comments/heredocs) through a
// callback so the parser can cap and de-duplicate them.
struct LexError {
  std::string summary;
  std::string detail;
  SourcePos start;
  SourcePos end;
};

// The lexer. The source must outlive it. Lexical errors are appended to `errors()`; after an
// error the lexer recovers (an unclosed string is closed at the end of its line, an invalid
// character becomes an Invalid token) so the parser always reaches EndOfFile.
class Lexer {
 public:
  // Where the text begins: a whole file (expressions, blocks) or the body of a template file.
  enum class Start { Expression, Template };

  explicit Lexer(std::string_view source, Start start = Start::Expression,
                 SourcePos origin = SourcePos{});

  Token next();
  std::string_view source() const { return src_; }
  std::vector<LexError>& errors() { return errors_; }

 private:
  // One level of lexical context; `{` inside expressions is tracked so that the `}` closing
  // an interpolation is recognised.
  struct Frame {
    enum class Kind : uint8_t { Brace, Interp, Quoted, Heredoc, TemplateFile };
    explicit Frame(Kind k) : kind(k) {}
    Kind kind;
    bool indented = false;    // <<-EOT
    bool line_start = false;  // heredoc: at the start of a line
    std::string_view marker;  // heredoc end marker
    SourcePos opened;         // where the string/heredoc began (for errors)
  };

  SourcePos pos() const;
  char peek(size_t ahead = 0) const { return p_ + ahead < src_.size() ? src_[p_ + ahead] : '\0'; }
  bool at_end(size_t ahead = 0) const { return p_ + ahead >= src_.size(); }
  void advance(size_t n);  // over text without newlines
  void advance_newline();  // over one '\n'
  Token make(TokenType type, SourcePos start) const { return Token{type, start, pos()}; }
  void error(std::string summary, std::string detail, SourcePos start, SourcePos end);
  // Reports ill-formed UTF-8 and NUL bytes, once per line each, as Terraform refuses them.
  void check_encoding();

  Token next_expression();
  void skip_space_and_comments();
  Token next_number(SourcePos start);
  Token next_invalid(SourcePos start);
  Token next_quoted(Frame& f);
  Token next_heredoc(Frame& f);
  Token next_template_file(Frame& f);
  // Literal text of a template up to `${`, `%{`, a newline or (quoted) the closing quote.
  void scan_template_literal(bool quoted);
  // Returns the TemplateInterp/TemplateControl token at p_ if there is one and pushes a frame.
  bool try_template_open(Token* out);
  bool try_heredoc_start(Token* out);
  void skip_block_comment();

  std::string_view src_;
  size_t p_ = 0;
  int line_ = 1;
  int64_t line_start_ = 0;  // byte offset of the current line's first byte
  int column_base_ = 1;     // column of line_start_ on the first line (origin.column)
  int64_t byte_base_ = 0;   // origin.byte: offset of src_[0] in the real file
  std::vector<Frame> frames_;
  std::vector<LexError> errors_;
};

// True when `s` is one identifier as the lexer reads it (`name`, `my-key`, `_x`): what may be
// printed bare in a traversal (`a.b`) rather than indexed (`a["b c"]`).
bool is_identifier(std::string_view s);

}  // namespace fedplan
