// The kube backend's lock: a coordination.k8s.io/v1 Lease per workspace whose holder renews it
// from a thread while the run lives, so a killed run's lock lapses and the next run takes it.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/diagnostics.h"
#include "base/kube/client.h"
#include "state/backend.h"
#include "state/kube/state_objects.h"

namespace fedplan::kube {

// A Lease's MicroTime: "2024-05-01T10:00:00.123456Z", as kube-apiserver reads and writes it.
std::string micro_time(Clock::time_point t);
// Reads an RFC 3339 time (any fraction, Z or an offset); nullopt when it is not one.
std::optional<Clock::time_point> parse_micro_time(const std::string& text);

// What a lock Lease says about its holder.
struct LeaseView {
  std::string holder;            // spec.holderIdentity: the LockInfo id, "" when free
  std::optional<LockInfo> info;  // from the fedplan.io/lock-info annotation
  std::chrono::seconds duration{0};
  std::optional<Clock::time_point> renewed;  // spec.renewTime (else acquireTime)
  int64_t transitions = 0;
  std::string resource_version;
  std::string workspace;  // its fedplan.io/workspace label

  // When the lease lapses unless renewed; nullopt when it has no renewal time.
  std::optional<Clock::time_point> expires() const;
  bool expired(Clock::time_point now) const;
  // The holder as LockInfo: the annotation's record, or just the id.
  LockInfo holder_info() const;
};

LeaseView read_lease(const nlohmann::json& lease);

// The Lease `names` lock, held by `info` from `now` (acquired at `acquired`).
nlohmann::json lease_manifest(const StateObjectNames& names, const LockInfo& info,
                              std::chrono::seconds duration, Clock::time_point acquired,
                              Clock::time_point now, int64_t transitions);

// Takes, renews and releases one workspace's Lease. Thread-safe: the renewer thread and the
// backend's calls share the client and the last resourceVersion under a mutex.
class LeaseLock {
 public:
  LeaseLock(KubeClient& client, StateObjectNames names, std::chrono::seconds duration,
            Clock& clock);
  ~LeaseLock();  // stops renewing (the Lease then lapses)
  LeaseLock(const LeaseLock&) = delete;
  LeaseLock& operator=(const LeaseLock&) = delete;

  enum class Attempt { Acquired, Busy, Failed };
  // One try: creates the Lease, takes a free or lapsed one (with a warning naming the dead
  // holder), or reports the live holder in *busy. Starts renewing once acquired.
  Attempt try_acquire(const LockInfo& info, LeaseView* busy, Diagnostics& diags);
  // Stops renewing and deletes the Lease, which must still name `id`.
  bool release(const std::string& id, Diagnostics& diags);
  // Deletes the Lease of someone else after checking `id`; a live holder's only when
  // `break_live`.
  bool force_release(const std::string& id, bool break_live, Diagnostics& diags);
  // Why the lock this object took was lost ("" while held or when none was taken).
  std::string lost() const;
  // "Lease NS/NAME", for messages.
  std::string describe() const;

 private:
  void start_renewing(std::string id, std::string resource_version);
  void stop_renewing();
  void renew_loop();
  bool renew_once();
  bool delete_lease(const std::string& resource_version, const std::string& what,
                    Diagnostics& diags);

  KubeClient& client_;
  StateObjectNames names_;
  std::chrono::seconds duration_;
  Clock& clock_;
  std::string path_;  // the Lease's API path

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::thread renewer_;
  bool stopping_ = false;
  std::string held_id_;  // the LockInfo id we hold, "" when none
  std::string resource_version_;
  std::optional<LockInfo> held_info_;
  Clock::time_point acquired_;
  int64_t transitions_ = 0;
  std::string lost_;
};

// Every fedplan lock Lease of `names.suffix` in `names.ns`, all workspaces, as LockInfo with
// workspace, expires and stale set.
std::vector<LockInfo> list_lease_locks(KubeClient& client, const StateObjectNames& names,
                                       Clock& clock, Diagnostics& diags);

}  // namespace fedplan::kube
