// Parser: token buffering, error reporting and recovery, and bodies (attributes and blocks).
// Expressions are in parser_expr.cc and templates in parser_template.cc.
#include "lang/parser.h"

#include "lang/parser_impl.h"

namespace fedplan {

Parser::Parser(std::string_view text, const std::string& path, Lexer::Start start, SourcePos origin,
               Diagnostics& diags)
    : src_(text),
      byte_base_(origin.byte),
      file_(std::make_shared<const std::string>(path)),
      lexer_(text, start, origin),
      diags_(diags) {
  buf_.reserve(16);
}

DepthGuard::DepthGuard(Parser* parser, const Span& where) : p(parser) {
  if (++p->depth_ > Parser::kMaxDepth) {
    too_deep = true;
    p->error("Nesting too deep",
             "Expressions and blocks may nest at most " + std::to_string(Parser::kMaxDepth) +
                 " levels deep.",
             where);
  }
}

void Parser::fill(size_t count) {
  while (buf_.size() < count) {
    if (!buf_.empty() && buf_.back().type == TokenType::EndOfFile) {
      buf_.push_back(buf_.back());
      continue;
    }
    buf_.push_back(lexer_.next());
    if (!lexer_.errors().empty()) drain_lexer_errors();
  }
}

void Parser::drain_lexer_errors() {
  // While an item is already failing, lexer errors are usually its echoes; drop them.
  for (LexError& e : lexer_.errors())
    if (!failed_) add_error(std::move(e.summary), std::move(e.detail), span(e.start, e.end));
  lexer_.errors().clear();
}

Token Parser::peek(size_t n) {
  // The common case: the next token is already buffered and is not a skipped newline.
  if (n == 0 && head_ < buf_.size() && (newlines_ || buf_[head_].type != TokenType::Newline))
    return buf_[head_];
  size_t i = head_;
  size_t seen = 0;
  for (;;) {
    fill(i + 1);
    const Token& t = buf_[i];
    if (t.type == TokenType::EndOfFile) return t;
    if (t.type == TokenType::Newline && !newlines_) {
      ++i;
      continue;
    }
    if (seen == n) return t;
    ++seen;
    ++i;
  }
}

Token Parser::take() {
  for (;;) {
    fill(head_ + 1);
    Token t = buf_[head_];
    if (t.type != TokenType::EndOfFile) ++head_;
    if (head_ == buf_.size()) {
      buf_.clear();
      head_ = 0;
    }
    if (t.type == TokenType::Newline && !newlines_) continue;
    switch (t.type) {
      case TokenType::OBrace:
      case TokenType::OBrack:
      case TokenType::OParen:
      case TokenType::OQuote:
      case TokenType::OHeredoc:
      case TokenType::TemplateInterp:
      case TokenType::TemplateControl:
        ++nest_;
        break;
      case TokenType::CBrace:
      case TokenType::CBrack:
      case TokenType::CParen:
      case TokenType::CQuote:
      case TokenType::CHeredoc:
      case TokenType::TemplateSeqEnd:
        --nest_;
        break;
      default:
        break;
    }
    return t;
  }
}

void Parser::add_error(std::string summary, std::string detail, const Span& where) {
  ++errors_;
  if (errors_ > kMaxErrors) {
    if (errors_ == kMaxErrors + 1)
      diags_.error("Too many syntax errors",
                   "Stopped reporting after " + std::to_string(kMaxErrors) +
                       " errors in this file; fix these first.",
                   where.range());
    return;
  }
  diags_.error(std::move(summary), std::move(detail), where.range());
}

void Parser::error(std::string summary, std::string detail, const Span& where) {
  if (failed_) return;
  failed_ = true;
  add_error(std::move(summary), std::move(detail), where);
}

std::string Parser::found(const Token& t) const {
  switch (t.type) {
    case TokenType::Ident:
      return "identifier \"" + std::string(text(t)) + "\"";
    case TokenType::Number:
      return "number " + std::string(text(t));
    default:
      return token_type_name(t.type);
  }
}

void Parser::recover(int item_nest) {
  NewlineMode nl(this, true);
  for (;;) {
    Token t = peek();
    if (t.type == TokenType::EndOfFile) return;
    if (nest_ <= item_nest) {
      if (t.type == TokenType::Newline) {
        take();
        return;
      }
      if (t.type == TokenType::CBrace) return;
    }
    take();
  }
}

Body Parser::parse_file_body() {
  Body body;
  parse_body(body, nullptr, 0);
  return body;
}

void Parser::parse_body(Body& body, const std::string* block_type, int open_line) {
  NewlineMode nl(this, true);
  Token first = peek();
  body.span = span(first.start, first.start);
  NameIndex names;
  for (;;) {
    Token t = peek();
    switch (t.type) {
      case TokenType::Newline:
        take();
        continue;
      case TokenType::EndOfFile:
        body.span.end = t.start;
        if (block_type) {
          failed_ = false;
          error("Missing closing brace for block \"" + *block_type + "\" opened at line " +
                    std::to_string(open_line),
                "Add \"}\" to close the block; the file ended inside it.", span(t));
        }
        return;
      case TokenType::CBrace:
        body.span.end = t.start;
        if (block_type) return;
        failed_ = false;
        error("Unexpected \"}\"", "There is no open block for this brace to close.", span(t));
        take();
        continue;
      case TokenType::Ident:
        failed_ = false;
        parse_item(body, names);
        continue;
      default: {
        failed_ = false;
        int item_nest = nest_;
        if (t.type != TokenType::Invalid)
          error("Argument or block definition required",
                "Expected an argument (name = value) or a block (type \"label\" { ... }), "
                "but found " +
                    found(t) + ".",
                span(t));
        recover(item_nest);
        continue;
      }
    }
  }
}

void Parser::parse_item(Body& body, NameIndex& names) {
  int item_nest = nest_;
  Token name = take();
  Token next = peek();
  if (next.type == TokenType::Assign) {
    take();
    Attribute attr;
    attr.name = std::string(text(name));
    attr.name_span = span(name);
    attr.expr = parse_expr();
    attr.span = join(attr.name_span, attr.expr->span);
    // Duplicate names: a linear scan while the body is small, an index once it is large.
    constexpr size_t kScanLimit = 16;
    const Attribute* dup = nullptr;
    if (body.attributes.size() < kScanLimit) {
      for (const Attribute& other : body.attributes)
        if (other.name == attr.name) dup = &other;
    } else {
      if (names.empty())
        for (size_t i = 0; i < body.attributes.size(); ++i) {
          // Keys view the source text, which outlives the parse (the names may move).
          const Span& ns = body.attributes[i].name_span;
          names.emplace(src_.substr(static_cast<size_t>(ns.start.byte - byte_base_),
                                    static_cast<size_t>(ns.end.byte - ns.start.byte)),
                        i);
        }
      auto [it, inserted] = names.emplace(text(name), body.attributes.size());
      if (!inserted) dup = &body.attributes[it->second];
    }
    if (dup)
      add_error("Duplicate argument \"" + attr.name + "\"",
                "The argument \"" + attr.name + "\" was already set at line " +
                    std::to_string(dup->name_span.start.line) + ".",
                attr.name_span);
    body.attributes.push_back(std::move(attr));
    expect_item_end("argument", item_nest);
    return;
  }
  if (next.type == TokenType::OBrace || next.type == TokenType::OQuote ||
      next.type == TokenType::Ident) {
    parse_block(body, name);
    expect_item_end("block", item_nest);
    return;
  }
  if (next.type == TokenType::Colon) {
    error("Missing \"=\" after argument name",
          "Arguments are set with an equals sign: " + std::string(text(name)) + " = value.",
          span(next));
  } else if (next.type != TokenType::Invalid) {
    error("Argument or block definition required",
          "After \"" + std::string(text(name)) +
              "\", expected \"=\" to set an argument or \"{\" to open a block, but found " +
              found(next) + ".",
          span(next));
  }
  recover(item_nest);
}

void Parser::expect_item_end(const char* what, int item_nest) {
  if (failed_) {
    recover(item_nest);
    return;
  }
  NewlineMode nl(this, true);
  Token t = peek();
  if (t.type == TokenType::Newline) {
    take();
    return;
  }
  if (t.type == TokenType::EndOfFile || t.type == TokenType::CBrace) return;
  if (t.type != TokenType::Invalid)
    error(std::string("Missing newline after ") + what,
          std::string("An ") + what +
              " must end with a newline; put the next argument or block on its own line "
              "(found " +
              found(t) + ").",
          span(t));
  recover(item_nest);
}

void Parser::parse_block(Body& body, const Token& type_tok) {
  Block block;
  block.type = std::string(text(type_tok));
  block.type_span = span(type_tok);
  DepthGuard guard(this, block.type_span);
  if (guard.too_deep) return;
  for (;;) {
    Token t = peek();
    if (t.type == TokenType::Ident) {
      take();
      block.labels.push_back(BlockLabel{std::string(text(t)), span(t)});
    } else if (t.type == TokenType::OQuote) {
      take();
      ExprPtr label = parse_template_body(TemplateKind::Quoted, t, false);
      const auto* lit = label->as<LiteralExpr>();
      if (lit && lit->value.kind() == ValueKind::String) {
        block.labels.push_back(BlockLabel{lit->value.as_string(), label->span});
      } else {
        error("Invalid block label",
              "Block labels are literal strings; they cannot contain ${ } or %{ } sequences.",
              label->span);
        return;
      }
    } else {
      break;
    }
  }
  Token open = peek();
  if (open.type != TokenType::OBrace) {
    if (open.type == TokenType::Assign)
      error("Invalid block definition",
            "A block is not assigned with \"=\"; write " + block.type +
                " { ... }, or remove "
                "the labels to set an argument.",
            span(open));
    else if (open.type != TokenType::Invalid)
      error("Invalid block definition",
            "Expected \"{\" to open the body of block \"" + block.type + "\", but found " +
                found(open) + ".",
            span(open));
    return;
  }
  take();
  block.open_brace = span(open);
  parse_body(block.body, &block.type, open.start.line);
  Token close = peek();
  if (close.type == TokenType::CBrace) {
    take();
    block.close_brace = span(close);
  }
  body.blocks.push_back(std::move(block));
}

ExprPtr Parser::parse_standalone_expression() {
  NewlineMode nl(this, false);
  ExprPtr e = parse_expr();
  Token t = peek();
  if (!failed_ && t.type != TokenType::EndOfFile && t.type != TokenType::Invalid)
    error("Extra characters after expression",
          "The expression ended before " + found(t) + "; expected the end of the input.", span(t));
  // Let the lexer report errors in the rest of the text too.
  while (peek().type != TokenType::EndOfFile) take();
  return e;
}

File parse_file(std::string_view text, const std::string& path, Diagnostics& diags) {
  Parser p(text, path, Lexer::Start::Expression, SourcePos{}, diags);
  File f;
  f.path = path;
  f.body = p.parse_file_body();
  return f;
}

ExprPtr parse_expression(std::string_view text, const std::string& path, Diagnostics& diags,
                         SourcePos origin) {
  Parser p(text, path, Lexer::Start::Expression, origin, diags);
  return p.parse_standalone_expression();
}

ExprPtr parse_template(std::string_view text, const std::string& path, Diagnostics& diags) {
  Parser p(text, path, Lexer::Start::Template, SourcePos{}, diags);
  return p.parse_template_file();
}

}  // namespace fedplan
