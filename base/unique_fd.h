// UniqueFd: a file descriptor closed exactly once, when its owner goes out of scope; for the
// files, pipes and directories that base opens with the POSIX calls themselves.
#pragma once

#include <unistd.h>

namespace fedplan {

// Owns `fd` (-1: none). Not copyable; reset() closes early.
struct UniqueFd {
  int fd = -1;
  UniqueFd() = default;
  explicit UniqueFd(int f) : fd(f) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

}  // namespace fedplan
