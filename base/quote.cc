// The quoting variants (see quote.h).
#include "base/quote.h"

namespace fedplan {

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  write_quoted(s, [&](std::string_view piece) { out += piece; });
  return out;
}

std::string quote_exact(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  write_quoted(
      s, [&](std::string_view piece) { out += piece; }, true);
  return out;
}

std::string quote_yaml(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
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
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace fedplan
