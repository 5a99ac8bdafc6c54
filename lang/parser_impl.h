// Parser internals shared by parser.cc (bodies), parser_expr.cc (expressions) and
// parser_template.cc (strings, heredocs, template files). Not for use outside lang/.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "lang/ast.h"
#include "lang/lexer.h"

namespace fedplan {

// A new AST node of type T covering `span`.
template <class T>
std::shared_ptr<T> make_node(Span span) {
  auto n = std::make_shared<T>();
  n->span = std::move(span);
  return n;
}

struct TemplateItem;  // one piece of a template before its if/for tree is built
struct TemplateTree;  // the pieces being built into a tree, and how far the build has read

// A recursive-descent parser over a streaming lexer with a few tokens of lookahead.
// Newlines are significant in bodies and object constructors and skipped inside (), [],
// `${ }` and for expressions; `newlines_` holds the current mode.
class Parser {
 public:
  Parser(std::string_view text, const std::string& path, Lexer::Start start, SourcePos origin,
         Diagnostics& diags);

  Body parse_file_body();
  ExprPtr parse_standalone_expression();
  ExprPtr parse_template_file();

 private:
  // Deepest nesting of blocks and expressions; deeper input is rejected, not recursed into,
  // so garbage cannot exhaust the stack.
  static constexpr int kMaxDepth = 200;
  // After this many errors in one file the rest are dropped (with one note saying so).
  static constexpr size_t kMaxErrors = 50;

  friend struct DepthGuard;
  friend struct NewlineMode;

  // --- tokens (parser.cc)
  Token peek(size_t n = 0);
  Token take();
  void fill(size_t count);
  void drain_lexer_errors();
  Span span(const Token& t) const { return Span{file_, t.start, t.end}; }
  Span span(SourcePos a, SourcePos b) const { return Span{file_, a, b}; }
  std::string_view text(const Token& t) const {
    return src_.substr(static_cast<size_t>(t.start.byte - byte_base_),
                       static_cast<size_t>(t.end.byte - t.start.byte));
  }
  bool is_keyword(const Token& t, std::string_view word) const {
    return t.type == TokenType::Ident && text(t) == word;
  }
  // Reports a syntax error unless this item already has one; marks the item failed.
  void error(std::string summary, std::string detail, const Span& where);
  void add_error(std::string summary, std::string detail, const Span& where);
  // Skips to the end of the current item: a newline at the item's nesting, or (not consumed)
  // the `}` closing the enclosing block, or the end of file.
  void recover(int item_nest);
  std::string found(const Token& t) const;  // "newline", "\"]\"", "identifier \"foo\""

  // --- bodies (parser.cc)
  void parse_body(Body& body, const std::string* block_type, int open_line);
  // Attribute names of one body by their source text, built once a body grows large so that
  // duplicate checks stay linear overall.
  using NameIndex = std::unordered_map<std::string_view, size_t>;
  void parse_item(Body& body, NameIndex& names);
  void parse_block(Body& body, const Token& type_tok);
  void expect_item_end(const char* what, int item_nest);

  // --- expressions (parser_expr.cc)
  ExprPtr parse_expr();
  ExprPtr parse_binary(int min_prec);
  ExprPtr parse_unary();
  enum class SplatMode { None, Full, Attr };
  ExprPtr parse_postfix(ExprPtr base, SplatMode mode);
  void parse_legacy_index(const Token& number, std::vector<TraversalStep>& steps);
  ExprPtr parse_primary();
  ExprPtr parse_call(const Token& name);
  ExprPtr parse_tuple(const Token& open);
  ExprPtr parse_object(const Token& open);
  ExprPtr parse_for(const Token& open, bool object);
  ExprPtr invalid(const Span& where);
  bool at_for_keyword();

  // --- templates (parser_template.cc)
  enum class TemplateKind { Quoted, Heredoc, File };
  // Which directive ends the part of a template being built (not consumed).
  enum class TemplateStop { End, ElseOrEndIf, EndFor };
  ExprPtr parse_template_body(TemplateKind kind, const Token& open, bool indented);
  ExprPtr parse_plain_string(const Token& open);
  bool scan_template(TemplateKind kind, std::vector<TemplateItem>& items, SourcePos* end);
  bool parse_template_interp(const Token& start, TemplateItem& item);
  bool parse_template_directive(const Token& start, TemplateItem& item);
  bool parse_template_for(TemplateItem& item);
  bool end_template_sequence(const Token& start, TemplateItem& item, const char* what,
                             const char* opener);
  bool decode_template_escapes(TemplateItem& item, bool quoted);
  size_t decode_backslash(std::string_view raw, size_t i, SourcePos at, std::string& out);
  void bad_escape(SourcePos at, std::string detail);
  std::vector<ExprPtr> build_template(TemplateTree& tree, TemplateStop stop, int level);
  ExprPtr build_template_part(TemplateTree& tree, TemplateStop stop, int level, const Span& at);
  ExprPtr build_template_if(TemplateTree& tree, int level);
  ExprPtr build_template_for(TemplateTree& tree, int level);
  ExprPtr finish_template(std::vector<ExprPtr> parts, TemplateKind kind, bool lone_interp,
                          const Span& whole);

  std::string_view src_;
  int64_t byte_base_ = 0;  // origin.byte: the file offset of src_[0]
  std::shared_ptr<const std::string> file_;
  Lexer lexer_;
  Diagnostics& diags_;
  size_t errors_ = 0;
  bool failed_ = false;  // the current item already has a syntax error
  int depth_ = 0;
  int nest_ = 0;  // brackets, braces, quotes and template sequences open, by consumed tokens
  bool newlines_ = true;
  std::vector<Token> buf_;
  size_t head_ = 0;
};

// Counts one level of nesting for as long as it lives; `too_deep` says the limit was hit (the
// error is already reported).
struct DepthGuard {
  DepthGuard(Parser* p, const Span& where);
  ~DepthGuard() { --p->depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  Parser* p;
  bool too_deep = false;
};

// Sets whether newlines are tokens for as long as it lives.
struct NewlineMode {
  NewlineMode(Parser* p, bool significant) : p(p), saved(p->newlines_) {
    p->newlines_ = significant;
  }
  ~NewlineMode() { p->newlines_ = saved; }
  NewlineMode(const NewlineMode&) = delete;
  NewlineMode& operator=(const NewlineMode&) = delete;
  Parser* p;
  bool saved;
};

}  // namespace fedplan
