// LocalBackend's journal: write_changes appends one record per write (fdatasync'd before it
// returns), read folds the records into the state file's state. Format: local_journal.h.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "base/files.h"
#include "state/cipher.h"
#include "state/local_backend.h"
#include "state/local_journal.h"

namespace fedplan {

namespace {

std::string journal_errno(int err) {
  return std::error_code(err, std::generic_category()).message();
}

}  // namespace

std::string LocalBackend::seal_for_disk(std::string text, std::string_view purpose) const {
  return seal_bytes(cipher_, std::move(text), purpose);
}

std::optional<std::string> LocalBackend::open_from_disk(std::string bytes, std::string_view purpose,
                                                        const std::string& where,
                                                        Diagnostics& diags) const {
  return open_bytes(cipher_, std::move(bytes), purpose, where, diags);
}

bool LocalBackend::read_journal(State& state, bool heads_only, JournalRead* out,
                                Diagnostics& diags) {
  FileRead file = read_file_if_exists(journal_path_, "the state journal");
  if (!file.error.empty()) {
    diags.error("Cannot read the state journal " + journal_path_, file.error);
    return false;
  }
  if (!file.exists) return true;
  out->file = FileIdentity::of(file.stat);
  JournalText journal;
  if (!split_journal(file.content, journal_path_, &journal, diags)) return false;
  if (journal.base.lineage != state.lineage || journal.base.serial != state.serial) {
    out->stale = true;  // from before the state file was last replaced
    return true;
  }
  out->folded = true;
  for (size_t i = 0; i < journal.bodies.size(); ++i) {
    std::string where = journal_path_ + ", record " + std::to_string(i + 1) + " (line " +
                        std::to_string(journal.lines[i]) + ")";
    auto body = open_from_disk(std::string(journal.bodies[i]), kRecordPurpose, where, diags);
    if (!body || !fold_journal_record(*body, where, heads_only, state, diags)) return false;
  }
  if (journal.damaged_tail && !heads_only)
    diags.warning("The last record of the state journal " + journal_path_ + " is damaged",
                  "Its bytes do not match its checksum, so it was ignored: the state is as the "
                  "record before it left it (serial " +
                      std::to_string(state.serial) +
                      "). Objects its write recorded may exist without being in the state.");
  return true;
}

bool LocalBackend::journal_as_known() const {
  struct stat st {};
  if (::stat(journal_path_.c_str(), &st) != 0) return errno == ENOENT && known_ && !known_->journal;
  return known_ && known_->journal && *known_->journal == FileIdentity::of(st);
}

bool LocalBackend::write_changes(EncodedChanges& changes, const WriteOptions& options,
                                 Diagnostics& diags) {
  if (!changes_base_ || !known_) {
    diags.error("Cannot write the changes to " + path_ + ": nothing written before them",
                "A bug in fedplan: changes alone were given before a whole state was written.");
    return false;
  }
  struct stat st {};
  bool as_written =
      ::stat(path_.c_str(), &st) == 0 && known_->file == FileIdentity::of(st) && journal_as_known();
  uint64_t next = 0;
  if (!as_written) {
    // Another writer replaced the files (a run with -lock=false, or after a forced unlock):
    // its serial makes the usual refusal; without a newer one, the changes still have no base.
    changes_base_ = false;
    close_journal();
    bool exists = false, have_stored = false;
    std::string stored;
    auto header = stored_header(&exists, &stored, &have_stored, diags);
    if ((exists && !header) ||
        !check_overwrite(header ? &*header : nullptr, changes.head, options, path_, &next, diags))
      return false;
    diags.error("Refusing to write the state to " + path_ + ": it changed since it was read",
                "The state file or its journal was replaced since this run wrote it. Nothing "
                "was written; run the command again to work from the current state.");
    return false;
  }
  if (!check_overwrite(&known_->header, changes.head, options, path_, &next, diags)) return false;
  if (journal_fd_ < 0 && !start_journal(diags)) return false;
  bool same = same_outputs(written_outputs_, changes.head.outputs);
  std::string body = seal_for_disk(journal_record_body(changes, next, same), kRecordPurpose);
  if (!append_journal(frame_journal_record(body), diags)) {
    changes_base_ = false;
    return false;
  }
  known_->header.serial = next;
  if (!same) written_outputs_ = changes.head.outputs;
  changes.head.serial = next;
  return true;
}

bool LocalBackend::start_journal(Diagnostics& diags) {
  ino_t inode = 0;
  WriteFileOptions how;  // mode 0600, as the state file: records hold attributes
  how.inode = &inode;
  how.noun = "the state journal";
  std::string err;
  if (!write_file_atomic(journal_path_,
                         journal_header({known_->header.lineage, known_->header.serial}), how,
                         &err)) {
    diags.error("Cannot write the state journal " + journal_path_, err);
    return false;
  }
  int fd = ::open(journal_path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || st.st_ino != inode) {
    diags.error("Cannot write the state journal " + journal_path_,
                fd < 0 ? journal_errno(errno) : "it was replaced as it was created");
    if (fd >= 0) ::close(fd);
    return false;
  }
  journal_fd_ = fd;
  known_->journal = FileIdentity::of(st);
  return true;
}

bool LocalBackend::append_journal(const std::string& record, Diagnostics& diags) {
  off_t before = known_->journal->size;
  const char* p = record.data();
  size_t left = record.size();
  int err = 0;
  while (left > 0 && err == 0) {
    ssize_t n = ::write(journal_fd_, p, left);
    if (n < 0 && errno != EINTR) err = errno;
    if (n > 0) p += n, left -= static_cast<size_t>(n);
  }
  if (err == 0 && ::fdatasync(journal_fd_) != 0) err = errno;
  struct stat st {};
  if (err == 0 && ::fstat(journal_fd_, &st) != 0) err = errno;
  if (err != 0) {
    // Cut the partial record off, so nothing follows half a record; a reader ignores one
    // left at the end if this fails too.
    (void)!::ftruncate(journal_fd_, before);
    close_journal();
    diags.error("Cannot write the state journal " + journal_path_, journal_errno(err));
    return false;
  }
  known_->journal = FileIdentity::of(st);
  return true;
}

void LocalBackend::close_journal() {
  if (journal_fd_ >= 0) ::close(journal_fd_);
  journal_fd_ = -1;
}

}  // namespace fedplan
