// Template parsing for quoted strings, heredocs and template files: collects a flat list of
// literal/interpolation/directive items, applies heredoc indentation, escapes and `~` strip
// markers, then builds the if/for tree.
#include <cstdint>
#include <functional>

#include "lang/parser_impl.h"

namespace fedplan {

namespace {

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

template <class T>
std::shared_ptr<T> make_node(Span span) {
  auto n = std::make_shared<T>();
  n->span = std::move(span);
  return n;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
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

}  // namespace

ExprPtr Parser::parse_template_body(TemplateKind kind, const Token& open, bool indented) {
  DepthGuard guard(this, span(open));
  if (guard.too_deep) return invalid(span(open));
  if (kind == TemplateKind::Quoted) {
    // Fast path for the most common template of all: a plain "string" without escapes.
    Token lit = peek();
    Token close = lit.type == TokenType::TemplateLiteral ? peek(1) : lit;
    std::string_view raw = lit.type == TokenType::TemplateLiteral ? text(lit) : std::string_view();
    if (close.type == TokenType::CQuote && close.end.byte > close.start.byte &&
        raw.find_first_of("\\$%") == std::string_view::npos) {
      if (lit.type == TokenType::TemplateLiteral) take();
      take();
      auto n = make_node<LiteralExpr>(span(open.start, close.end));
      n->value = Value::string(std::string(raw));
      return n;
    }
  }
  std::vector<TemplateItem> items;
  SourcePos end = open.end;
  bool wrap_candidate = false;  // exactly one interpolation and nothing else so far

  // Reads `%{ keyword ... }` after the `%{` token.
  auto parse_directive = [&](const Token& start, TemplateItem& item) -> bool {
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
          error("Invalid template directive", "Expected a second variable name after \",\".",
                span(v2));
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
    } else {
      if (kw.type != TokenType::Invalid)
        error("Invalid template directive",
              "A %{ sequence starts with if, else, endif, for or endfor; found " + found(kw) + ".",
              span(kw));
      return false;
    }
    if (failed_) return false;
    Token close = peek();
    if (close.type != TokenType::TemplateSeqEnd) {
      if (close.type != TokenType::Invalid)
        error("Unclosed template directive",
              "Expected \"}\" to end the %{ sequence, but found " + found(close) + ".",
              span(close));
      return false;
    }
    take();
    item.strip_after = text(close).size() == 2;
    item.span = join(span(start), span(close));
    return true;
  };

  for (;;) {
    if (failed_) break;
    Token t = peek();
    if (t.type == TokenType::TemplateLiteral) {
      take();
      TemplateItem item;
      item.text = std::string(text(t));
      item.line_start = kind != TemplateKind::Quoted && t.start.column == 1;
      item.span = span(t);
      items.push_back(std::move(item));
      wrap_candidate = false;
      continue;
    }
    if (t.type == TokenType::TemplateInterp) {
      take();
      TemplateItem item;
      item.kind = TemplateItem::Kind::Interp;
      item.strip_before = text(t).size() == 3;
      item.line_start = kind != TemplateKind::Quoted && t.start.column == 1;
      {
        NewlineMode nl(this, false);
        item.expr = parse_expr();
        if (failed_) break;
        Token close = peek();
        if (close.type != TokenType::TemplateSeqEnd) {
          if (close.type != TokenType::Invalid)
            error("Unclosed template interpolation",
                  "Expected \"}\" to end the ${ sequence, but found " + found(close) + ".",
                  span(close));
          break;
        }
        take();
        item.strip_after = text(close).size() == 2;
        item.span = join(span(t), span(close));
      }
      wrap_candidate = items.empty();
      items.push_back(std::move(item));
      continue;
    }
    if (t.type == TokenType::TemplateControl) {
      take();
      TemplateItem item;
      item.strip_before = text(t).size() == 3;
      item.line_start = kind != TemplateKind::Quoted && t.start.column == 1;
      if (!parse_directive(t, item)) break;
      items.push_back(std::move(item));
      wrap_candidate = false;
      continue;
    }
    bool closes = (kind == TemplateKind::Quoted && t.type == TokenType::CQuote) ||
                  (kind == TemplateKind::Heredoc && t.type == TokenType::CHeredoc);
    if (closes) {
      take();
      end = t.end;
      break;
    }
    if (t.type == TokenType::EndOfFile) {
      end = t.start;
      if (kind != TemplateKind::File)
        error("Unclosed template", "The template ends before its closing quote or marker.",
              span(t));
      break;
    }
    // Only reachable after lexer confusion; report and stop.
    error("Invalid template", "Unexpected " + found(t) + " inside a template.", span(t));
    break;
  }
  Span whole = span(open.start, end);
  if (kind == TemplateKind::File) whole = span(SourcePos{}, end);
  if (failed_) return invalid(whole);

  if (indented) remove_heredoc_indent(items);

  // Decode escapes. Quoted strings know backslash escapes; all templates know $${ and %%{.
  for (TemplateItem& it : items) {
    if (it.kind != TemplateItem::Kind::Literal) continue;
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
      if (c != '\\' || kind != TemplateKind::Quoted) {
        out += c;
        continue;
      }
      SourcePos at = it.span.start;
      at.column += static_cast<int>(i);
      at.byte += static_cast<int64_t>(i);
      char e = i + 1 < raw.size() ? raw[i + 1] : '\0';
      size_t len = 2;
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'u':
        case 'U': {
          size_t digits = e == 'u' ? 4 : 8;
          uint32_t cp = 0;
          bool ok = i + 2 + digits <= raw.size();
          for (size_t k = 0; ok && k < digits; ++k) {
            int h = hex_value(raw[i + 2 + k]);
            if (h < 0) ok = false;
            cp = cp * 16 + static_cast<uint32_t>(h < 0 ? 0 : h);
          }
          if (ok && (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
          if (!ok) {
            SourcePos to = at;
            to.column += 2;
            to.byte += 2;
            error("Invalid escape sequence",
                  std::string("\\") + e + " must be followed by " + std::to_string(digits) +
                      " hex digits naming a Unicode character.",
                  span(at, to));
            return invalid(whole);
          }
          append_utf8(out, cp);
          len = 2 + digits;
          break;
        }
        default: {
          SourcePos to = at;
          to.column += 2;
          to.byte += 2;
          error("Invalid escape sequence",
                "The escapes in strings are \\n \\t \\r \\\" \\\\ \\uNNNN and \\UNNNNNNNN; "
                "write \\\\ for a backslash.",
                span(at, to));
          return invalid(whole);
        }
      }
      i += len - 1;
    }
    it.text = std::move(out);
  }

  // Merge neighbouring literals, then apply `~` strip markers to the literal runs.
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

  // Build the tree: `build` consumes items until one of the stop kinds (not consumed).
  size_t pos = 0;
  std::function<std::vector<ExprPtr>(int, int)> build;
  auto make_template = [&](std::vector<ExprPtr> parts, const Span& s) {
    auto n = make_node<TemplateExpr>(s);
    n->parts = std::move(parts);
    n->heredoc = kind == TemplateKind::Heredoc;
    return n;
  };
  // stop: 0 = end only, 1 = else/endif, 2 = endfor
  build = [&](int stop, int level) {
    std::vector<ExprPtr> parts;
    if (level > kMaxDepth) {
      error("Nesting too deep",
            "Template directives may nest at most " + std::to_string(kMaxDepth) + " levels deep.",
            merged[pos > 0 ? pos - 1 : 0].span);
      return parts;
    }
    while (pos < merged.size() && !failed_) {
      TemplateItem& it = merged[pos];
      switch (it.kind) {
        case TemplateItem::Kind::Literal:
          if (!it.text.empty()) {
            auto lit = make_node<LiteralExpr>(it.span);
            lit->value = Value::string(std::move(it.text));
            parts.push_back(std::move(lit));
          }
          ++pos;
          break;
        case TemplateItem::Kind::Interp:
          parts.push_back(std::move(it.expr));
          ++pos;
          break;
        case TemplateItem::Kind::If: {
          Span start = it.span;
          auto n = make_node<TemplateIfExpr>(start);
          n->condition = std::move(it.expr);
          ++pos;
          Span then_start = start;
          n->then_part = make_template(build(1, level + 1), then_start);
          if (failed_) return parts;
          if (pos < merged.size() && merged[pos].kind == TemplateItem::Kind::Else) {
            Span else_span = merged[pos].span;
            ++pos;
            n->else_part = make_template(build(1, level + 1), else_span);
            if (failed_) return parts;
            if (pos < merged.size() && merged[pos].kind == TemplateItem::Kind::Else) {
              error("Unexpected %{ else }", "This %{ if } already has an %{ else }.",
                    merged[pos].span);
              return parts;
            }
          }
          if (pos >= merged.size() || merged[pos].kind != TemplateItem::Kind::EndIf) {
            error("Unterminated template %{ if }", "This %{ if } needs a matching %{ endif }.",
                  start);
            return parts;
          }
          n->span = join(start, merged[pos].span);
          ++pos;
          parts.push_back(std::move(n));
          break;
        }
        case TemplateItem::Kind::For: {
          Span start = it.span;
          auto n = make_node<TemplateForExpr>(start);
          n->key_var = std::move(it.key_var);
          n->key_var_span = it.key_span;
          n->value_var = std::move(it.value_var);
          n->value_var_span = it.value_span;
          n->collection = std::move(it.expr);
          ++pos;
          n->body = make_template(build(2, level + 1), start);
          if (failed_) return parts;
          if (pos >= merged.size() || merged[pos].kind != TemplateItem::Kind::EndFor) {
            error("Unterminated template %{ for }", "This %{ for } needs a matching %{ endfor }.",
                  start);
            return parts;
          }
          n->span = join(start, merged[pos].span);
          ++pos;
          parts.push_back(std::move(n));
          break;
        }
        case TemplateItem::Kind::Else:
        case TemplateItem::Kind::EndIf:
          if (stop == 1) return parts;
          error(it.kind == TemplateItem::Kind::Else ? "Unexpected %{ else }"
                                                    : "Unexpected %{ endif }",
                "There is no open %{ if } for this directive.", it.span);
          return parts;
        case TemplateItem::Kind::EndFor:
          if (stop == 2) return parts;
          error("Unexpected %{ endfor }", "There is no open %{ for } for this directive.", it.span);
          return parts;
      }
    }
    return parts;
  };
  std::vector<ExprPtr> parts = build(0, 0);
  if (failed_) return invalid(whole);

  if (wrap_candidate && parts.size() == 1 && kind != TemplateKind::File) {
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
  return make_template(std::move(parts), whole);
}

ExprPtr Parser::parse_template_file() {
  Token start{TokenType::TemplateLiteral, SourcePos{}, SourcePos{}};
  return parse_template_body(TemplateKind::File, start, false);
}

}  // namespace fedplan
