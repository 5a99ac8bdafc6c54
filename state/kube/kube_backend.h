// The kube backend: the state of each workspace in Secrets of one namespace (gzip-compressed,
// split across several past 1 MiB, every write preconditioned on a resourceVersion), and its
// lock a renewed coordination.k8s.io/v1 Lease. docs/backends/kube.md describes it for users.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/http/http.h"
#include "base/kube/access.h"
#include "base/kube/client.h"
#include "state/backend.h"
#include "state/backend_config.h"
#include "state/cipher.h"
#include "state/kube/lease_lock.h"
#include "state/kube/state_objects.h"

namespace fedplan {

// The kube backend's settings once read and checked.
struct KubeBackendSettings {
  kube::ClusterAccess access;
  kube::StateObjectNames names;  // namespace, workspace, secret_suffix, labels
  std::chrono::seconds lock_duration{30};
};

// One workspace's state in a namespace's Secrets. Objects, for workspace W and suffix S:
//   Secret fedplan-state-W-S          the state (or its first MiB), type fedplan.io/state
//   Secret fedplan-state-W-S-part-I-X  the state's next MiBs, for the write whose id starts X
//   Lease  fedplan-lock-W-S           the lock, while a run holds it
class KubeBackend : public StateBackend {
 public:
  // `transport` reaches the cluster (the backend adds retries on `clock`, the system clock
  // when null); `cipher` seals what is stored (null: encryption off).
  KubeBackend(KubeBackendSettings settings, std::shared_ptr<HttpTransport> transport, Clock* clock,
              const StateCipher* cipher);
  ~KubeBackend() override;

  LockResult lock(const LockInfo& info, std::chrono::milliseconds timeout,
                  Diagnostics& diags) override;
  bool unlock(const std::string& id, Diagnostics& diags) override;
  bool force_unlock(const std::string& id, bool break_live_lock, Diagnostics& diags) override;
  std::optional<State> read(Diagnostics& diags) override;
  using StateBackend::write;
  bool write(State& state, const WriteOptions& options, Diagnostics& diags) override;
  bool write_encoded(EncodedState& encoded, const WriteOptions& options,
                     Diagnostics& diags) override;
  std::string describe() const override;
  std::vector<std::string> workspaces(Diagnostics& diags) override;
  bool delete_workspace(const std::string& name, Diagnostics& diags) override;
  std::vector<LockInfo> locks(Diagnostics& diags) override;

  // Lists the state Secrets once: false with an error naming the cause (unreachable server,
  // untrusted certificate, rejected credentials, missing namespace) when that fails.
  bool check_access(Diagnostics& diags);

 private:
  enum class Fetch { Found, Absent, Failed };
  // The stored bytes (joined, opened, decompressed) and the state Secret's version.
  Fetch fetch(std::string* text, kube::StoredChunk* head, Diagnostics& diags);
  // Reads the stored state's header into known_ (left empty when nothing is stored).
  bool learn_stored(Diagnostics& diags);
  enum class Attempt { Stored, Conflict, Failed };
  // One write of `text` (serial `serial`): new parts, then the state Secret on known_'s
  // resourceVersion. Conflict: someone wrote in between (known_ is cleared).
  Attempt put_state(const State& identity, uint64_t serial, const std::string& text,
                    Diagnostics& diags);
  bool store(const State& identity, const WriteOptions& options,
             const std::function<std::string(uint64_t)>& text_for, uint64_t* serial,
             Diagnostics& diags);
  // Deletes part Secrets of this workspace that no state points at (left by older writes or
  // killed runs) whose serial is at most `serial`, except those of `keep_write_id`.
  void remove_stale_parts(uint64_t serial, const std::string& keep_write_id);
  std::string secret_path(const std::string& name) const;
  std::string failure(const kube::ApiResult& r, const std::string& what) const;

  KubeBackendSettings settings_;
  SystemClock system_clock_;
  Clock* clock_;
  const StateCipher* cipher_;
  std::shared_ptr<HttpTransport> inner_;      // as given
  std::shared_ptr<HttpTransport> transport_;  // inner_ with retries (docs/http.md)
  std::unique_ptr<kube::KubeClient> client_;
  std::unique_ptr<kube::LeaseLock> lock_;
  // The state Secret as this backend last read or wrote it: while its resourceVersion is
  // unchanged, the stored header is known without reading every part.
  struct Known {
    std::string resource_version;
    StateHeader header;
    int parts = 1;
  };
  std::optional<Known> known_;
  bool swept_ = false;  // stale parts were looked for in this run
};

// Opens the kube backend for `config` (settings in docs/backends/kube.md), checking every
// setting and that the cluster answers before anything is changed; nullptr after errors.
std::unique_ptr<KubeBackend> open_kube_backend(const BackendConfig& config,
                                               const BackendContext& context, Diagnostics& diags);

}  // namespace fedplan
