// Quoted strings, every variant in one place. quote() is the one to reach for: a JSON string
// literal, as JSON, HCL and the plan print strings. The others exist because their format
// differs for real: an address must read back byte for byte, and YAML has its own escapes.
#pragma once

#include <string>
#include <string_view>

#include "base/utf8.h"

namespace fedplan {

// `s` as a JSON string literal: `"`, `\` and control characters escaped (\n, \t, \u001b),
// ill-formed UTF-8 bytes replaced by U+FFFD so the result is always valid JSON. Byte for byte
// what nlohmann's dump() writes for valid UTF-8. For plan output, format("%q"), value debug
// strings, error messages that show user text, and JSON files.
std::string quote(std::string_view s);

// quote(), but bytes that are not UTF-8 are kept as they are: for text that is an identity
// and must read back exactly (address keys, see parse_instance), never written into JSON raw.
std::string quote_exact(std::string_view s);

// `s` as a YAML double-quoted scalar: YAML's escapes (\0, \xNN) for control characters and
// DEL (outside YAML's printable set), bytes >= 0x80 as they are.
std::string quote_yaml(std::string_view s);

// The streaming form of quote(): calls `put(std::string_view)` with runs of plain bytes and
// with escapes, so a writer with its own buffer (state's JsonOut) needs no temporary string.
// With `keep_bytes`, ill-formed UTF-8 is copied instead of replaced (quote_exact).
template <class Put>
void write_quoted(std::string_view s, Put&& put, bool keep_bytes = false) {
  static constexpr char kHex[] = "0123456789abcdef";
  put(std::string_view("\"", 1));
  size_t run = 0;  // start of the pending run of bytes that need no escaping
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t n = utf8_sequence_length(s, i);
      if (n != 0 || keep_bytes) {
        i += n != 0 ? n : 1;
        continue;
      }
    }
    if (i > run) put(s.substr(run, i - run));
    switch (c) {
      case '"':
        put("\\\"");
        break;
      case '\\':
        put("\\\\");
        break;
      case '\n':
        put("\\n");
        break;
      case '\r':
        put("\\r");
        break;
      case '\t':
        put("\\t");
        break;
      case '\b':
        put("\\b");
        break;
      case '\f':
        put("\\f");
        break;
      default:
        if (c < 0x20) {
          const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0x0f]};
          put(std::string_view(u, 6));
        } else {
          put(kReplacementChar);
        }
    }
    ++i;
    run = i;
  }
  if (s.size() > run) put(s.substr(run));
  put(std::string_view("\"", 1));
}

}  // namespace fedplan
