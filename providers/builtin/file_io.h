// Files on the local disk for the local provider: whole-file reads, crash-safe writes (temp
// file, fsync, rename, fsync of the directory) and octal permission strings.
#pragma once

#include <mutex>
#include <optional>
#include <set>
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

// Removes the temporary files that writers on this host left behind when they were killed
// between creating and renaming them (".NAME.fedplan-HOST-PID-XXXXXX" whose PID is gone).
// Each directory is swept once per sweeper, so a thousand writes into one directory read it
// once. Thread-safe.
class StaleTempSweeper {
 public:
  void sweep_once(const std::string& dir);

 private:
  std::mutex mu_;
  std::set<std::string> swept_;
};

// Writes `content` to `path` so that a reader (or a crash) sees the old file or the new one,
// never a mix: a temp file in the same directory, given exactly `file_mode` (no umask), fsynced,
// renamed over `path`, then the directory fsynced. Missing parent directories are created with
// exactly `dir_mode`; existing ones are left as they are. With a `sweeper`, temp files of
// killed writers in the directory are removed too. Returns an error message or "".
std::string write_file_atomic(const std::string& path, std::string_view content, unsigned file_mode,
                              unsigned dir_mode, StaleTempSweeper* sweeper = nullptr);

// The directory part of `path`: "." when there is none, "/" for a file in the root.
std::string directory_of(const std::string& path);

// Removes the file at `path`; a missing file is success. Directories are never removed.
// Returns an error message or "".
std::string remove_file(const std::string& path);

// Parses a permission string of 3 or 4 octal digits at most 0777 ("0644", "755"); nullopt with
// `why` set otherwise.
std::optional<unsigned> parse_mode(std::string_view text, std::string* why = nullptr);

// "0644": four octal digits.
std::string format_mode(unsigned mode);

}  // namespace fedplan::builtin
