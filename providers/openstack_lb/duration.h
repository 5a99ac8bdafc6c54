// Durations as users write them in the provider's settings: "300s", "10m", "1m30s", "500ms",
// "1h", or a plain number of seconds.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace fedplan::openstack_lb {

// nullopt when the text is not a duration (or is negative).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace fedplan::openstack_lb
