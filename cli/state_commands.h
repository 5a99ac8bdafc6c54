// `fedplan state list|show|rm|mv|pull|push` and `fedplan force-unlock` as library functions.
// The CLI parses flags and calls these; each prints to the given streams and returns the exit
// code (0 success, 1 error). Commands that write take the state lock first.
#pragma once

#include <chrono>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "state/backend.h"

namespace fedplan {

class StateCipher;

// Flags shared by the state commands.
struct StateCommandOptions {
  bool lock = true;                           // -lock=false: do not take the state lock
  std::chrono::milliseconds lock_timeout{0};  // -lock-timeout: how long to wait for it
  bool dry_run = false;                       // rm, mv: -dry-run, say what would change
  bool force = false;                         // push: -force, replace an unrelated or newer state
  Clock* clock = nullptr;                     // for lock times and waits; system clock if null
  const StateCipher* cipher = nullptr;        // push: opens a sealed FILE (errored states)
};

// Prints every recorded address, one per line, in address order; with addresses (modules,
// resources or instances), only those they contain. Creates a killed run left pending are
// listed too, as "ADDR (pending create)". Matching nothing is not an error.
int state_list(StateBackend& backend, const std::vector<std::string>& addrs, std::ostream& out,
               std::ostream& err);

// Prints one instance's attributes (see render_instance); sensitive values are redacted.
// A resource address is accepted when the resource has just one, unkeyed, instance. An address
// with only a pending create shows its intent, under a line saying so.
int state_show(StateBackend& backend, const std::string& addr, std::ostream& out,
               std::ostream& err);

// Forgets the objects at `addrs` (instances, resources or modules) without destroying them,
// with their deposed objects and pending creates. Every address must match something, or
// nothing is removed.
int state_rm(StateBackend& backend, const std::vector<std::string>& addrs,
             const StateCommandOptions& options, std::ostream& out, std::ostream& err);

// Renames an instance, a resource or a module prefix (rules: move_in_state in state.h). Refuses
// to move a pending create: the next plan settles it where it was begun.
int state_mv(StateBackend& backend, const std::string& from, const std::string& to,
             const StateCommandOptions& options, std::ostream& out, std::ostream& err);

// Prints the stored state as JSON; prints nothing when no state has been stored yet.
int state_pull(StateBackend& backend, std::ostream& out, std::ostream& err);

// Replaces the stored state with the state file at `path` ("-": read `in`). Refuses a state
// of another lineage, or one with a lower serial than the stored one, unless options.force.
int state_push(StateBackend& backend, const std::string& path, std::istream& in,
               const StateCommandOptions& options, std::ostream& out, std::ostream& err);

// Releases the lock with ID `id` left by another run (see StateBackend::force_unlock). The CLI
// asks for confirmation before calling this unless told not to.
int force_unlock_command(StateBackend& backend, const std::string& id, bool break_live_lock,
                         std::ostream& out, std::ostream& err);

}  // namespace fedplan
