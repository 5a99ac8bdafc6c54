// Durations as users write them in flags and settings, in Go's time.ParseDuration syntax (the
// one Terraform and Kubernetes use): "30s", "2m", "1h30m", "500ms", "1.5s".
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace fedplan {

// Numbers with units (h, m, s, ms, us, µs, ns) run together, or a bare number alone, read as
// seconds ("90"). Decimals are fine ("1.5h"); signs, spaces and other units are not, and
// neither is a duration past a hundred years. Rounded to the nearest millisecond; nullopt when
// the text is not a duration, and the caller says so in its own words.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace fedplan
