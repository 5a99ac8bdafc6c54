// Template parsing for quoted strings, heredocs and template files: collects a flat list of
// literal/interpolation/directive items, applies heredoc indentation, escapes and `~` strip
// markers, then builds the if/for tree.
#include <cstdint>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "lang/parser_impl.h"

namespace fedplan {

// One piece of a template before the if/for structure is built.
struct TemplateItem {
  enum class Kind : uint8_t { Literal, Interp, If, Else, EndIf, For, EndFor };
  Kind kind = Kind::Literal;
  std::string text;           // Literal: raw, then decoded
  bool line_start = false;    // heredoc: the item starts a line
  bool strip_before = false;  // `${~` / `%{~`: trim whitespace at the end of the previous literal
  bool strip_after = false;   // `~}`: trim whitespace at the start of the next literal
  ExprPtr expr;               // Interp: the value; If: condition; For: collection
  std::string key_var, value_var;
  Span key_span, value_span;
  Span span;
};

// The merged pieces being built into a tree: `pos` is the next piece to read.
struct TemplateTree {
  std::vector<TemplateItem>& items;
  size_t pos = 0;
  bool heredoc = false;

  bool next_is(TemplateItem::Kind k) const { return pos < items.size() && items[pos].kind == k; }
};

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Removes the common leading whitespace of the lines of an indented heredoc (<<-EOT).
void remove_heredoc_indent(std::vector<TemplateItem>& items) {
  size_t min_indent = SIZE_MAX;
  for (const TemplateItem& it : items) {
    if (!it.line_start) continue;
    if (it.kind != TemplateItem::Kind::Literal) {
      min_indent = 0;
      break;
    }
    size_t n = it.text.find_first_not_of(" \t");
    if (n == std::string::npos || it.text[n] == '\n' || it.text[n] == '\r') {
      // A blank line says nothing about indentation unless a sequence follows on it.
      if (n == std::string::npos && &it != &items.back()) {
        const TemplateItem& next = *(&it + 1);
        if (!next.line_start && next.kind != TemplateItem::Kind::Literal)
          min_indent = std::min(min_indent, it.text.size());
      }
      continue;
    }
    min_indent = std::min(min_indent, n);
  }
  if (min_indent == SIZE_MAX || min_indent == 0) return;
  for (TemplateItem& it : items) {
    if (!it.line_start || it.kind != TemplateItem::Kind::Literal) continue;
    size_t n = it.text.find_first_not_of(" \t");
    if (n == std::string::npos) n = it.text.size();
    it.text.erase(0, std::min(n, min_indent));
  }
}

// Reads `digits` hex digits at raw[from] as a Unicode scalar value (no surrogates).
bool read_code_point(std::string_view raw, size_t from, size_t digits, uint32_t* cp) {
  if (from + digits > raw.size()) return false;
  *cp = 0;
  for (size_t k = 0; k < digits; ++k) {
    int h = hex_value(raw[from + k]);
    if (h < 0) return false;
    *cp = *cp * 16 + static_cast<uint32_t>(h);
  }
  return *cp <= 0x10FFFF && (*cp < 0xD800 || *cp > 0xDFFF);
}

// Joins each run of neighbouring literals into one literal.
std::vector<TemplateItem> merge_literals(std::vector<TemplateItem>& items) {
  std::vector<TemplateItem> merged;
  merged.reserve(items.size());
  for (TemplateItem& it : items) {
    if (it.kind == TemplateItem::Kind::Literal && !merged.empty() &&
        merged.back().kind == TemplateItem::Kind::Literal) {
      merged.back().text += it.text;
      merged.back().span = join(merged.back().span, it.span);
    } else {
      merged.push_back(std::move(it));
    }
  }
  return merged;
}

// Applies the `~` strip markers of sequences to the whitespace of the literals beside them.
void apply_strip_markers(std::vector<TemplateItem>& merged) {
  for (size_t i = 0; i < merged.size(); ++i) {
    TemplateItem& it = merged[i];
    if (it.kind != TemplateItem::Kind::Literal) continue;
    if (i > 0 && merged[i - 1].strip_after) {
      size_t n = 0;
      while (n < it.text.size() && is_space(it.text[n])) ++n;
      it.text.erase(0, n);
    }
    if (i + 1 < merged.size() && merged[i + 1].strip_before) {
      size_t n = it.text.size();
      while (n > 0 && is_space(it.text[n - 1])) --n;
      it.text.resize(n);
    }
  }
}

ExprPtr make_template(std::vector<ExprPtr> parts, const Span& s, bool heredoc) {
  auto n = make_node<TemplateExpr>(s);
  n->parts = std::move(parts);
  n->heredoc = heredoc;
  return n;
}

}  // namespace

ExprPtr Parser::parse_template_body(TemplateKind kind, const Token& open, bool indented) {
  DepthGuard guard(this, span(open));
  if (guard.too_deep) return invalid(span(open));
  if (kind == TemplateKind::Quoted) {
    if (ExprPtr plain = parse_plain_string(open)) return plain;
  }
  std::vector<TemplateItem> items;
  SourcePos end = open.end;
  bool lone_interp = scan_template(kind, items, &end);
  Span whole = span(open.start, end);
  if (kind == TemplateKind::File) whole = span(SourcePos{}, end);
  if (failed_) return invalid(whole);

  if (indented) remove_heredoc_indent(items);
  for (TemplateItem& it : items) {
    if (it.kind == TemplateItem::Kind::Literal &&
        !decode_template_escapes(it, kind == TemplateKind::Quoted))
      return invalid(whole);
  }
  std::vector<TemplateItem> merged = merge_literals(items);
  apply_strip_markers(merged);

  TemplateTree tree{merged, 0, kind == TemplateKind::Heredoc};
  std::vector<ExprPtr> parts = build_template(tree, TemplateStop::End, 0);
  if (failed_) return invalid(whole);
  return finish_template(std::move(parts), kind, lone_interp, whole);
}

// The fast path for the most common template of all: a plain "string" without escapes or
// sequences. Null (nothing consumed) for any other string.
ExprPtr Parser::parse_plain_string(const Token& open) {
  Token lit = peek();
  Token close = lit.type == TokenType::TemplateLiteral ? peek(1) : lit;
  std::string_view raw = lit.type == TokenType::TemplateLiteral ? text(lit) : std::string_view();
  if (close.type != TokenType::CQuote || close.end.byte <= close.start.byte ||
      raw.find_first_of("\\$%") != std::string_view::npos)
    return nullptr;
  if (lit.type == TokenType::TemplateLiteral) take();
  take();
  auto n = make_node<LiteralExpr>(span(open.start, close.end));
  n->value = Value::string(std::string(raw));
  return n;
}

// Reads the template's literals and sequences into `items` up to its closing token, the end
// of file or the first error; `end` is where it stopped. Returns whether the template is one
// interpolation and nothing else.
bool Parser::scan_template(TemplateKind kind, std::vector<TemplateItem>& items, SourcePos* end) {
  bool lone_interp = false;
  while (!failed_) {
    Token t = peek();
    bool line_start = kind != TemplateKind::Quoted && t.start.column == 1;
    if (t.type == TokenType::TemplateLiteral) {
      take();
      TemplateItem item;
      item.text = std::string(text(t));
      item.line_start = line_start;
      item.span = span(t);
      items.push_back(std::move(item));
      lone_interp = false;
      continue;
    }
    if (t.type == TokenType::TemplateInterp || t.type == TokenType::TemplateControl) {
      take();
      TemplateItem item;
      item.strip_before = text(t).size() == 3;
      item.line_start = line_start;
      bool interp = t.type == TokenType::TemplateInterp;
      if (!(interp ? parse_template_interp(t, item) : parse_template_directive(t, item))) break;
      lone_interp = interp && items.empty();
      items.push_back(std::move(item));
      continue;
    }
    bool closes = (kind == TemplateKind::Quoted && t.type == TokenType::CQuote) ||
                  (kind == TemplateKind::Heredoc && t.type == TokenType::CHeredoc);
    if (closes) {
      take();
      *end = t.end;
      break;
    }
    if (t.type == TokenType::EndOfFile) {
      *end = t.start;
      if (kind != TemplateKind::File)
        error("Unclosed template", "The template ends before its closing quote or marker.",
              span(t));
      break;
    }
    // Only reachable after lexer confusion; report and stop.
    error("Invalid template", "Unexpected " + found(t) + " inside a template.", span(t));
    break;
  }
  return lone_interp;
}

// Reads `expr }` after the `${` token.
bool Parser::parse_template_interp(const Token& start, TemplateItem& item) {
  NewlineMode nl(this, false);
  item.kind = TemplateItem::Kind::Interp;
  item.expr = parse_expr();
  if (failed_) return false;
  return end_template_sequence(start, item, "interpolation", "${");
}

// Reads `keyword ... }` after the `%{` token.
bool Parser::parse_template_directive(const Token& start, TemplateItem& item) {
  NewlineMode nl(this, false);
  Token kw = peek();
  std::string_view word = kw.type == TokenType::Ident ? text(kw) : std::string_view();
  if (word == "if") {
    take();
    item.kind = TemplateItem::Kind::If;
    item.expr = parse_expr();
  } else if (word == "else" || word == "endif" || word == "endfor") {
    take();
    item.kind = word == "else"    ? TemplateItem::Kind::Else
                : word == "endif" ? TemplateItem::Kind::EndIf
                                  : TemplateItem::Kind::EndFor;
  } else if (word == "for") {
    take();
    if (!parse_template_for(item)) return false;
  } else {
    if (kw.type != TokenType::Invalid)
      error("Invalid template directive",
            "A %{ sequence starts with if, else, endif, for or endfor; found " + found(kw) + ".",
            span(kw));
    return false;
  }
  if (failed_) return false;
  return end_template_sequence(start, item, "directive", "%{");
}

// Reads `[key,] value in collection` after `%{ for`.
bool Parser::parse_template_for(TemplateItem& item) {
  item.kind = TemplateItem::Kind::For;
  Token v1 = peek();
  if (v1.type != TokenType::Ident) {
    error("Invalid template directive", "Expected a variable name after \"for\".", span(v1));
    return false;
  }
  take();
  Token t = peek();
  if (t.type == TokenType::Comma) {
    take();
    Token v2 = peek();
    if (v2.type != TokenType::Ident) {
      error("Invalid template directive", "Expected a second variable name after \",\".", span(v2));
      return false;
    }
    take();
    item.key_var = std::string(text(v1));
    item.key_span = span(v1);
    item.value_var = std::string(text(v2));
    item.value_span = span(v2);
    t = peek();
  } else {
    item.value_var = std::string(text(v1));
    item.value_span = span(v1);
  }
  if (!is_keyword(t, "in")) {
    error("Invalid template directive",
          "Expected \"in\" after the variable names, but found " + found(t) + ".", span(t));
    return false;
  }
  take();
  item.expr = parse_expr();
  return true;
}

// Takes the `}` (or `~}`) that closes a ${ or %{ sequence begun at `start`.
bool Parser::end_template_sequence(const Token& start, TemplateItem& item, const char* what,
                                   const char* opener) {
  Token close = peek();
  if (close.type != TokenType::TemplateSeqEnd) {
    if (close.type != TokenType::Invalid)
      error(std::string("Unclosed template ") + what,
            std::string("Expected \"}\" to end the ") + opener + " sequence, but found " +
                found(close) + ".",
            span(close));
    return false;
  }
  take();
  item.strip_after = text(close).size() == 2;
  item.span = join(span(start), span(close));
  return true;
}

// Decodes a literal's escapes in place. Quoted strings know backslash escapes; all templates
// know $${ and %%{. False after reporting a bad escape.
bool Parser::decode_template_escapes(TemplateItem& it, bool quoted) {
  const std::string& raw = it.text;
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
      continue;
    }
    if (c != '\\' || !quoted) {
      out += c;
      continue;
    }
    SourcePos at = it.span.start;
    at.column += static_cast<int>(i);
    at.byte += static_cast<int64_t>(i);
    size_t len = decode_backslash(raw, i, at, out);
    if (len == 0) return false;
    i += len - 1;
  }
  it.text = std::move(out);
  return true;
}

// Appends the character the backslash escape at raw[i] (found at `at`) stands for; returns
// the escape's length, or 0 after reporting a bad one.
size_t Parser::decode_backslash(std::string_view raw, size_t i, SourcePos at, std::string& out) {
  char e = i + 1 < raw.size() ? raw[i + 1] : '\0';
  switch (e) {
    case 'n':
      out += '\n';
      return 2;
    case 't':
      out += '\t';
      return 2;
    case 'r':
      out += '\r';
      return 2;
    case '"':
      out += '"';
      return 2;
    case '\\':
      out += '\\';
      return 2;
    case 'u':
    case 'U': {
      size_t digits = e == 'u' ? 4 : 8;
      uint32_t cp = 0;
      if (!read_code_point(raw, i + 2, digits, &cp)) {
        bad_escape(at, std::string("\\") + e + " must be followed by " + std::to_string(digits) +
                           " hex digits naming a Unicode character.");
        return 0;
      }
      append_utf8(out, cp);
      return 2 + digits;
    }
    default:
      bad_escape(at,
                 "The escapes in strings are \\n \\t \\r \\\" \\\\ \\uNNNN and \\UNNNNNNNN; "
                 "write \\\\ for a backslash.");
      return 0;
  }
}

// Reports the escape whose backslash is at `at` (the span covers the backslash and its letter).
void Parser::bad_escape(SourcePos at, std::string detail) {
  SourcePos to = at;
  to.column += 2;
  to.byte += 2;
  error("Invalid escape sequence", std::move(detail), span(at, to));
}

// Builds template parts from `tree.pos` until the end or the directive `stop` names (which is
// left for the caller); an else, endif or endfor nobody waits for is an error.
std::vector<ExprPtr> Parser::build_template(TemplateTree& tree, TemplateStop stop, int level) {
  std::vector<ExprPtr> parts;
  if (level > kMaxDepth) {
    error("Nesting too deep",
          "Template directives may nest at most " + std::to_string(kMaxDepth) + " levels deep.",
          tree.items[tree.pos > 0 ? tree.pos - 1 : 0].span);
    return parts;
  }
  while (tree.pos < tree.items.size() && !failed_) {
    TemplateItem& it = tree.items[tree.pos];
    switch (it.kind) {
      case TemplateItem::Kind::Literal:
        if (!it.text.empty()) {
          auto lit = make_node<LiteralExpr>(it.span);
          lit->value = Value::string(std::move(it.text));
          parts.push_back(std::move(lit));
        }
        ++tree.pos;
        break;
      case TemplateItem::Kind::Interp:
        parts.push_back(std::move(it.expr));
        ++tree.pos;
        break;
      case TemplateItem::Kind::If:
      case TemplateItem::Kind::For: {
        ExprPtr n = it.kind == TemplateItem::Kind::If ? build_template_if(tree, level)
                                                      : build_template_for(tree, level);
        if (!n) return parts;
        parts.push_back(std::move(n));
        break;
      }
      case TemplateItem::Kind::Else:
      case TemplateItem::Kind::EndIf:
        if (stop == TemplateStop::ElseOrEndIf) return parts;
        error(
            it.kind == TemplateItem::Kind::Else ? "Unexpected %{ else }" : "Unexpected %{ endif }",
            "There is no open %{ if } for this directive.", it.span);
        return parts;
      case TemplateItem::Kind::EndFor:
        if (stop == TemplateStop::EndFor) return parts;
        error("Unexpected %{ endfor }", "There is no open %{ for } for this directive.", it.span);
        return parts;
    }
  }
  return parts;
}

// Builds the body of a directive at `level` (then, else or for) as a template spanning `at`.
ExprPtr Parser::build_template_part(TemplateTree& tree, TemplateStop stop, int level,
                                    const Span& at) {
  return make_template(build_template(tree, stop, level + 1), at, tree.heredoc);
}

// Builds `%{ if } ... [%{ else } ...] %{ endif }` from the `if` at `tree.pos`; null after an
// error.
ExprPtr Parser::build_template_if(TemplateTree& tree, int level) {
  TemplateItem& it = tree.items[tree.pos++];
  Span start = it.span;
  auto n = make_node<TemplateIfExpr>(start);
  n->condition = std::move(it.expr);
  n->then_part = build_template_part(tree, TemplateStop::ElseOrEndIf, level, start);
  if (failed_) return nullptr;
  if (tree.next_is(TemplateItem::Kind::Else)) {
    Span else_span = tree.items[tree.pos++].span;
    n->else_part = build_template_part(tree, TemplateStop::ElseOrEndIf, level, else_span);
    if (failed_) return nullptr;
    if (tree.next_is(TemplateItem::Kind::Else)) {
      error("Unexpected %{ else }", "This %{ if } already has an %{ else }.",
            tree.items[tree.pos].span);
      return nullptr;
    }
  }
  if (!tree.next_is(TemplateItem::Kind::EndIf)) {
    error("Unterminated template %{ if }", "This %{ if } needs a matching %{ endif }.", start);
    return nullptr;
  }
  n->span = join(start, tree.items[tree.pos++].span);
  return n;
}

// Builds `%{ for } ... %{ endfor }` from the `for` at `tree.pos`; null after an error.
ExprPtr Parser::build_template_for(TemplateTree& tree, int level) {
  TemplateItem& it = tree.items[tree.pos++];
  Span start = it.span;
  auto n = make_node<TemplateForExpr>(start);
  n->key_var = std::move(it.key_var);
  n->key_var_span = it.key_span;
  n->value_var = std::move(it.value_var);
  n->value_var_span = it.value_span;
  n->collection = std::move(it.expr);
  n->body = build_template_part(tree, TemplateStop::EndFor, level, start);
  if (failed_) return nullptr;
  if (!tree.next_is(TemplateItem::Kind::EndFor)) {
    error("Unterminated template %{ for }", "This %{ for } needs a matching %{ endfor }.", start);
    return nullptr;
  }
  n->span = join(start, tree.items[tree.pos++].span);
  return n;
}

// What a built template stands for: a lone interpolation keeps its value's type (wrapped),
// a string without sequences is a literal, anything else a template.
ExprPtr Parser::finish_template(std::vector<ExprPtr> parts, TemplateKind kind, bool lone_interp,
                                const Span& whole) {
  if (lone_interp && parts.size() == 1 && kind != TemplateKind::File) {
    auto w = make_node<TemplateWrapExpr>(whole);
    w->wrapped = std::move(parts[0]);
    return w;
  }
  if (kind != TemplateKind::File) {
    bool all_literal = true;
    for (const ExprPtr& p : parts)
      if (p->kind != ExprKind::Literal) all_literal = false;
    if (all_literal && parts.size() <= 1) {
      auto lit = make_node<LiteralExpr>(whole);
      lit->value = parts.empty() ? Value::string("") : parts[0]->as<LiteralExpr>()->value;
      return lit;
    }
  }
  return make_template(std::move(parts), whole, kind == TemplateKind::Heredoc);
}

ExprPtr Parser::parse_template_file() {
  Token start{TokenType::TemplateLiteral, SourcePos{}, SourcePos{}};
  return parse_template_body(TemplateKind::File, start, false);
}

}  // namespace fedplan
