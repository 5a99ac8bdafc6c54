// Whole-file reads and atomic writes (see files.h). Only POSIX calls and no shared state beyond
// a sweeper's set: safe from many threads at once.
#include "base/files.h"
#include "base/unique_fd.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

namespace fedplan {
namespace {

std::string reason(int err) {
  return std::error_code(err, std::generic_category()).message();
}

// "cannot VERB [NOUN ]PATH: ", the start of every error here.
std::string cannot(const char* verb, std::string_view noun, const std::string& path) {
  std::string out = std::string("cannot ") + verb + " ";
  if (!noun.empty()) out.append(noun).append(" ");
  return out + path + ": ";
}

std::string base_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The HOST part of temp file names: enough to tell hosts sharing a directory apart, short
// enough (with the PID and the file's own name cut to 180) to stay under NAME_MAX.
std::string host_tag() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  std::string h = buf;
  for (char& c : h)
    if (c == '/') c = '_';
  return h.substr(0, 32);
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
  for (std::string d = dir; !d.empty() && d != "." && d != "/" && !is_dir(d); d = directory_of(d)) {
    missing.push_back(d);
    if (d.find('/') == std::string::npos) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) == 0) {
      if (::chmod(it->c_str(), mode) != 0)
        return "cannot set the mode of " + *it + ": " + reason(errno);
    } else if (errno != EEXIST || !is_dir(*it)) {
      return "cannot create directory " + *it + ": " + reason(errno == EEXIST ? ENOTDIR : errno);
    }
  }
  return "";
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Writes the temp file behind write_file_atomic and renames it over `path`; "" or what failed.
std::string replace(const std::string& path, const std::string& dir, std::string_view content,
                    const WriteFileOptions& options) {
  // The host and PID let a later run tell a killed writer's leftover from a write in progress.
  std::string temp = dir + "/." + base_of(path).substr(0, 180) + ".tmp." + host_tag() + "." +
                     std::to_string(getpid()) + ".XXXXXX";
  UniqueFd fd{::mkostemp(temp.data(), O_CLOEXEC)};
  if (fd.fd < 0) return "creating a temporary file in " + dir + ": " + reason(errno);
  auto fail = [&](const std::string& what) {
    std::string why = what + " " + temp + ": " + reason(errno);
    ::unlink(temp.c_str());
    return why;
  };
  if (!write_all(fd.fd, content)) return fail("writing");
  if (::fchmod(fd.fd, options.mode) != 0) return fail("setting the mode of");
  if (options.owner &&
      (options.owner->first != ::geteuid() || options.owner->second != ::getegid()))
    if (::fchown(fd.fd, options.owner->first, options.owner->second) != 0 && errno != EPERM)
      return fail("setting the owner of");
  if (::fsync(fd.fd) != 0) return fail("syncing");
  struct stat st {};
  if (options.inode && ::fstat(fd.fd, &st) == 0) *options.inode = st.st_ino;
  int closing = fd.fd;
  fd.fd = -1;
  if (::close(closing) != 0) return fail("closing");
  if (::rename(temp.c_str(), path.c_str()) != 0) return fail("renaming");
  // The rename is durable only once the directory entry is.
  UniqueFd dfd{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dfd.fd < 0 || ::fsync(dfd.fd) != 0)
    return "syncing the directory " + dir + ": " + reason(errno);
  return "";
}

}  // namespace

bool read_fd(int fd, std::string* out) {
  out->clear();
  struct stat st {};
  size_t expect = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
  out->resize(expect + 1);  // one spare byte notices a file that grew meanwhile
  size_t have = 0;
  while (true) {
    if (have == out->size()) out->resize(out->size() * 2 + 65536);
    ssize_t n = ::pread(fd, out->data() + have, out->size() - have, static_cast<off_t>(have));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  out->resize(have);
  return true;
}

FileRead read_file_if_exists(const std::string& path, std::string_view noun) {
  FileRead r;
  UniqueFd fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (fd.fd < 0) {
    if (errno != ENOENT && errno != ENOTDIR) r.error = cannot("read", noun, path) + reason(errno);
    return r;
  }
  r.exists = true;
  int err = 0;
  if (::fstat(fd.fd, &r.stat) != 0) {
    err = errno;
  } else if (S_ISDIR(r.stat.st_mode)) {
    err = EISDIR;
  } else if (!read_fd(fd.fd, &r.content)) {
    err = errno;
  }
  if (err != 0) r.error = cannot("read", noun, path) + reason(err);
  return r;
}

bool read_file(const std::string& path, std::string* out, std::string* err, std::string_view noun) {
  FileRead r = read_file_if_exists(path, noun);
  if (!r.exists && r.error.empty()) r.error = cannot("read", noun, path) + reason(ENOENT);
  if (!r.error.empty()) {
    if (err) *err = r.error;
    return false;
  }
  *out = std::move(r.content);
  return true;
}

bool write_file_atomic(const std::string& path, std::string_view content,
                       const WriteFileOptions& options, std::string* err) {
  std::string dir = directory_of(path);
  std::string why;
  if (options.dir_mode) why = make_dirs(dir, *options.dir_mode);
  if (why.empty() && is_dir(path)) why = reason(EISDIR);
  if (why.empty()) why = replace(path, dir, content, options);
  if (why.empty()) return true;
  if (err) *err = cannot("write", options.noun, path) + why;
  return false;
}

void remove_stale_temp_files(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  const std::string marker = ".tmp." + host_tag() + ".";
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.empty() || name[0] != '.') continue;
    size_t at = name.rfind(marker);
    if (at == std::string::npos) continue;
    // .NAME.tmp.HOST.PID.XXXXXX: the PID, then '.', then the six mkostemp characters.
    const char* pid_text = name.c_str() + at + marker.size();
    char* end = nullptr;
    long pid = std::strtol(pid_text, &end, 10);
    if (pid <= 0 || end == pid_text || *end != '.' || std::strlen(end + 1) != 6) continue;
    if (pid == getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    ::unlinkat(dirfd(d), e->d_name, 0);
  }
  ::closedir(d);
}

void StaleTempSweeper::sweep_once(const std::string& dir) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!swept_.insert(dir).second) return;
  }
  remove_stale_temp_files(dir);
}

std::vector<std::string> files_ending_with(const std::string& dir,
                                           const std::vector<std::string_view>& suffixes) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> found;  // name, path
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    bool match = false;
    for (std::string_view s : suffixes)
      match = match ||
              (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0);
    std::error_code type_ec;
    if (match && it->is_regular_file(type_ec)) found.emplace_back(name, it->path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [name, path] : found) out.push_back(std::move(path));
  return out;
}

std::string directory_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace fedplan
