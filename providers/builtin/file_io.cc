// Local file removal and permission strings (see file_io.h). Only POSIX calls, no shared
// state: safe from many threads at once.
#include "providers/builtin/file_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fedplan::builtin {
namespace {

std::string failure(const std::string& what, const std::string& path, int err) {
  return what + " \"" + path + "\": " + std::strerror(err);
}

bool is_dir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::string remove_file(const std::string& path) {
  if (is_dir(path)) return "\"" + path + "\" is a directory; local_file removes only files";
  if (::unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR)
    return failure("cannot remove", path, errno);
  return "";
}

std::optional<unsigned> parse_mode(std::string_view text, std::string* why) {
  auto fail = [&](const char* reason) -> std::optional<unsigned> {
    if (why) *why = reason;
    return std::nullopt;
  };
  if (text.size() < 3 || text.size() > 4) return fail("must be 3 or 4 octal digits, e.g. \"0644\"");
  unsigned mode = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return fail("must be octal digits (0-7), e.g. \"0644\"");
    mode = mode * 8 + static_cast<unsigned>(c - '0');
  }
  if (mode > 0777) return fail("must be at most 0777 (setuid, setgid and sticky bits are not set)");
  return mode;
}

std::string format_mode(unsigned mode) {
  std::string out = "0000";
  for (int i = 3; i >= 0; --i, mode >>= 3)
    out[static_cast<size_t>(i)] = static_cast<char>('0' + (mode & 7));
  return out;
}

}  // namespace fedplan::builtin
