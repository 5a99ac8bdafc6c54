// Parsing of "1m30s"-style durations (see duration.h).
#include "base/duration.h"

#include <cmath>
#include <string>

namespace fedplan {
namespace {

// Milliseconds in one `unit`, or 0 for a unit Go does not know.
double unit_ms(std::string_view unit) {
  if (unit == "h") return 3'600'000;
  if (unit == "m") return 60'000;
  if (unit == "s") return 1'000;
  if (unit == "ms") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1e-3;  // µ: micro, mu
  if (unit == "ns") return 1e-6;
  return 0;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  double total_ms = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    bool digits = false, dot = false;
    for (; i < text.size(); ++i) {
      if (text[i] >= '0' && text[i] <= '9') {
        digits = true;
      } else if (text[i] == '.' && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (!digits) return std::nullopt;
    double n = std::stod(std::string(text.substr(start, i - start)));
    size_t u = i;
    while (i < text.size() && !(text[i] >= '0' && text[i] <= '9') && text[i] != '.') ++i;
    std::string_view unit = text.substr(u, i - u);
    // A bare number is seconds, but only alone: "1m30" is a typo, not 1m30s.
    double scale = unit.empty() && start == 0 && i == text.size() ? 1'000 : unit_ms(unit);
    if (scale == 0) return std::nullopt;
    total_ms += n * scale;
  }
  if (text.empty() || !(total_ms <= 100.0 * 365 * 24 * 3'600'000)) return std::nullopt;
  return std::chrono::milliseconds(std::llround(total_ms));
}

}  // namespace fedplan
