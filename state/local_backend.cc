// LocalBackend: atomic replace (temp file, fsync, rename, fsync of the directory), a hard-linked
// backup, and an flock(2) lock file that names its holder. flock dies with its process. The
// journal's writes are in local_backend_journal.cc.
#include "state/local_backend.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "base/files.h"
#include "state/cipher.h"

namespace fedplan {

std::string default_local_state_path(const std::string& config_dir) {
  if (config_dir.empty() || config_dir == ".") return "fedplan.state.json";
  return (std::filesystem::path(config_dir) / "fedplan.state.json").string();
}

namespace {

std::string errno_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

// Closes a descriptor on scope exit unless released.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int release() {
    int f = fd;
    fd = -1;
    return f;
  }
};

// Reads the file at `path`; a missing file is `*exists = false`, not an error.
bool read_path(const std::string& path, std::string* text, bool* exists, struct stat* st,
               Diagnostics& diags) {
  FileRead file = read_file_if_exists(path);
  if (!file.error.empty()) {
    diags.error("Cannot read the state file " + path, file.error);
    return false;
  }
  *exists = file.exists;
  *st = file.stat;
  *text = std::move(file.content);
  return true;
}

// Async-signal-safe (LockRecordForExit::remove calls it from a signal handler).
bool same_file(int fd, const char* path) noexcept {
  struct stat a {
  }, b{};
  if (fstat(fd, &a) != 0 || stat(path, &b) != 0) return false;
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

std::optional<LockInfo> read_lock_record(int fd) {
  std::string text;
  if (!read_fd(fd, &text) || text.empty()) return std::nullopt;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return LockInfo::from_json(j);
}

std::string this_host() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

}  // namespace

FileIdentity FileIdentity::of(const struct stat& st) {
  auto ns = [](const timespec& t) { return int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; };
  return FileIdentity{st.st_dev, st.st_ino, st.st_size, ns(st.st_ctim), ns(st.st_mtim)};
}

LocalBackend::LocalBackend(std::string path, Clock* clock)
    : path_(std::move(path)), clock_(clock ? clock : &system_clock_) {
  std::filesystem::path p(path_);
  dir_ = p.has_parent_path() ? p.parent_path().string() : ".";
  base_ = p.filename().string();
  backup_path_ = path_ + ".backup";
  lock_path_ = (std::filesystem::path(dir_) / ("." + base_ + ".lock")).string();
  default_path_ = path_;
  workspace_dir_ = (std::filesystem::path(dir_) / "fedplan.state.d").string();
  journal_path_ = path_ + ".journal";
}

void LockRecordForExit::remove() const noexcept {
  int held = fd.load();
  if (held >= 0 && same_file(held, path)) unlink(path);
}

LocalBackend::~LocalBackend() {
  close_journal();
  if (lock_fd_ >= 0) {
    Diagnostics ignored;
    unlock(lock_id_, ignored);
  }
}

std::string LocalBackend::describe() const {
  return "local state file " + path_;
}

std::optional<State> LocalBackend::read(Diagnostics& diags) {
  changes_base_ = false;
  close_journal();
  std::string text;
  bool exists = false;
  struct stat st {};
  if (!read_path(path_, &text, &exists, &st, diags)) return std::nullopt;
  if (!exists) return State::fresh();  // a journal without its state file adds to nothing
  if (st.st_mode & 077)
    diags.warning("The state file " + path_ + " can be read by other users",
                  "State files hold secrets. fedplan writes them with mode 0600; run `chmod 600 " +
                      path_ + "`.");
  auto plain = open_from_disk(std::move(text), kFilePurpose, path_, diags);
  if (!plain) return std::nullopt;
  auto state = decode_state(std::move(*plain), path_, diags);
  if (!state) return std::nullopt;
  Known known{FileIdentity::of(st), {kStateVersion, state->lineage, state->serial}, std::nullopt};
  JournalRead journal;
  if (!read_journal(*state, false, &journal, diags)) return std::nullopt;
  known.header.serial = state->serial;
  known.journal = journal.file;
  known_ = known;
  // Holding the lock, leave one file: the journal of a run that was killed is folded in (at
  // its serial: the same state), a stale one removed.
  if (lock_fd_ >= 0 && journal.folded) {
    Diagnostics failed;
    if (!commit(encode_state(*state), known.header, nullptr, failed))
      diags.warning("The state journal " + journal_path_ + " could not be folded into " + path_,
                    failed.items.empty() ? "" : failed.items[0].detail);
  } else if (lock_fd_ >= 0 && journal.stale && ::unlink(journal_path_.c_str()) == 0) {
    known_->journal.reset();
  }
  return state;
}

bool LocalBackend::write(State& state, const WriteOptions& options, Diagnostics& diags) {
  return store(state, options, state_text_for(state), &state.serial, diags);
}

bool LocalBackend::write_encoded(EncodedState& encoded, const WriteOptions& options,
                                 Diagnostics& diags) {
  return store(encoded.head, options, state_text_for(encoded), &encoded.head.serial, diags);
}

std::optional<StateHeader> LocalBackend::stored_header(bool* exists, std::string* stored,
                                                       bool* have_stored, Diagnostics& diags) {
  struct stat st {};
  *exists = ::stat(path_.c_str(), &st) == 0;
  if (!*exists && errno != ENOENT) {
    diags.error("Cannot read the state file " + path_, errno_text(errno));
    return std::nullopt;
  }
  if (!*exists) return std::nullopt;
  // The very files this backend last read or wrote: they parse, and the header is known.
  if (known_ && known_->file == FileIdentity::of(st) && journal_as_known()) return known_->header;
  if (!read_path(path_, stored, exists, &st, diags)) return std::nullopt;
  *have_stored = *exists;
  if (!*exists) return std::nullopt;
  Diagnostics why;
  std::optional<StateHeader> header;
  if (auto plain = open_from_disk(*stored, kFilePurpose, path_, why))
    header = scan_state_header(*plain, path_, why);
  if (header) {
    State head;
    head.lineage = header->lineage;
    head.serial = header->serial;
    JournalRead journal;
    if (read_journal(head, true, &journal, why))
      header->serial = head.serial;
    else
      header.reset();
  }
  if (!header) {
    diags.error("Refusing to overwrite the state file " + path_ + ": it cannot be read",
                "fedplan never replaces a state file it cannot read, so nothing is lost. "
                "Repair it (or restore " +
                    backup_path_ + ") and run again.");
    diags.append(std::move(why));
  }
  return header;
}

bool LocalBackend::store(const State& state, const WriteOptions& options,
                         const std::function<std::string(uint64_t)>& text_for, uint64_t* serial,
                         Diagnostics& diags) {
  changes_base_ = false;
  bool exists = false, have_stored = false;
  std::string stored;
  std::optional<StateHeader> header = stored_header(&exists, &stored, &have_stored, diags);
  if (exists && !header) return false;
  uint64_t next = 0;
  if (!check_overwrite(header ? &*header : nullptr, state, options, path_, &next, diags))
    return false;
  if (!commit(text_for(next), {kStateVersion, state.lineage, next}, have_stored ? &stored : nullptr,
              diags))
    return false;
  *serial = next;
  changes_base_ = known_.has_value();
  written_outputs_ = state.outputs;
  return true;
}

bool LocalBackend::commit(const std::string& text, const StateHeader& header,
                          const std::string* stored, Diagnostics& diags) {
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    // Keep the replaced copy: a hard link costs nothing and is atomic via rename; on file
    // systems without links, copy the bytes.
    std::string tmp = (std::filesystem::path(dir_) / ("." + base_ + ".tmp." + this_host() + "." +
                                                      std::to_string(getpid()) + ".backup"))
                          .string();
    ::unlink(tmp.c_str());
    bool linked = ::link(path_.c_str(), tmp.c_str()) == 0;
    if (linked && ::rename(tmp.c_str(), backup_path_.c_str()) != 0) linked = false;
    // rename() leaves both names when they already are the same file (a backup made just
    // before an interrupted write), so the temporary name is removed in every case.
    ::unlink(tmp.c_str());
    if (!linked) {
      std::string bytes;
      bool still = true;
      if (stored)
        bytes = *stored;
      else if (!read_path(path_, &bytes, &still, &st, diags))
        return false;
      if (still && !replace_file(backup_path_, bytes, nullptr, diags)) return false;
    }
  }
  ino_t written = 0;
  if (!replace_file(path_, seal_for_disk(text, kFilePurpose), &written, diags)) return false;
  // The journal added to the file just replaced: its records are in `text` now. Should the
  // removal not happen (a crash), its header names the old file, so it is ignored.
  close_journal();
  ::unlink(journal_path_.c_str());
  known_.reset();
  if (::stat(path_.c_str(), &st) == 0 && st.st_ino == written) {
    known_ = Known{FileIdentity::of(st), header, std::nullopt};
    struct stat left {};
    if (::stat(journal_path_.c_str(), &left) == 0) known_->journal = FileIdentity::of(left);
  }
  // Temp files of writers on this host that were killed before they renamed theirs.
  remove_stale_temp_files(dir_);
  return true;
}

bool LocalBackend::replace_file(const std::string& target, const std::string& text, ino_t* inode,
                                Diagnostics& diags) {
  WriteFileOptions how;  // mode 0600: state files hold secrets
  how.inode = inode;
  std::string err;
  if (write_file_atomic(target, text, how, &err)) return true;
  diags.error("Cannot write the state file " + target, err);
  return false;
}

LocalBackend::Attempt LocalBackend::try_lock(const LockInfo& info, std::optional<LockInfo>* holder,
                                             Diagnostics& diags) {
  // A holder that unlocks removes the file, so the file locked here may already be detached
  // from its name; then try again with the new one.
  for (int tries = 0; tries < 100; ++tries) {
    Fd fd(::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.fd < 0) {
      diags.error("Cannot lock the state: cannot open " + lock_path_, errno_text(errno));
      return Attempt::Failed;
    }
    if (flock(fd.fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) {
        diags.error("Cannot lock the state: flock on " + lock_path_ + " failed", errno_text(errno));
        return Attempt::Failed;
      }
      *holder = read_lock_record(fd.fd);
      return Attempt::Busy;
    }
    if (!same_file(fd.fd, lock_path_.c_str())) continue;
    std::string record = info.to_json().dump(2) + "\n";
    if (ftruncate(fd.fd, 0) != 0 || pwrite(fd.fd, record.data(), record.size(), 0) < 0 ||
        fsync(fd.fd) != 0) {
      diags.error("Cannot lock the state: cannot write " + lock_path_, errno_text(errno));
      return Attempt::Failed;
    }
    lock_fd_ = fd.release();
    lock_id_ = info.id;
    if (exit_record_ && lock_path_.size() < sizeof exit_record_->path) {
      std::copy(lock_path_.begin(), lock_path_.end(), exit_record_->path);
      exit_record_->path[lock_path_.size()] = '\0';
      exit_record_->fd.store(lock_fd_);
    }
    return Attempt::Acquired;
  }
  diags.error("Cannot lock the state: " + lock_path_ + " keeps being replaced");
  return Attempt::Failed;
}

LockResult LocalBackend::lock(const LockInfo& info, std::chrono::milliseconds timeout,
                              Diagnostics& diags) {
  LockResult result;
  if (lock_fd_ >= 0) {
    diags.error("Cannot lock the state: this run already holds lock ID " + lock_id_);
    return result;
  }
  LockInfo mine = info;
  mine.path = path_;
  auto deadline = clock_->now() + timeout;
  std::chrono::milliseconds pause(50);
  while (true) {
    std::optional<LockInfo> holder;
    Attempt a = try_lock(mine, &holder, diags);
    if (a == Attempt::Acquired) {
      result.acquired = true;
      return result;
    }
    if (a == Attempt::Failed) return result;
    auto now = clock_->now();
    if (now >= deadline) {
      result.holder = holder;
      std::string who = holder ? "state is locked by " + holder->describe()
                               : "state is locked by another process, which has not yet "
                                 "recorded who it is";
      std::string waited =
          timeout.count() > 0 ? " (waited " + std::to_string(timeout.count()) + " ms)" : "";
      diags.error("Error acquiring the state lock: " + who,
                  "The lock file is " + lock_path_ + waited +
                      ". Another fedplan run is using the state. Wait for it, or retry with a "
                      "longer -lock-timeout. If its process is gone, the lock is already free; "
                      "`fedplan force-unlock ID` clears a leftover record.");
      return result;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    clock_->sleep_for(std::min(pause, left));
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

bool LocalBackend::unlock(const std::string& id, Diagnostics& diags) {
  if (lock_fd_ < 0) {
    diags.error("Cannot unlock the state: this run does not hold a lock");
    return false;
  }
  if (id != lock_id_) {
    diags.error("Cannot unlock the state: lock ID " + id + " is not the one this run holds (" +
                lock_id_ + ")");
    return false;
  }
  if (exit_record_) exit_record_->fd.store(-1);
  // Remove the file while still holding it, and only if the name still points at it (after a
  // forced break, the name belongs to the next holder).
  if (same_file(lock_fd_, lock_path_.c_str())) ::unlink(lock_path_.c_str());
  ::close(lock_fd_);
  lock_fd_ = -1;
  lock_id_.clear();
  return true;
}

bool LocalBackend::force_unlock(const std::string& id, bool break_live_lock, Diagnostics& diags) {
  if (lock_fd_ >= 0 && id == lock_id_) return unlock(id, diags);
  Fd fd(::open(lock_path_.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
  if (fd.fd < 0) {
    if (errno == ENOENT)
      diags.error("Cannot force-unlock: the state is not locked",
                  "There is no lock file " + lock_path_ + ".");
    else
      diags.error("Cannot force-unlock: cannot open " + lock_path_, errno_text(errno));
    return false;
  }
  std::optional<LockInfo> record = read_lock_record(fd.fd);
  bool free = flock(fd.fd, LOCK_EX | LOCK_NB) == 0;
  if (!record) {
    if (!free) {
      diags.error("Cannot force-unlock: the lock holder has not recorded its lock ID yet",
                  "The lock file is " + lock_path_ + ". Try again in a moment.");
      return false;
    }
    if (same_file(fd.fd, lock_path_.c_str())) ::unlink(lock_path_.c_str());
    diags.warning("Removed an empty lock file " + lock_path_,
                  "No process held it; the state was not locked.");
    return true;
  }
  if (record->id != id) {
    diags.error("Cannot force-unlock: lock ID " + id + " does not match the state's lock",
                "The lock is recorded as " + record->describe() +
                    ". Quote exactly that lock ID to release it.");
    return false;
  }
  if (free) {
    // The holder died; the kernel already released its flock. Only the record was left.
    if (same_file(fd.fd, lock_path_.c_str())) ::unlink(lock_path_.c_str());
    diags.warning("Removed a stale lock record",
                  "Lock ID " + id + " (" + record->describe() +
                      ") was no longer held: its process had ended.");
    return true;
  }
  if (!break_live_lock) {
    diags.error("Cannot force-unlock: the lock is held by a running process",
                "Lock ID " + id + " is held by " + record->describe() +
                    " and that process is still running. fedplan cannot take a lock from a "
                    "live process: wait for it to finish, or stop it (the lock is released "
                    "when it exits). To detach the lock anyway, force-unlock with -force; that "
                    "process may still try to write, and its write is refused if the state "
                    "has changed since it read it.");
    return false;
  }
  // Detach the lock file from its name: the next run creates a new one and locks that; the
  // old holder keeps an flock on a file nobody else will open.
  if (same_file(fd.fd, lock_path_.c_str())) ::unlink(lock_path_.c_str());
  diags.warning("Broke the state lock held by a running process",
                "Lock ID " + id + " (" + record->describe() +
                    ") was detached. That process still runs; if it writes after the state "
                    "has changed, its write is refused.");
  return true;
}

}  // namespace fedplan
