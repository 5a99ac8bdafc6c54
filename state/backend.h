// StateBackend: the seam between the engine and wherever the state lives (a local file, a
// Secret, etcd), with the lock that keeps two runs from writing it at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/diagnostics.h"
#include "state/state.h"
#include "state/state_json.h"

namespace fedplan {

// Who holds (or asks for) the state lock, recorded beside the lock so others can see it.
struct LockInfo {
  std::string id;         // a UUID; force-unlock must quote it
  std::string who;        // user@host
  int64_t pid = 0;        // the process that took it
  std::string host;       // hostname of that process
  std::string operation;  // the command: "apply", "state rm", ...
  std::string created;    // when it was taken, RFC 3339 UTC
  std::string path;       // what is locked, set by the backend (the state file, the key)
  std::string workspace;  // the workspace whose state is locked, set by the backend
  // When the lock lapses unless renewed (RFC 3339 UTC); empty for a lock that does not expire
  // (the local backend's, released by the kernel when its process dies).
  std::string expires;
  bool stale = false;  // locks(): the holder is gone, the next run takes the lock over

  nlohmann::json to_json() const;
  static std::optional<LockInfo> from_json(const nlohmann::json& j);
  // "root@host pid 1234 (apply) since 2024-05-01T10:00:00Z, lock ID 6f1c..."
  std::string describe() const;
};

// A LockInfo for this process: a new ID, the current user, host and pid, and `clock`'s time.
LockInfo new_lock_info(std::string operation, Clock& clock);

// `t` as RFC 3339 UTC with seconds: "2024-05-01T10:00:00Z".
std::string rfc3339(Clock::time_point t);

// The outcome of a lock attempt. When someone else holds the lock, `holder` says who (if
// their record could be read) and the diagnostics name them.
struct LockResult {
  bool acquired = false;
  std::optional<LockInfo> holder;
};

// How a write may treat the state it replaces.
struct WriteOptions {
  // Replace a state of another lineage, or one with a higher serial (`state push -force`).
  bool force = false;
};

// What changed in a state since the last write of one backend object, encoded: each resources[]
// entry and pending operation set or removed since then, with the identity and outputs as they
// are now. An apply's writes after its first one, so a write costs what changed, not the state.
struct EncodedChanges {
  State head;  // identity and outputs; its instances, deposed and pending are ignored
  // One entry set (`text`, as encode_instance writes it) or removed (`text` null): the
  // instance at `addr`, or with `deposed` its deposed object of that key.
  struct Entry {
    InstanceAddr addr;
    std::string deposed;
    std::shared_ptr<const std::string> text;
  };
  std::vector<Entry> entries;  // at most one per entry, in any order
  // Pending operations set (`text`: the planned object's entry) or removed (`text` null).
  std::vector<Entry> pending;
};

// Where the state lives. Every method reports failures as diagnostics and never throws.
// A backend object is used by one thread at a time.
class StateBackend {
 public:
  virtual ~StateBackend() = default;

  // Takes the lock for `info.operation`, retrying until `timeout` passes (0: one attempt).
  // When it stays busy: acquired=false, holder set, and an error saying
  // "state is locked by root@host pid 1234 (apply) since ..., lock ID ...".
  virtual LockResult lock(const LockInfo& info, std::chrono::milliseconds timeout,
                          Diagnostics& diags) = 0;
  // Releases a lock this backend took; `id` must be the ID it was taken with.
  virtual bool unlock(const std::string& id, Diagnostics& diags) = 0;
  // Releases a lock someone else took, after checking that `id` is the recorded one. A lock
  // whose holder is still running is refused unless `break_live_lock`; see docs/state.md.
  virtual bool force_unlock(const std::string& id, bool break_live_lock, Diagnostics& diags) = 0;

  // The stored state; when there is none yet, a fresh empty one (new lineage, serial 0) that
  // is not stored until the first write.
  virtual std::optional<State> read(Diagnostics& diags) = 0;
  // Stores `state` with serial state.serial + 1 (forced: one above both it and the stored
  // serial) and sets state.serial to that, so the caller can write the same State again after
  // its next step. Refuses (unless options.force) when the stored state has another lineage
  // or a higher serial than state.serial, i.e. someone wrote since it was read; refuses
  // always when the stored copy cannot be read, so a damaged state is never overwritten.
  // The state is taken by reference only for its serial; nothing else is changed.
  virtual bool write(State& state, const WriteOptions& options, Diagnostics& diags) = 0;
  bool write(State& state, Diagnostics& diags) { return write(state, WriteOptions{}, diags); }
  // write() of a state kept in encoded pieces (an apply keeps its instances encoded between
  // writes, so a write re-encodes only what changed); encoded.head.serial plays the part of
  // state.serial and is set the same way. This default decodes the text and calls write().
  virtual bool write_encoded(EncodedState& encoded, const WriteOptions& options,
                             Diagnostics& diags);

  // Whether write_changes() stores changes alone here (the local backend's journal). Those that
  // do not are given whole states (write_encoded) at every write.
  virtual bool writes_changes() const { return false; }
  // Stores the state this object's last successful write stored with `changes` made to it,
  // under write()'s rules, with changes.head.serial playing the part of state.serial. Only
  // after a write by this object, and only where writes_changes(); the default refuses.
  virtual bool write_changes(EncodedChanges& changes, const WriteOptions& options,
                             Diagnostics& diags);

  // One line for messages: "local state file ./fedplan.state.json".
  virtual std::string describe() const = 0;

  // Workspaces: the names of the workspaces with a stored state in this backend, sorted,
  // always including "default". A backend object serves one of them, chosen when opened.
  virtual std::vector<std::string> workspaces(Diagnostics& diags) = 0;
  // Makes the workspace this object serves exist: stores an empty state (serial 1) under the
  // workspace's lock, which it takes and releases itself.
  virtual bool create_workspace(Diagnostics& diags);
  // Removes workspace `name`'s state (and its lock record). Refuses "default", the workspace
  // this object serves, and a workspace that is locked.
  virtual bool delete_workspace(const std::string& name, Diagnostics& diags) = 0;
  // Every lock recorded in this backend, of every workspace, for `fedplan locks`.
  virtual std::vector<LockInfo> locks(Diagnostics& diags) = 0;
};

// For backends that store whole texts: the text of `state` (or `encoded`) as it is stored
// under a given serial, which only the write decides. The argument is left as it was.
using StateTextFor = std::function<std::string(uint64_t serial)>;
StateTextFor state_text_for(State& state);
StateTextFor state_text_for(EncodedState& encoded);

// The checks every backend makes before replacing `stored` (null when nothing is stored) with
// `state`; appends an error naming `where` and returns false to refuse. On success sets
// `*next_serial` to the serial the new copy gets.
bool check_overwrite(const StateHeader* stored, const State& state, const WriteOptions& options,
                     const std::string& where, uint64_t* next_serial, Diagnostics& diags);

// Holds a backend's lock for a scope: takes it in the constructor, releases it in release()
// or the destructor. With `enabled` false (`-lock=false`) it takes nothing and counts as held.
class ScopedStateLock {
 public:
  ScopedStateLock(StateBackend& backend, std::string operation, std::chrono::milliseconds timeout,
                  Clock& clock, Diagnostics& diags, bool enabled = true);
  ~ScopedStateLock();
  ScopedStateLock(const ScopedStateLock&) = delete;
  ScopedStateLock& operator=(const ScopedStateLock&) = delete;

  bool held() const { return held_; }
  const std::optional<LockInfo>& holder() const { return result_.holder; }
  // Unlocks now, reporting a failure; later calls and the destructor do nothing.
  bool release(Diagnostics& diags);

 private:
  StateBackend& backend_;
  LockInfo info_;
  LockResult result_;
  bool held_ = false;
  bool locked_ = false;  // we took a real lock that still needs unlocking
};

}  // namespace fedplan
