// MemoryBackend: a StateBackend that keeps the encoded state and the lock in memory, for
// tests of the engine. It makes the same checks as the local backend, without files.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "state/backend.h"

namespace fedplan {

// State and lock in memory. Several users (threads, or objects standing for separate runs)
// share one instance; the lock is told apart by LockInfo ID. Thread-safe.
class MemoryBackend : public StateBackend {
 public:
  // `clock` (for lock waits and lock times) defaults to the system clock.
  explicit MemoryBackend(Clock* clock = nullptr) : clock_(clock ? clock : &system_clock_) {}

  LockResult lock(const LockInfo& info, std::chrono::milliseconds timeout,
                  Diagnostics& diags) override;
  bool unlock(const std::string& id, Diagnostics& diags) override;
  bool force_unlock(const std::string& id, bool break_live_lock, Diagnostics& diags) override;
  std::optional<State> read(Diagnostics& diags) override;
  using StateBackend::write;
  bool write(State& state, const WriteOptions& options, Diagnostics& diags) override;
  std::string describe() const override { return "in-memory state"; }
  // One workspace, "default"; its lock is the only one.
  std::vector<std::string> workspaces(Diagnostics&) override { return {"default"}; }
  bool delete_workspace(const std::string& name, Diagnostics& diags) override;
  std::vector<LockInfo> locks(Diagnostics& diags) override;

  // The stored text (nullopt before the first write), and a way to plant any text, such as
  // a damaged file, for a test.
  std::optional<std::string> stored_text() const;
  void set_stored_text(std::optional<std::string> text);
  std::optional<LockInfo> holder() const;

 private:
  mutable std::mutex mu_;
  std::optional<std::string> text_;
  std::optional<LockInfo> holder_;
  SystemClock system_clock_;
  Clock* clock_;
};

}  // namespace fedplan
