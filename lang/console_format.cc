// console_format follows Terraform's internal/repl/format.go: a mapping is `{` then one
// `KEY = VALUE` line per attribute, a sequence one `VALUE,` line per element, two spaces deeper.
#include "lang/console_format.h"

#include <charconv>
#include <cstdio>
#include <vector>

#include "base/utf8.h"

namespace fedplan {
namespace {

// Whether Go's strconv.IsPrint holds for code point `c` (beyond ASCII): the separators,
// format and control characters Go escapes; everything else assigned is printed as it is.
bool go_printable(uint32_t c) {
  if (c < 0x20 || c == 0x7f) return false;
  if (c < 0x7f) return true;
  if (c <= 0xa0 || c == 0xad) return false;
  if (c == 0x1680 || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) ||
      (c >= 0x205f && c <= 0x206f) || c == 0x3000 || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb))
    return false;
  if ((c >= 0xd800 && c <= 0xdfff) || (c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000) return false;
  return (c & 0xfffe) != 0xfffe;  // the noncharacters U+xFFFE and U+xFFFF
}

// The code point of the well-formed sequence of `len` bytes at s[i].
uint32_t decode(const std::string& s, size_t i, size_t len) {
  static const unsigned char kLead[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  uint32_t c = static_cast<unsigned char>(s[i]) & kLead[len];
  for (size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  return c;
}

std::string hex(uint32_t c, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*x", digits, c);
  return buf;
}

// Go's strconv.Quote.
std::string go_quote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      switch (b) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
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
        case '\v':
          out += "\\v";
          break;
        default:
          if (go_printable(b))
            out += static_cast<char>(b);
          else
            out += "\\x" + hex(b, 2);
      }
      continue;
    }
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\\x" + hex(b, 2);
      ++i;
      continue;
    }
    uint32_t c = decode(s, i, len);
    if (go_printable(c))
      out.append(s, i, len);
    else if (c < 0x10000)
      out += "\\u" + hex(c, 4);
    else
      out += "\\U" + hex(c, 8);
    i += len;
  }
  return out + "\"";
}

// A string of several lines as a heredoc, its delimiter EOT lengthened until no line is it.
std::string heredoc(const std::string& s, size_t indent) {
  std::vector<std::string> lines;
  for (size_t start = 0;;) {
    size_t nl = s.find('\n', start);
    lines.push_back(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  auto trim = [](const std::string& l) {
    size_t a = l.find_first_not_of(" \t\r\n\v\f");
    if (a == std::string::npos) return std::string();
    return l.substr(a, l.find_last_not_of(" \t\r\n\v\f") - a + 1);
  };
  std::string delimiter = "EOT";
  for (bool clash = true; clash;) {
    clash = false;
    for (const std::string& l : lines)
      if (trim(l) == delimiter) clash = true;
    if (clash) delimiter += "_";
  }
  std::string pad(indent, ' ');
  std::string out = (indent > 0 ? "<<-" : "<<") + delimiter;
  for (const std::string& l : lines) out += "\n" + pad + l;
  return out + "\n" + pad + delimiter;
}

std::string number(double n) {
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof buf, n, std::chars_format::fixed);
  if (res.ec != std::errc()) return format_number(n);
  std::string out(buf, res.ptr);
  return out == "-0" ? "0" : out;
}

const Type& any_type() {
  static const Type any = Type::any();
  return any;
}

// The static type of `v`'s attribute `k` (of an object or map type), Any when not known.
const Type& attribute_type(const Type& t, const std::string& k) {
  if (t.kind == TypeKind::Map && !t.elements.empty()) return t.element();
  if (t.kind == TypeKind::Object)
    if (const ObjectAttr* a = t.attr(k)) return a->type;
  return any_type();
}

// The static type of element `i` (of a list, set or tuple type), Any when not known.
const Type& element_type(const Type& t, size_t i) {
  if ((t.kind == TypeKind::List || t.kind == TypeKind::Set) && !t.elements.empty())
    return t.element();
  if (t.kind == TypeKind::Tuple && i < t.elements.size()) return t.elements[i];
  return any_type();
}

// Terraform's spelling of a null of type `t` (internal/repl/format.go).
std::string typed_null(const Type& t) {
  auto of = [&](const char* fn) {
    std::string elem = t.elements.empty() ? "dynamic" : t.element().friendly_name();
    if (elem == "any") elem = "dynamic";
    return std::string(fn) + "(null) /* of " + elem + " */";
  };
  switch (t.kind) {
    case TypeKind::String:
      return "tostring(null)";
    case TypeKind::Number:
      return "tonumber(null)";
    case TypeKind::Bool:
      return "tobool(null)";
    case TypeKind::List:
      return of("tolist");
    case TypeKind::Set:
      return of("toset");
    case TypeKind::Map:
      return of("tomap");
    case TypeKind::Object:
      return "null /* object */";
    case TypeKind::Tuple:
      return "null /* tuple */";
    default:
      return "null";
  }
}

std::string format_typed(const Value& v, const Type& type, size_t indent);

std::string mapping(const Value& v, const Type& type, size_t indent) {
  std::string out = "{";
  std::string pad(indent + 2, ' ');
  for (const auto& [k, e] : v.attributes())
    out += "\n" + pad + go_quote(k) + " = " + format_typed(e, attribute_type(type, k), indent + 2);
  if (!v.attributes().empty()) out += "\n" + std::string(indent, ' ');
  return out + "}";
}

std::string sequence(const Value& v, const Type& type, size_t indent) {
  std::string out = "[";
  std::string pad(indent + 2, ' ');
  size_t i = 0;
  for (const Value& e : v.elements())
    out += "\n" + pad + format_typed(e, element_type(type, i++), indent + 2) + ",";
  if (!v.elements().empty()) out += "\n" + std::string(indent, ' ');
  return out + "]";
}

std::string format_typed(const Value& v, const Type& type, size_t indent) {
  if (!v.known()) return "(known after apply)";
  if (v.sensitive()) return "(sensitive value)";
  switch (v.kind()) {
    case ValueKind::Null:
    case ValueKind::Dynamic:
      return typed_null(type);
    case ValueKind::Bool:
      return v.as_bool() ? "true" : "false";
    case ValueKind::Number:
      return v.as_big_number() ? format_number(v) : number(v.as_number());
    case ValueKind::String:
      return v.as_string().find('\n') != std::string::npos ? heredoc(v.as_string(), indent)
                                                           : go_quote(v.as_string());
    case ValueKind::Tuple:
      return sequence(v, type, indent);
    case ValueKind::List:
      return "tolist(" + sequence(v, type, indent) + ")";
    case ValueKind::Set:
      return "toset(" + sequence(v, type, indent) + ")";
    case ValueKind::Object:
      return mapping(v, type, indent);
    case ValueKind::Map:
      return "tomap(" + mapping(v, type, indent) + ")";
  }
  return "null";
}

}  // namespace

std::string console_format(const Value& v, size_t indent) {
  return format_typed(v, any_type(), indent);
}

std::string console_format(const Value& v, const Type& type, size_t indent) {
  return format_typed(v, type, indent);
}

}  // namespace fedplan
