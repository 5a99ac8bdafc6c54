// map_case and title_case: UTF-8 decoded code point by code point, mapped with ICU's simple
// case mappings (the same Unicode data Go's unicode package is generated from).
#include "lang/unicode_case.h"

#include <unicode/uchar.h>

#include <cstdint>

#include "base/utf8.h"

namespace fedplan {
namespace {

// Calls f(code point) for each well-formed sequence of `s`, and copies ill-formed bytes.
template <class F>
std::string map_code_points(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += s[i++];
      continue;
    }
    auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k])); };
    uint32_t cp = len == 1   ? b(0)
                  : len == 2 ? ((b(0) & 0x1F) << 6) | (b(1) & 0x3F)
                  : len == 3 ? ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F)
                             : ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
                                   ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    append_utf8(out, static_cast<uint32_t>(f(static_cast<UChar32>(cp))));
    i += len;
  }
  return out;
}

// Go's isSeparator in strings.Title.
bool is_separator(UChar32 c) {
  if (c <= 0x7F) {
    bool word =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return !word;
  }
  if (u_isalpha(c) || u_isdigit(c)) return false;
  // Go's unicode.IsSpace: U+0085 and U+00A0 in Latin-1, the White_Space property beyond.
  return c == 0x85 || c == 0xA0 || u_isUWhiteSpace(c);
}

}  // namespace

std::string map_case(std::string_view s, CaseMapping mapping) {
  if (mapping == CaseMapping::Lower)
    return map_code_points(s, [](UChar32 c) { return u_tolower(c); });
  return map_code_points(s, [](UChar32 c) { return u_toupper(c); });
}

std::string title_case(std::string_view s) {
  UChar32 prev = ' ';
  return map_code_points(s, [&](UChar32 c) {
    bool start = is_separator(prev);
    prev = c;
    return start ? u_totitle(c) : c;
  });
}

}  // namespace fedplan
