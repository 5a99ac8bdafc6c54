// Tests of StateSaver's choice of write: the first write and save_now() store the whole state,
// the background writes between them only the changes, where the backend stores them alone.
#include "engine/apply/state_saver.h"

#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "state/memory_backend.h"

using namespace fedplan;

namespace {

// Records the kind of each write ("whole" or "changes") and gives each the next serial.
class KindsBackend : public MemoryBackend {
 public:
  explicit KindsBackend(bool changes) : changes_(changes) {}
  bool write_encoded(EncodedState& encoded, const WriteOptions&, Diagnostics&) override {
    kinds.push_back("whole");
    encoded.head.serial = ++serial_;
    return true;
  }
  bool writes_changes() const override { return changes_; }
  bool write_changes(EncodedChanges& changes, const WriteOptions&, Diagnostics&) override {
    kinds.push_back("changes");
    changes.head.serial = ++serial_;
    return true;
  }

  std::vector<std::string> kinds;  // written on the saver's thread, read after stop()

 private:
  bool changes_;
  uint64_t serial_ = 0;
};

// Three background writes, one after the other, then save_now(); the kinds written.
std::vector<std::string> kinds_written(bool backend_takes_changes) {
  KindsBackend backend(backend_takes_changes);
  uint64_t serial = 0;
  StateSaver saver(
      backend,
      [] {
        return EncodedState{State::fresh(), {}};
      },
      [] {
        return EncodedChanges{State::fresh(), {}};
      },
      [&](uint64_t s) { serial = s; });
  std::mutex mu;
  std::condition_variable cv;
  uint64_t saved = 0;
  saver.on_saved([&](uint64_t ticket, bool ok) {
    CHECK(ok);
    std::lock_guard<std::mutex> lock(mu);
    saved = ticket;
    cv.notify_all();
  });
  saver.start();
  for (int i = 0; i < 3; ++i) {
    uint64_t ticket = saver.changed();
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return saved >= ticket; });
  }
  saver.stop();
  REQUIRE(saver.save_now());
  CHECK(serial == 4);
  return backend.kinds;
}

}  // namespace

TEST_CASE("writes after the first store only the changes, and save_now the whole state") {
  CHECK(kinds_written(true) == std::vector<std::string>{"whole", "changes", "changes", "whole"});
}

TEST_CASE("a backend that stores whole states only is given whole states") {
  CHECK(kinds_written(false) == std::vector<std::string>{"whole", "whole", "whole", "whole"});
}
