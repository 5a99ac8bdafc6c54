// ANSI colour codes for everything fedplan prints (plans, diagnostics, command summaries), used
// only when the caller asked for colour (the CLI decides: a terminal, no -no-color, no NO_COLOR).
#pragma once

#include <string>

namespace fedplan::ansi {

inline constexpr const char* kReset = "\x1b[0m";
inline constexpr const char* kBold = "\x1b[1m";
inline constexpr const char* kRed = "\x1b[31m";
inline constexpr const char* kGreen = "\x1b[32m";
inline constexpr const char* kYellow = "\x1b[33m";
inline constexpr const char* kCyan = "\x1b[36m";
// The "Apply complete!" and "Success!" lines.
inline constexpr const char* kBoldGreen = "\x1b[32m\x1b[1m";

// `text` wrapped in `code` ... reset when `on` and `code` is not empty; `text` unchanged
// otherwise.
inline std::string paint(const std::string& text, const char* code, bool on) {
  if (!on || !code || !*code || text.empty()) return text;
  return std::string(code) + text + kReset;
}

}  // namespace fedplan::ansi
