// FakeClock: a Clock for tests whose sleeps return at once and move its time forward.
// It records every sleep so a test can check the backoff a component chose.
#pragma once

#include <mutex>
#include <vector>

#include "base/clock.h"

namespace fedplan {

// A manual clock starting at a fixed instant; sleep_for advances it. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(time_point start = time_point(std::chrono::seconds(1'700'000'000)))
      : now_(start) {}

  time_point now() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void sleep_for(duration d) override {
    std::lock_guard<std::mutex> lock(mu_);
    sleeps_.push_back(d);
    if (d.count() > 0) now_ += d;
  }
  // Moves time forward without recording a sleep (something else took time).
  void advance(duration d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }
  std::vector<duration> sleeps() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }

 private:
  mutable std::mutex mu_;
  time_point now_;
  std::vector<duration> sleeps_;
};

}  // namespace fedplan
