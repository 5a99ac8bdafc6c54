// StateSaver: writes the state in the background while an apply runs, as soon as a step has
// changed it. One write is in flight at a time; steps that finish together share a write.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "state/backend.h"

namespace fedplan {

// Saves snapshots of the state through a backend whenever changed() was called since the
// last write (group commit). A step calls changed() after recording its result and then
// wait_saved() with the ticket it got: it counts as finished only once a write that includes
// it is done, so whatever the apply reports finished is on disk, and a crash loses at most
// the steps whose write was still under way.
class StateSaver {
 public:
  // `snapshot` copies the current state (under the caller's lock); `written` receives the
  // serial each write stored.
  StateSaver(StateBackend& backend, std::function<State()> snapshot,
             std::function<void(uint64_t)> written);
  ~StateSaver();

  void start();
  // Asks for a write of the state as it is now; returns the ticket wait_saved() takes.
  uint64_t changed();
  // Blocks until a write that began after changed() returned `ticket` has ended (written, or
  // failed: the failure is in errors()). Returns at once when the saver is not running.
  void wait_saved(uint64_t ticket);
  // Waits for pending writes and stops the background thread.
  void stop();
  // One synchronous write of the current state.
  void save_now();
  // Every error a write reported.
  Diagnostics errors();

 private:
  void loop();
  void write_once();

  StateBackend& backend_;
  std::function<State()> snapshot_;
  std::function<void(uint64_t)> written_;
  std::mutex mu_;
  std::condition_variable cv_;        // wakes the writer
  std::condition_variable saved_cv_;  // wakes steps waiting for their write
  uint64_t requested_ = 0;            // the last ticket handed out
  uint64_t saved_ = 0;                // every ticket up to this one is written (or failed)
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;
  std::mutex write_mu_;  // one write at a time, background or not
  Diagnostics errors_;
};

}  // namespace fedplan
