// Parsing of "1m30s"-style durations (see duration.h).
// Units ms, s, m, h may be combined; a bare number is seconds.
#include "providers/openstack_lb/duration.h"

#include <cctype>
#include <string>

namespace fedplan::openstack_lb {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ++i;
    if (i == start) return std::nullopt;
    double n = 0;
    try {
      n = std::stod(std::string(text.substr(start, i - start)));
    } catch (...) {
      return std::nullopt;
    }
    size_t u = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(u, i - u);
    double scale;
    if (unit.empty()) {
      if (any || i != text.size()) return std::nullopt;  // bare seconds only alone
      scale = 1000;
    } else if (unit == "ms") {
      scale = 1;
    } else if (unit == "s") {
      scale = 1000;
    } else if (unit == "m") {
      scale = 60'000;
    } else if (unit == "h") {
      scale = 3'600'000;
    } else {
      return std::nullopt;
    }
    total_ms += n * scale;
    any = true;
  }
  return std::chrono::milliseconds(static_cast<long long>(total_ms + 0.5));
}

}  // namespace fedplan::openstack_lb
