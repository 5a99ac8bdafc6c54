// What plan, apply and destroy share: their flags, opening and locking the state, making
// the plan, printing progress, and confirming with the user.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "cli/config_flags.h"
#include "cli/open_backend.h"
#include "engine/plan/planner.h"
#include "state/backend.h"

namespace fedplan {

// Adds the flags of `plan` (and so of apply/destroy): -out, -target, -replace, -refresh,
// -destroy, -detailed-exitcode, -format, -parallelism, -lock, -lock-timeout, -state, -json.
void add_plan_flags(po::options_description& flags, bool with_out_and_format);

// The parsed plan options; false (with a message) when an address does not parse.
bool plan_options(const po::variables_map& vm, PlanOptions* out, CliContext& ctx);

// open_backend() of cli/open_backend.h for a command that reads no configuration otherwise:
// prints the diagnostics (warnings too) and returns an empty OpenedBackend after errors.
OpenedBackend open_backend_or_report(const po::variables_map& vm, const std::string& dir,
                                     Clock& clock, CliContext& ctx,
                                     LockRecordForExit* exit_record = nullptr);

// The -lock-timeout flag as a duration; nullopt (with a message) when it does not parse.
std::optional<std::chrono::milliseconds> lock_timeout(const po::variables_map& vm, CliContext& ctx);

// A command's state under its lock: the backend from the configuration and the flags
// (cli/open_backend.h; -lock), locked for `operation` within the timeout, and the state read.
// Unlocks when it goes (or at release()). Files read for the backend go to `sources`.
class LockedState {
 public:
  LockedState(const po::variables_map& vm, const std::string& dir, const std::string& operation,
              std::chrono::milliseconds timeout, CliContext& ctx, SourceFiles* sources,
              Diagnostics& diags);

  // The state read; nullptr when opening, the lock or the read failed (the reason is in the
  // diags).
  State* state() { return state_ ? &*state_ : nullptr; }
  StateBackend& backend() { return *opened_.backend; }
  const BackendConfig& backend_config() const { return opened_.config; }
  const StateCipher* cipher() const { return opened_.cipher.get(); }
  ScopedStateLock& lock() { return *lock_; }

 private:
  SystemClock clock_;
  OpenedBackend opened_;
  std::optional<ScopedStateLock> lock_;
  std::optional<State> state_;
};

// Asks "Enter a value:" and returns true only for "yes". With no terminal it says why it
// cannot ask, then `advice` (how to go on without a terminal, with the flags the command takes:
// each line indented by two spaces), and returns false.
bool confirm(CliContext& ctx, const std::string& question, const std::string& detail,
             const std::string& advice);

// The advice of apply and destroy when they cannot ask.
extern const char* const kApproveAdvice;

}  // namespace fedplan
