// UTF-8 in one place: the length of a well-formed sequence, validation, repair (U+FFFD for
// each ill-formed byte) and encoding a code point. Strict as Go's unicode/utf8 is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fedplan {

// Length of the well-formed UTF-8 sequence that starts at s[i] (1 for ASCII), or 0 when the
// bytes there are not one: overlong forms, UTF-16 surrogates, values past U+10FFFF, stray
// continuation bytes and cut-off sequences are all ill-formed.
inline size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    unsigned char c1 = byte(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

// U+FFFD, what an ill-formed byte becomes.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Whether all of `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

// `s` when it is valid UTF-8; otherwise a copy with each ill-formed byte replaced by U+FFFD,
// so binary content can still travel as a string (state and plans are JSON).
std::string valid_utf8(std::string_view s, bool* was_valid = nullptr);

// Appends code point `cp` (at most U+10FFFF) as UTF-8.
void append_utf8(std::string& out, uint32_t cp);

}  // namespace fedplan
