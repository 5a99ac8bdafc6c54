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
// last write began (group commit): steps that finish during a write share the next one.
// Nobody waits for a write: on_saved() hears, after each one, up to which request it held.
// After a write fails no other is tried: a half-broken state location is not trusted.
// Where the backend stores changes alone, every background write after the first stores only
// what changed since the write before; save_now() stores the whole state again.
class StateSaver {
 public:
  // `snapshot` takes the current state in encoded pieces and `changes` what changed since
  // the last snapshot or changes (both under the caller's lock); `written` receives the
  // serial each write stored.
  StateSaver(StateBackend& backend, std::function<EncodedState()> snapshot,
             std::function<EncodedChanges()> changes, std::function<void(uint64_t)> written);
  ~StateSaver();

  // Called from the saver's thread after each write ends with the last request it holds and
  // whether it was written (false: the failure is in errors()). Set before start().
  void on_saved(std::function<void(uint64_t, bool)> saved);
  void start();
  // Asks for a write of the state as it is now; returns the request's number.
  uint64_t changed();
  // Waits for pending writes and stops the background thread.
  void stop();
  // One synchronous write of the whole current state; false when it (or an earlier one)
  // failed.
  bool save_now();
  // A write failed: nothing was written since.
  bool failed();
  // Every error a write reported.
  Diagnostics errors();

 private:
  void loop();
  // With `whole` false, only the changes when the backend takes them and a write came before.
  bool write_once(bool whole);

  StateBackend& backend_;
  std::function<EncodedState()> snapshot_;
  std::function<EncodedChanges()> changes_;
  std::function<void(uint64_t)> written_;
  std::function<void(uint64_t, bool)> saved_fn_;
  std::mutex mu_;
  std::condition_variable cv_;  // wakes the writer
  uint64_t requested_ = 0;      // writes asked for
  uint64_t saved_ = 0;          // every request up to this one is written (or failed)
  bool stopping_ = false;
  bool failed_ = false;
  bool wrote_ = false;  // a write succeeded: the changes since it are all a write needs
  std::thread thread_;
  std::mutex write_mu_;  // one write at a time, background or not
  Diagnostics errors_;
};

}  // namespace fedplan
