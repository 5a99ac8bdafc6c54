// Files on the local disk for the local provider: whole-file reads, crash-safe writes (temp
// file, fsync, rename, fsync of the directory) and octal permission strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fedplan::builtin {

// A whole-file read. `exists` is false when nothing is at the path (or a parent is missing or
// not a directory); `error` is set for every other failure (permission, a directory, I/O).
struct FileRead {
  bool exists = false;
  std::string content;
  unsigned mode = 0;  // permission bits (& 0777) of the file
  std::string error;
};

// Reads `path` (relative paths from the working directory; symlinks are followed).
FileRead read_whole_file(const std::string& path);

// Writes `content` to `path` so that a reader (or a crash) sees the old file or the new one,
// never a mix: a temp file in the same directory, given exactly `file_mode` (no umask), fsynced,
// renamed over `path`, then the directory fsynced. Missing parent directories are created with
// exactly `dir_mode`; existing ones are left as they are. Returns an error message or "".
std::string write_file_atomic(const std::string& path, std::string_view content, unsigned file_mode,
                              unsigned dir_mode);

// Removes the file at `path`; a missing file is success. Directories are never removed.
// Returns an error message or "".
std::string remove_file(const std::string& path);

// Parses a permission string of 3 or 4 octal digits at most 0777 ("0644", "755"); nullopt with
// `why` set otherwise.
std::optional<unsigned> parse_mode(std::string_view text, std::string* why = nullptr);

// "0644": four octal digits.
std::string format_mode(unsigned mode);

}  // namespace fedplan::builtin
