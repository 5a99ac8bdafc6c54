// hcl_literal: quoting follows the HCL native syntax spec (the escapes \n \r \t \" \\ \uNNNN,
// `$${` and `%%{` for literal template introducers); layout is what `fedplan fmt` keeps.
#include "lang/hcl_literal.h"

#include <cstdio>
#include <vector>

#include "lang/lexer.h"

namespace fedplan {
namespace {

// The keywords a bare object key could be read as: quoted to stay a plain key.
bool hcl_literal_keyword(const std::string& k) {
  return k == "null" || k == "true" || k == "false" || k == "for" || k == "in" || k == "if";
}

std::string hcl_literal_key(const std::string& k) {
  return is_identifier(k) && !hcl_literal_keyword(k) ? k : hcl_quote(k);
}

// `s` inside a template (quoted or heredoc): interpolation and directive introducers doubled.
std::string hcl_literal_template_escape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '$' || s[i] == '%') && i + 1 < s.size() && s[i + 1] == '{') out += s[i];
    out += s[i];
  }
  return out;
}

// A heredoc for `s` (which ends with "\n"), its lines as they are (no indentation stripping),
// or "" when a line holds a carriage return or another control character.
std::string hcl_literal_heredoc(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') return "";
  std::vector<std::string> lines;
  for (size_t start = 0; start < s.size();) {
    size_t nl = s.find('\n', start);
    lines.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  std::string delimiter = "EOT";
  for (bool clash = true; clash;) {
    clash = false;
    for (const std::string& l : lines) {
      size_t a = l.find_first_not_of(" \t");
      if (a != std::string::npos && l.compare(a, std::string::npos, delimiter) == 0) clash = true;
    }
    if (clash) delimiter += "_";
  }
  std::string out = "<<" + delimiter + "\n";
  for (const std::string& l : lines) out += hcl_literal_template_escape(l) + "\n";
  return out + delimiter;
}

bool hcl_literal_scalar(const Value& v) {
  return !v.known() || v.sensitive() || v.is_null() || v.kind() == ValueKind::Bool ||
         v.kind() == ValueKind::Number || v.kind() == ValueKind::String;
}

}  // namespace

std::string hcl_quote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '$':
      case '%':
        out += static_cast<char>(c);
        if (i + 1 < s.size() && s[i + 1] == '{') out += static_cast<char>(c);
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string hcl_literal(const Value& v, size_t indent) {
  if (!v.known()) return "null";
  if (v.sensitive()) return "null # sensitive";
  std::string pad(indent + 2, ' ');
  switch (v.kind()) {
    case ValueKind::Null:
    case ValueKind::Dynamic:
      return "null";
    case ValueKind::Bool:
      return v.as_bool() ? "true" : "false";
    case ValueKind::Number:
      return format_number(v.as_number());
    case ValueKind::String: {
      const std::string& s = v.as_string();
      if (s.size() > 1 && s.back() == '\n' && s.find('\n') + 1 < s.size()) {
        std::string h = hcl_literal_heredoc(s);
        if (!h.empty()) return h;
      }
      return hcl_quote(s);
    }
    case ValueKind::Tuple:
    case ValueKind::List:
    case ValueKind::Set: {
      const auto& items = v.elements();
      if (items.empty()) return "[]";
      bool flat = true;
      for (const Value& e : items) flat = flat && hcl_literal_scalar(e) && !e.sensitive();
      std::string out = "[";
      if (flat) {
        for (size_t i = 0; i < items.size(); ++i)
          out += (i ? ", " : "") + hcl_literal(items[i], indent);
        return out + "]";
      }
      for (const Value& e : items)  // the comma before the comment, not in it
        out +=
            "\n" + pad +
            (e.known() && e.sensitive() ? "null, # sensitive" : hcl_literal(e, indent + 2) + ",");
      return out + "\n" + std::string(indent, ' ') + "]";
    }
    case ValueKind::Object:
    case ValueKind::Map: {
      if (v.attributes().empty()) return "{}";
      std::string out = "{";
      for (const auto& [k, e] : v.attributes())
        out += "\n" + pad + hcl_literal_key(k) + " = " + hcl_literal(e, indent + 2);
      return out + "\n" + std::string(indent, ' ') + "}";
    }
  }
  return "null";
}

}  // namespace fedplan
