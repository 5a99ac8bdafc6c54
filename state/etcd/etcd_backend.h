// The etcd state backend: a workspace's state under PREFIX/WORKSPACE/ as chunks and a
// manifest, every write a compare-and-swap, the lock a key bound to a lease kept alive.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "state/backend.h"
#include "state/backend_config.h"
#include "state/cipher.h"
#include "state/etcd/chunks.h"
#include "state/etcd/etcd_client.h"

namespace fedplan {

// What the backend settings say once read (see docs/backends/etcd.md).
struct EtcdBackendOptions {
  std::string prefix = "fedplan/";  // ends in '/'
  std::string workspace = "default";
  std::chrono::seconds lock_ttl{30};
  // The largest chunk, in plain bytes; below etcd's 1.5 MiB request limit once base64'd.
  size_t chunk_size = 1u << 20;
  // Seals the manifest and every chunk (each on its own, so an unchanged chunk stays as it
  // was); null: stored as they are.
  const StateCipher* cipher = nullptr;
};

// State in etcd. Keys, for PREFIX and workspace W:
//   PREFIX/W/state        the manifest: the chunks in order (ChunkManifest, JSON)
//   PREFIX/W/chunks/ID    one piece of the state text
//   PREFIX/W/journal/N    the changes a write stored as serial N (20 digits), on top of the
//                         chunked state and the records before it; removed by a whole write
//   PREFIX/W/lock         the holder's LockInfo, bound to a lease of lock_ttl
//   PREFIX/W/last-lock    the latest holder's LockInfo without a lease, to name a dead holder
// One thread at a time uses it; while it holds the lock a thread of its own renews the lease.
class EtcdBackend : public StateBackend {
 public:
  // `clock` (lock waits and times) defaults to the system clock.
  EtcdBackend(std::shared_ptr<EtcdClient> client, EtcdBackendOptions options,
              Clock* clock = nullptr);
  ~EtcdBackend() override;  // releases a lock still held
  EtcdBackend(const EtcdBackend&) = delete;
  EtcdBackend& operator=(const EtcdBackend&) = delete;

  LockResult lock(const LockInfo& info, std::chrono::milliseconds timeout,
                  Diagnostics& diags) override;
  bool unlock(const std::string& id, Diagnostics& diags) override;
  bool force_unlock(const std::string& id, bool break_live_lock, Diagnostics& diags) override;
  std::optional<State> read(Diagnostics& diags) override;
  using StateBackend::write;
  bool write(State& state, const WriteOptions& options, Diagnostics& diags) override;
  bool write_encoded(EncodedState& encoded, const WriteOptions& options,
                     Diagnostics& diags) override;
  // After a whole write, each write stores one journal record (etcd_journal.cc).
  bool writes_changes() const override { return true; }
  bool write_changes(EncodedChanges& changes, const WriteOptions& options,
                     Diagnostics& diags) override;
  std::string describe() const override;

  std::vector<std::string> workspaces(Diagnostics& diags) override;
  bool delete_workspace(const std::string& name, Diagnostics& diags) override;
  std::vector<LockInfo> locks(Diagnostics& diags) override;

  // The key of `leaf` in this backend's workspace ("fedplan/default/state").
  std::string key(const std::string& leaf) const;
  // The stored state text as chunks and manifest give it; nullopt when none (for tests).
  std::optional<std::string> stored_text(Diagnostics& diags);

 private:
  // What the stored state was at a revision this backend read or wrote.
  struct Known {
    int64_t revision = 0;               // the manifest's mod revision; 0: no state stored
    std::optional<StateHeader> header;  // of the chunked state with its records folded in
    ChunkManifest manifest;
    std::vector<std::string> garbage;  // chunk IDs no manifest names, to delete
    uint64_t chunked_serial = 0;       // the chunked state's own serial: records add to it
    int64_t record_revision = 0;       // the newest record's mod revision; 0: none
  };
  // Reads everything under the workspace: the manifest, its chunks (checked against their
  // digests, opened) joined into `*text`, and the journal records' keys in `*records`.
  // nullopt and an error when something is damaged.
  std::optional<Known> load(std::string* text, std::vector<EtcdKv>* records, Diagnostics& diags);
  // The stored state (the chunks' text decoded, the records folded in) and what was read;
  // a fresh state when none is stored.
  std::optional<State> load_state(Known* known, Diagnostics& diags);
  // Folds `records` into `state` (the chunked state), in serial order, as with `heads_only`
  // fold_journal_record does; sets known's chunked_serial and record_revision.
  bool fold_records(std::vector<EtcdKv>& records, bool heads_only, State& state, Known& known,
                    Diagnostics& diags);
  // The key of the record stored as `serial`.
  std::string record_key(uint64_t serial) const;
  // The error of a write that found the lock key no longer the one this run created.
  void lock_lost(Diagnostics& diags) const;
  // Whether a transaction's failure branch (whose range `at` read the lock key) found the
  // lock key no longer the one this run created.
  bool lost_lock(const EtcdTxnResult& t, size_t at) const;
  // write_changes of changes too large for one request: the stored state with them folded in,
  // written whole.
  bool write_folded(EncodedChanges& changes, std::string_view body, const WriteOptions& options,
                    Diagnostics& diags);
  // A write of changes found another write stored since this backend's: the usual refusal.
  void refuse_changes(const EncodedChanges& changes, const WriteOptions& options,
                      Diagnostics& diags);
  bool store(const State& state, const WriteOptions& options, const StateTextFor& text_for,
             uint64_t* serial, Diagnostics& diags);
  // One compare-and-swap of a new manifest over known_; sets *outcome.
  enum class Commit { Done, Conflict, LockLost, Failed };
  Commit commit(const std::string& text, Known* next, Diagnostics& diags);
  void start_keepalive();
  void stop_keepalive();

  std::shared_ptr<EtcdClient> client_;
  EtcdBackendOptions options_;
  SystemClock system_clock_;
  Clock* clock_;
  std::optional<Known> known_;
  // etcd holds exactly what this object's last write stored: write_changes may add to it.
  bool changes_base_ = false;
  std::map<std::string, OutputState> written_outputs_;  // as the last write stored them

  // The lock this backend holds: its ID, lease and the lock key's create revision.
  std::string lock_id_;
  int64_t lease_ = 0;
  int64_t lock_revision_ = 0;
  std::thread keeper_;
  std::mutex keeper_mu_;
  std::condition_variable keeper_cv_;
  bool keeper_stop_ = false;
};

// The backend a BackendConfig of type "etcd" describes (settings in docs/backends/etcd.md).
// Checks every setting, then that an endpoint answers: nullptr and errors naming the
// setting otherwise, before anything is changed.
std::unique_ptr<EtcdBackend> open_etcd_backend(const BackendConfig& config,
                                               const BackendContext& context, Diagnostics& diags);

}  // namespace fedplan
