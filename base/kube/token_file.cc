// File token source: stat before each request, read again when the file is not the one read.
#include "base/kube/token_file.h"

#include <sys/stat.h>

#include <memory>
#include <mutex>

#include "base/files.h"

namespace fedplan::kube {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// What was read last, and from which version of the file.
struct TokenFile {
  std::string path;
  std::string what;
  std::mutex mu;
  std::string token;
  struct timespec mtime {};
  off_t size = -1;
  ino_t inode = 0;

  bool read(std::string* err) {
    FileRead f = read_file_if_exists(path);
    if (!f.exists || !f.error.empty()) {
      *err = what + ": " + (f.exists ? f.error : "cannot read " + path + ": no such file");
      return false;
    }
    token = trim(f.content);
    mtime = f.stat.st_mtim;
    size = f.stat.st_size;
    inode = f.stat.st_ino;
    if (token.empty()) {
      *err = what + ": " + path + " is empty";
      return false;
    }
    return true;
  }

  bool changed() const {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return true;
    return st.st_size != size || st.st_ino != inode || st.st_mtim.tv_sec != mtime.tv_sec ||
           st.st_mtim.tv_nsec != mtime.tv_nsec;
  }
};

}  // namespace

bool file_token_source(const std::string& path, const std::string& what, TokenSource* out,
                       std::string* err) {
  auto file = std::make_shared<TokenFile>();
  file->path = path;
  file->what = what;
  if (!file->read(err)) return false;
  *out = [file](const std::string& rejected, std::string* e) -> std::string {
    std::lock_guard<std::mutex> lock(file->mu);
    bool stale = !rejected.empty() && rejected == file->token;
    if ((stale || file->changed()) && !file->read(e)) return "";
    return file->token;
  };
  return true;
}

}  // namespace fedplan::kube
