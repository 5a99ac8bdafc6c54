// Small file checks that tests share: a file's text, whether a path exists, its permission
// bits, how many entries a directory has, and a umask for one scope.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "base/files.h"

namespace fedplan::testing {

// The contents of the file at `path`, "" when it cannot be read.
inline std::string read_text(const std::string& path) {
  std::string text;
  read_file(path, &text, nullptr);
  return text;
}

inline bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// Permission bits of `path`, or -1 when it cannot be stat'ed.
inline int mode_of(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

// Number of entries in directory `dir` (files and directories, not recursive).
inline size_t entries(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

// Sets the process umask for one scope (tests run one at a time in a binary).
struct ScopedUmask {
  mode_t old;
  explicit ScopedUmask(mode_t m) : old(::umask(m)) {}
  ~ScopedUmask() { ::umask(old); }
};

}  // namespace fedplan::testing
