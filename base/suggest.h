// "Did you mean ...?" hints: the closest known name to a misspelt one, by edit distance.
// Used by every diagnostic that rejects an unknown name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedplan {

// Levenshtein distance between two strings.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is close enough to be a likely typo
// (distance at most a third of the name's length, and at least 1 allowed); else nullopt.
std::optional<std::string> suggest(std::string_view name,
                                   const std::vector<std::string>& candidates);

}  // namespace fedplan
