// Files on the local disk for the local provider: removal and octal permission strings. Reads
// and crash-safe writes are base/files.h's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fedplan::builtin {

// Removes the file at `path`; a missing file is success. Directories are never removed.
// Returns an error message or "".
std::string remove_file(const std::string& path);

// Parses a permission string of 3 or 4 octal digits at most 0777 ("0644", "755"); nullopt with
// `why` set otherwise.
std::optional<unsigned> parse_mode(std::string_view text, std::string* why = nullptr);

// "0644": four octal digits.
std::string format_mode(unsigned mode);

}  // namespace fedplan::builtin
