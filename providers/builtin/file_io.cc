// Local file reads, atomic writes and permission strings (see file_io.h). Only POSIX calls, no
// shared state: safe from many threads at once.
#include "providers/builtin/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace fedplan::builtin {
namespace {

std::string failure(const std::string& what, const std::string& path, int err) {
  return what + " \"" + path + "\": " + std::strerror(err);
}

// The directory part of `path` ("." when there is none, "/" for a file in the root).
std::string dir_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The host part of temp file names: enough to tell hosts sharing a directory apart, short
// enough (with the PID and the file's own name cut to 180) to stay under NAME_MAX.
std::string host_tag() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  std::string h = buf;
  for (char& c : h)
    if (c == '/' || c == '-') c = '_';
  return h.substr(0, 32);
}

// "HOST-PID-" of this process, the part of a temp file name after ".fedplan-".
std::string temp_owner() {
  return host_tag() + "-" + std::to_string(getpid()) + "-";
}

bool is_dir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// mkdir -p with exact modes on the directories it creates. Another thread or process creating
// the same directory at the same time is fine (EEXIST on a directory).
std::string make_dirs(const std::string& dir, unsigned mode) {
  if (is_dir(dir)) return "";
  std::vector<std::string> missing;
  for (std::string d = dir; !d.empty() && d != "." && d != "/" && !is_dir(d); d = dir_of(d)) {
    missing.push_back(d);
    if (d.find('/') == std::string::npos) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) == 0) {
      if (::chmod(it->c_str(), mode) != 0) return failure("cannot set mode of", *it, errno);
    } else if (errno != EEXIST || !is_dir(*it)) {
      return failure("cannot create directory", *it, errno == EEXIST ? ENOTDIR : errno);
    }
  }
  return "";
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// fsync of a directory, so a rename in it survives a crash.
int sync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int err = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

}  // namespace

FileRead read_whole_file(const std::string& path) {
  FileRead r;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT && errno != ENOTDIR) r.error = failure("cannot open", path, errno);
    return r;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    r.error = failure("cannot stat", path, errno);
  } else if (S_ISDIR(st.st_mode)) {
    r.error = "\"" + path + "\" is a directory";
  } else {
    r.exists = true;
    r.mode = st.st_mode & 0777;
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        r.error = failure("cannot read", path, errno);
        break;
      }
      if (n == 0) break;
      r.content.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return r;
}

std::string write_file_atomic(const std::string& path, std::string_view content, unsigned file_mode,
                              unsigned dir_mode, StaleTempSweeper* sweeper) {
  std::string dir = dir_of(path);
  if (std::string err = make_dirs(dir, dir_mode); !err.empty()) return err;
  if (is_dir(path)) return "\"" + path + "\" is a directory";
  // Short enough for NAME_MAX (255) whatever the file's own name length. The host and PID
  // let a later run tell a killed writer's leftover from a write in progress.
  std::string temp =
      dir + "/." + base_of(path).substr(0, 180) + ".fedplan-" + temp_owner() + "XXXXXX";
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return failure("cannot create a temporary file in", dir, errno);
  std::string err;
  if (!write_all(fd, content)) {
    err = failure("cannot write", temp, errno);
  } else if (::fchmod(fd, file_mode) != 0) {
    err = failure("cannot set mode of", temp, errno);
  } else if (::fsync(fd) != 0) {
    err = failure("cannot sync", temp, errno);
  }
  if (::close(fd) != 0 && err.empty()) err = failure("cannot close", temp, errno);
  if (err.empty() && ::rename(temp.c_str(), path.c_str()) != 0)
    err = failure("cannot rename the temporary file to", path, errno);
  if (!err.empty()) {
    ::unlink(temp.c_str());
    return err;
  }
  if (int e = sync_dir(dir); e != 0) return failure("cannot sync directory", dir, e);
  if (sweeper) sweeper->sweep_once(dir);
  return "";
}

std::string directory_of(const std::string& path) {
  return dir_of(path);
}

void StaleTempSweeper::sweep_once(const std::string& dir) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!swept_.insert(dir).second) return;
  }
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  const std::string marker = ".fedplan-" + host_tag() + "-";
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.empty() || name[0] != '.') continue;
    size_t at = name.rfind(marker);
    if (at == std::string::npos) continue;
    // NAME.fedplan-HOST-PID-XXXXXX: the PID, then '-', then the six mkostemp characters.
    const char* pid_text = name.c_str() + at + marker.size();
    char* end = nullptr;
    long pid = std::strtol(pid_text, &end, 10);
    if (pid <= 0 || end == pid_text || *end != '-' || std::strlen(end + 1) != 6) continue;
    if (pid == getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    ::unlinkat(dirfd(d), e->d_name, 0);
  }
  ::closedir(d);
}

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
