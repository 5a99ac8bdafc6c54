// Files on the local disk: whole-file reads whose errors name the path and the OS's reason, and
// crash-safe replacement (temp file, fsync, rename, fsync of the directory) with exact modes.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedplan {

// Reads all of `path` into `out`. false with `err` = "cannot read PATH: REASON" (the OS's
// reason: "No such file or directory", "Is a directory", ...) when it cannot. A `noun` says
// what the file is: "the plan file" makes "cannot read the plan file PATH: REASON".
bool read_file(const std::string& path, std::string* out, std::string* err,
               std::string_view noun = {});

// A whole-file read for callers to whom a missing file means "none yet".
struct FileRead {
  bool exists = false;  // false: nothing at the path, or a parent is missing or not a directory
  std::string content;
  struct stat stat {};  // of the descriptor read: the mode and identity of exactly these bytes
  std::string error;    // "cannot read PATH: REASON" for every other failure
};
FileRead read_file_if_exists(const std::string& path, std::string_view noun = {});

// Reads all of an open file from offset 0, straight into `out`. false (errno set) on failure.
bool read_fd(int fd, std::string* out);

// How write_file_atomic shapes what it writes.
struct WriteFileOptions {
  unsigned mode = 0600;              // the file's permission bits, exactly (no umask)
  std::optional<unsigned> dir_mode;  // create missing parents with exactly this mode
  // The owner and group to give the file, when the process may (root may; others keep theirs).
  std::optional<std::pair<uid_t, gid_t>> owner;
  ino_t* inode = nullptr;  // set to the new file's inode, to tell this write from a later one
  std::string_view noun;   // what the file is, for errors ("cannot write the plan file PATH")
};

// Replaces `path` with `content` so that a reader, or a crash, sees the old file or the new
// one, never a mix: a temp file in the same directory (".NAME.tmp.HOST.PID.XXXXXX"), written,
// given its mode, fsynced, renamed over `path`, then the directory fsynced. A symlink at
// `path` is replaced, not written through. false with `err` ("cannot write PATH: ...") on
// failure, and the temp file is gone.
bool write_file_atomic(const std::string& path, std::string_view content,
                       const WriteFileOptions& options, std::string* err);

// Removes the temp files that writers on this host left in `dir` when they were killed between
// creating and renaming them (those whose PID is gone). Another host's are never touched: its
// PIDs mean nothing here.
void remove_stale_temp_files(const std::string& dir);

// remove_stale_temp_files once per directory, so a thousand writes into one directory read it
// once. Thread-safe.
class StaleTempSweeper {
 public:
  void sweep_once(const std::string& dir);

 private:
  std::mutex mu_;
  std::set<std::string> swept_;
};

// The regular files directly in `dir` whose names end in one of `suffixes` (and are longer
// than it) and do not start with '.', as DIR/NAME, sorted by name. Empty when `dir` cannot be
// read.
std::vector<std::string> files_ending_with(const std::string& dir,
                                           const std::vector<std::string_view>& suffixes);

// The directory part of `path`: "." when there is none, "/" for a file in the root.
std::string directory_of(const std::string& path);

}  // namespace fedplan
