// Tests of parallel_for: every index once, the thread cap honoured, calls really overlapping,
// and the serial path staying on the caller's thread.
#include "base/parallel.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace fedplan {
namespace {

TEST_CASE("parallel_for calls every index exactly once") {
  for (size_t threads : {1, 2, 8, 100}) {
    std::vector<std::atomic<int>> calls(37);
    parallel_for(calls.size(), threads, [&](size_t i) { ++calls[i]; });
    for (const std::atomic<int>& c : calls) CHECK(c.load() == 1);
  }
  bool called = false;
  parallel_for(0, 4, [&](size_t) { called = true; });
  CHECK_FALSE(called);
}

TEST_CASE("parallel_for runs no more calls at once than its thread cap") {
  std::atomic<int> running{0}, most{0};
  parallel_for(40, 3, [&](size_t) {
    int now = ++running;
    for (int m = most.load(); now > m && !most.compare_exchange_weak(m, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --running;
  });
  CHECK(most.load() >= 1);
  CHECK(most.load() <= 3);
}

TEST_CASE("parallel_for overlaps calls that wait on each other") {
  // Every call waits until all four have started: this finishes only if they run together.
  std::mutex mu;
  std::condition_variable cv;
  int started = 0;
  bool all_met = true;
  parallel_for(4, 4, [&](size_t) {
    std::unique_lock<std::mutex> lock(mu);
    ++started;
    cv.notify_all();
    if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return started == 4; })) all_met = false;
  });
  CHECK(all_met);
}

TEST_CASE("parallel_for with one thread runs in order on the caller") {
  std::vector<size_t> order;
  std::set<std::thread::id> ids;
  parallel_for(5, 1, [&](size_t i) {
    order.push_back(i);
    ids.insert(std::this_thread::get_id());
  });
  CHECK(order == std::vector<size_t>{0, 1, 2, 3, 4});
  REQUIRE(ids.size() == 1);
  CHECK(*ids.begin() == std::this_thread::get_id());
}

}  // namespace
}  // namespace fedplan
