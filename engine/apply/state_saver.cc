// StateSaver: the background writer that keeps the state file current during an apply.
// Writes are serialized; each stores a whole snapshot or the changes since the one before, so
// what is stored is always a whole state.
#include "engine/apply/state_saver.h"

namespace fedplan {

StateSaver::StateSaver(StateBackend& backend, std::function<EncodedState()> snapshot,
                       std::function<EncodedChanges()> changes,
                       std::function<void(uint64_t)> written)
    : backend_(backend),
      snapshot_(std::move(snapshot)),
      changes_(std::move(changes)),
      written_(std::move(written)) {}

StateSaver::~StateSaver() {
  stop();
}

void StateSaver::on_saved(std::function<void(uint64_t, bool)> saved) {
  saved_fn_ = std::move(saved);
}

void StateSaver::start() {
  std::lock_guard<std::mutex> lock(mu_);
  thread_ = std::thread([this] { loop(); });
}

uint64_t StateSaver::changed() {
  uint64_t ticket;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ticket = ++requested_;
  }
  cv_.notify_one();
  return ticket;
}

void StateSaver::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void StateSaver::loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return requested_ > saved_ || stopping_; });
    if (requested_ > saved_) {
      // Every request so far was made after its step's record, so the snapshot taken below
      // holds all of them.
      uint64_t covers = requested_;
      lock.unlock();
      bool ok = write_once(false);
      lock.lock();
      saved_ = covers;
      if (saved_fn_) {
        lock.unlock();
        saved_fn_(covers, ok);
        lock.lock();
      }
      continue;
    }
    if (stopping_) return;
  }
}

bool StateSaver::write_once(bool whole) {
  std::lock_guard<std::mutex> lock(write_mu_);
  if (failed()) return false;
  Diagnostics d;
  bool ok = false;
  uint64_t serial = 0;
  if (!whole && wrote_ && changes_ && backend_.writes_changes()) {
    EncodedChanges changes = changes_();
    ok = backend_.write_changes(changes, WriteOptions{}, d);
    serial = changes.head.serial;
  } else {
    EncodedState copy = snapshot_();
    ok = backend_.write_encoded(copy, WriteOptions{}, d);
    serial = copy.head.serial;
  }
  if (ok) written_(serial);
  wrote_ = wrote_ || ok;
  std::lock_guard<std::mutex> elock(mu_);
  errors_.append(std::move(d));
  failed_ = failed_ || !ok;
  return ok;
}

bool StateSaver::save_now() {
  return write_once(true);
}

bool StateSaver::failed() {
  std::lock_guard<std::mutex> lock(mu_);
  return failed_;
}

Diagnostics StateSaver::errors() {
  std::lock_guard<std::mutex> lock(mu_);
  return errors_;
}

}  // namespace fedplan
