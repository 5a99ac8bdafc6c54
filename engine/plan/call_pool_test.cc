// Tests of CallPool: calls overlap up to the number of workers, a lane's cap holds, every
// call comes back exactly once, and one worker means calls run on the caller's thread.
#include "engine/plan/call_pool.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <set>

using namespace fedplan;

namespace {

// Counts calls in flight, per lane and in all, and the most seen at once.
struct Meter {
  std::mutex mu;
  int now = 0;
  int most = 0;
  std::map<const void*, int> lane_now;
  std::map<const void*, int> lane_most;

  void enter(const void* lane) {
    std::lock_guard<std::mutex> lock(mu);
    most = std::max(most, ++now);
    lane_most[lane] = std::max(lane_most[lane], ++lane_now[lane]);
  }
  void leave(const void* lane) {
    std::lock_guard<std::mutex> lock(mu);
    --now;
    --lane_now[lane];
  }
};

std::set<int> drain(CallPool& pool) {
  std::set<int> ids;
  for (int id = pool.next_done(); id >= 0; id = pool.next_done()) {
    CHECK(ids.insert(id).second);
  }
  return ids;
}

}  // namespace

TEST_CASE("call pool: calls overlap up to the workers, and each comes back once") {
  Meter m;
  CallPool pool(4);
  int lane = 0;
  for (int i = 0; i < 16; ++i)
    pool.submit(PoolCall{i, &lane, 0, [&] {
                           m.enter(&lane);
                           std::this_thread::sleep_for(std::chrono::milliseconds(20));
                           m.leave(&lane);
                         }});
  std::set<int> ids = drain(pool);
  CHECK(ids.size() == 16);
  CHECK(*ids.rbegin() == 15);
  CHECK(m.most == 4);
  CHECK(pool.next_done() == -1);
}

TEST_CASE("call pool: a lane's cap bounds its calls while other lanes use the rest") {
  Meter m;
  CallPool pool(6);
  int slow = 0;
  int fast = 0;
  for (int i = 0; i < 12; ++i) {
    const void* lane = i % 2 ? &slow : &fast;
    pool.submit(PoolCall{i, lane, lane == &slow ? 2 : 0, [&m, lane] {
                           m.enter(lane);
                           std::this_thread::sleep_for(std::chrono::milliseconds(20));
                           m.leave(lane);
                         }});
  }
  CHECK(drain(pool).size() == 12);
  CHECK(m.lane_most[&slow] == 2);
  CHECK(m.lane_most[&fast] > 2);
}

TEST_CASE("call pool: with one worker a call runs inside submit, on the caller's thread") {
  CallPool pool(1);
  std::thread::id ran_on;
  bool ran = false;
  pool.submit(PoolCall{7, nullptr, 0, [&] {
                         ran = true;
                         ran_on = std::this_thread::get_id();
                       }});
  CHECK(ran);
  CHECK(ran_on == std::this_thread::get_id());
  CHECK(pool.next_done() == 7);
  CHECK(pool.next_done() == -1);
}
