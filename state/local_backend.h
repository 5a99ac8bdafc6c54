// The local backend, fedplan's default: the state in one JSON file beside the configuration,
// replaced atomically, the previous copy kept as .backup, locked with flock(2); an apply's
// writes append their changes to a journal beside it, folded into the file when it ends.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/backend.h"

namespace fedplan {

// What identifies one version of a file: rename gives a new inode, any change a new ctime.
struct FileIdentity {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  int64_t ctime_ns = 0;
  int64_t mtime_ns = 0;

  static FileIdentity of(const struct stat& st);
  bool operator==(const FileIdentity&) const = default;
};

// What a signal handler needs to remove this process's lock record when the process must
// exit at once (a second Ctrl-C): the kernel frees the flock with the process, but the record
// file would stay. Fixed storage, so the handler allocates nothing.
struct LockRecordForExit {
  std::atomic<int> fd{-1};  // the held lock file, -1 when none; published after `path`
  char path[4096] = {};

  // Removes the record if its name still points at the held file (not at a later holder's
  // after a forced break). Async-signal-safe: fstat, stat and unlink only.
  void remove() const noexcept;
};

// The default state file for the configuration in `config_dir`: DIR/fedplan.state.json.
std::string default_local_state_path(const std::string& config_dir);

struct BackendConfig;
struct BackendContext;
class LocalBackend;
class StateCipher;
// The local backend the settings ask for (`path`, `workspace_dir`), serving config.workspace;
// nullptr with errors naming the setting when a setting is unknown or of the wrong type.
std::unique_ptr<LocalBackend> open_local_backend(const BackendConfig& config,
                                                 const BackendContext& context, Diagnostics& diags);

// State in a local file. Files it manages, for a state file S in directory D:
//   S                       the state, mode 0600
//   S.backup                the copy S replaced at the last write
//   S.journal               changes written since S (write_changes), mode 0600; see
//                           state/local_journal.h and docs/state.md
//   D/.NAME.lock            exists while locked; holds the holder's LockInfo as JSON
//   D/.NAME.tmp.HOST.PID.XXXXXX  a write in progress; removed once renamed over S
class LocalBackend : public StateBackend {
 public:
  // `clock` (for lock timeouts and lock times) defaults to the system clock.
  explicit LocalBackend(std::string path, Clock* clock = nullptr);
  ~LocalBackend() override;  // releases a lock still held
  LocalBackend(const LocalBackend&) = delete;
  LocalBackend& operator=(const LocalBackend&) = delete;

  LockResult lock(const LockInfo& info, std::chrono::milliseconds timeout,
                  Diagnostics& diags) override;
  bool unlock(const std::string& id, Diagnostics& diags) override;
  bool force_unlock(const std::string& id, bool break_live_lock, Diagnostics& diags) override;
  std::optional<State> read(Diagnostics& diags) override;
  using StateBackend::write;
  bool write(State& state, const WriteOptions& options, Diagnostics& diags) override;
  bool write_encoded(EncodedState& encoded, const WriteOptions& options,
                     Diagnostics& diags) override;
  bool writes_changes() const override { return true; }
  bool write_changes(EncodedChanges& changes, const WriteOptions& options,
                     Diagnostics& diags) override;
  std::string describe() const override;
  // Workspaces and locks: state/local_workspaces.cc.
  std::vector<std::string> workspaces(Diagnostics& diags) override;
  bool delete_workspace(const std::string& name, Diagnostics& diags) override;
  bool create_workspace(Diagnostics& diags) override;  // makes its folder, then the state
  std::vector<LockInfo> locks(Diagnostics& diags) override;
  // This object serves `workspace`, whose state is at path(); the default workspace's state is
  // at `default_path` and every other workspace W's at WORKSPACE_DIR/W/<its file name>.
  void set_workspace_layout(std::string workspace, std::string default_path,
                            std::string workspace_dir);

  // Seals every state written and opens every one read (nullptr: plain text).
  void set_cipher(const StateCipher* cipher) { cipher_ = cipher; }

  const std::string& path() const { return path_; }
  const std::string& backup_path() const { return backup_path_; }
  const std::string& lock_path() const { return lock_path_; }
  const std::string& journal_path() const { return journal_path_; }
  // While this backend holds the lock, `record` names it, for a handler that must exit at once.
  void publish_lock_to(LockRecordForExit* record) { exit_record_ = record; }

 private:
  // The write itself, for a state whose identity (lineage, serial) is `state` and whose text,
  // given the serial it gets, is text_for(serial); sets *serial to that serial.
  bool store(const State& state, const WriteOptions& options,
             const std::function<std::string(uint64_t)>& text_for, uint64_t* serial,
             Diagnostics& diags);
  enum class Attempt { Acquired, Busy, Failed };
  Attempt try_lock(const LockInfo& info, std::optional<LockInfo>* holder, Diagnostics& diags);
  // Atomically replaces `target` (in the state directory) with `text`, mode 0600.
  // Reports the new file's inode in `*inode` when not null.
  bool replace_file(const std::string& target, const std::string& text, ino_t* inode,
                    Diagnostics& diags);
  // Every state text on its way to disk passes here (the state file, each journal record's
  // body), and every one read back through open_from_disk(): the one place each way where
  // state bytes meet the disk, sealed and opened with the cipher when there is one. The
  // purpose (authenticated with the bytes) keeps a record from passing for a state file.
  static constexpr std::string_view kFilePurpose = "state";
  static constexpr std::string_view kRecordPurpose = "state journal record";
  std::string seal_for_disk(std::string text, std::string_view purpose) const;
  std::optional<std::string> open_from_disk(std::string bytes, std::string_view purpose,
                                            const std::string& where, Diagnostics& diags) const;
  // The header of the state stored now (the file with its journal), reading what is not
  // known_; nullopt with *exists false when there is no state file, and with an error when
  // it cannot be read. `stored` gets the file's bytes when they had to be read.
  std::optional<StateHeader> stored_header(bool* exists, std::string* stored, bool* have_stored,
                                           Diagnostics& diags);
  // What read_journal() found beside the state file.
  struct JournalRead {
    std::optional<FileIdentity> file;  // none: there is no journal
    bool stale = false;                // it adds to another state file: ignored
    bool folded = false;               // it held records, or an incomplete last one
  };
  // Folds the journal's records into `state` (the state file as read); with `heads_only`
  // only the serial. false with an error when the journal cannot be read.
  bool read_journal(State& state, bool heads_only, JournalRead* out, Diagnostics& diags);
  // The journal is the one known_ says (or still absent).
  bool journal_as_known() const;
  // Replaces the state file with `text` (the state `header` names), keeping the copy it
  // replaces as .backup (`stored`: its bytes when already read), and removes the journal.
  bool commit(const std::string& text, const StateHeader& header, const std::string* stored,
              Diagnostics& diags);
  // Creates the journal (its header names the state file as known_) and opens it to append.
  bool start_journal(Diagnostics& diags);
  // Appends one framed record and waits until it is on disk; on failure cuts it off again.
  bool append_journal(const std::string& record, Diagnostics& diags);
  void close_journal();

  std::string path_;
  std::string dir_;
  std::string base_;
  std::string backup_path_;
  std::string lock_path_;
  const StateCipher* cipher_ = nullptr;
  std::string workspace_ = "default";
  std::string default_path_;   // the default workspace's state file
  std::string workspace_dir_;  // holds the other workspaces' folders
  std::string journal_path_;
  SystemClock system_clock_;
  Clock* clock_;
  int lock_fd_ = -1;  // open lock file while we hold the lock
  std::string lock_id_;
  LockRecordForExit* exit_record_ = nullptr;
  // The state file as this backend last read or wrote it. While the file on disk is still
  // that one (same inode, size and change time), a write need not re-read it to check it.
  struct Known {
    FileIdentity file;
    StateHeader header;                   // of the state the file and its journal hold
    std::optional<FileIdentity> journal;  // the journal beside it, none when there was none
  };
  std::optional<Known> known_;
  // The files hold exactly what this object's last write stored: write_changes may add to it.
  bool changes_base_ = false;
  int journal_fd_ = -1;  // the journal this object appends to, open after its first record
  std::map<std::string, OutputState> written_outputs_;  // as the last write stored them
};

}  // namespace fedplan
