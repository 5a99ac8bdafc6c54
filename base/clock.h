// Clock: the seam for time, so waits, backoffs and lease renewals can be tested instantly.
// Code takes a `Clock&`; SystemClock is the real one, FakeClock (fake_clock.h) the test one.
#pragma once

#include <chrono>
#include <thread>

namespace fedplan {

// Reads the wall clock and sleeps. Wall time (not steady) because HTTP dates, leases and
// lock files speak wall time; intervals are short enough that a clock step rarely matters.
class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  using duration = std::chrono::milliseconds;

  virtual ~Clock() = default;
  virtual time_point now() = 0;
  virtual void sleep_for(duration d) = 0;
};

// The real clock: the system clock and std::this_thread::sleep_for. Stateless and thread-safe.
class SystemClock : public Clock {
 public:
  time_point now() override { return std::chrono::system_clock::now(); }
  void sleep_for(duration d) override {
    if (d.count() > 0) std::this_thread::sleep_for(d);
  }
};

}  // namespace fedplan
