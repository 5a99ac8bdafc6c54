// Tests of the Walker alone: visit order, calls in flight up to the parallelism and a lane's
// cap, skips after a failure, held nodes finished from another thread, Ctrl-C, cycles, ticks.
#include "engine/graph/walker.h"

#include <doctest/doctest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "base/testing/fake_clock.h"

using namespace fedplan;
using namespace std::chrono_literals;

namespace {

// Counts calls in flight, per lane and in all, and the most seen at once. A call waits until
// `company` calls are in flight together (or `patience` passes), so a walk's concurrency is
// measured exactly rather than by luck of timing, then lingers so that a walk letting more
// calls run would be seen doing it.
struct Meter {
  std::mutex mu;
  std::condition_variable cv;
  int now = 0;
  int most = 0;
  std::map<const void*, int> lane_now;
  std::map<const void*, int> lane_most;
  int company = 1;
  std::chrono::milliseconds patience = 3s;

  void call(const void* lane) {
    std::unique_lock<std::mutex> lock(mu);
    most = std::max(most, ++now);
    lane_most[lane] = std::max(lane_most[lane], ++lane_now[lane]);
    cv.notify_all();
    cv.wait_for(lock, patience, [&] { return most >= company; });
    cv.wait_for(lock, 5ms, [&] { return most > company; });
    --now;
    --lane_now[lane];
  }
};

// A call in `lane` (capped at `cap`) that the meter measures.
WalkCall metered(Meter& m, const void* lane, int cap = 0) {
  WalkCall c;
  c.lane = lane;
  c.cap = cap;
  c.run = [&m, lane] { m.call(lane); };
  return c;
}

// Edges of a list: each node depends on the ones named.
void chain(Walker& w, std::initializer_list<std::pair<int, int>> edges) {
  for (const auto& [node, on] : edges) w.depend(node, on);
}

}  // namespace

TEST_CASE("with nothing in flight the walk is the sequential topological walk by priority") {
  // 0 <- 2 <- 3, 1 <- 3; priorities put 1 before 0 and 4 first of all.
  Walker w(5);
  chain(w, {{2, 0}, {3, 2}, {3, 1}});
  w.prioritize(0, 10);
  w.prioritize(1, 5);
  w.prioritize(2, 20);
  w.prioritize(3, 30);
  w.prioritize(4, 0);
  std::vector<int> order;
  WalkResult r = w.run(WalkOptions{}, [&](int n) {
    order.push_back(n);
    return WalkStep::done(true);
  });
  CHECK(order == std::vector<int>{4, 1, 0, 2, 3});
  CHECK(r.failed.empty());
  CHECK(r.skipped.empty());
  CHECK(r.stuck.empty());
  CHECK_FALSE(r.interrupted);
}

TEST_CASE("visits run on the walker's thread and calls on workers, then back for their then") {
  Walker w(3);
  chain(w, {{1, 0}, {2, 1}});
  std::thread::id me = std::this_thread::get_id();
  std::vector<std::string> log;
  std::mutex mu;
  auto say = [&](const std::string& what, int n) {
    std::lock_guard<std::mutex> lock(mu);
    bool here = std::this_thread::get_id() == me;
    log.push_back(what + " " + std::to_string(n) + (here ? " here" : " elsewhere"));
  };
  WalkOptions o;
  o.parallelism = 2;
  w.run(o, [&](int n) {
    say("visit", n);
    WalkCall c;
    c.run = [&, n] { say("call", n); };
    c.then = [&, n] {
      say("then", n);
      return WalkStep::done(true);
    };
    return WalkStep::calling(std::move(c));
  });
  CHECK(log == std::vector<std::string>{"visit 0 here", "call 0 elsewhere", "then 0 here",
                                        "visit 1 here", "call 1 elsewhere", "then 1 here",
                                        "visit 2 here", "call 2 elsewhere", "then 2 here"});
}

TEST_CASE("calls overlap up to the parallelism, never more, and each comes back once") {
  for (int n : {1, 4}) {
    CAPTURE(n);
    Meter m;
    m.company = n;
    Walker w(16);
    std::multiset<int> back;
    WalkOptions o;
    o.parallelism = n;
    int lane = 0;
    w.run(o, [&](int node) {
      WalkCall c = metered(m, &lane);
      c.then = [&back, node] {
        back.insert(node);
        return WalkStep::done(true);
      };
      return WalkStep::calling(std::move(c));
    });
    CHECK(m.most == n);
    CHECK(back.size() == 16);
    CHECK(std::set<int>(back.begin(), back.end()).size() == 16);
  }
}

TEST_CASE("a lane's cap bounds its calls while other lanes use the rest") {
  Meter m;
  m.company = 2 + 4;  // the capped lane's 2 and 4 of the free one's
  Walker w(12);
  int slow = 0;
  int fast = 0;
  WalkOptions o;
  o.parallelism = 6;
  w.run(o, [&](int node) {
    bool capped = node % 2;
    return WalkStep::calling(metered(m, capped ? &slow : &fast, capped ? 2 : 0));
  });
  CHECK(m.lane_most[&slow] == 2);
  CHECK(m.lane_most[&fast] == 4);
  CHECK(m.most == 6);
}

TEST_CASE("a failed node skips what depends on it, transitively, and nothing else") {
  // 0 <- 1 <- 2, 3 independent, 4 depends on 3 and on 1.
  Walker w(5);
  chain(w, {{1, 0}, {2, 1}, {4, 3}, {4, 1}});
  std::vector<int> visited;
  WalkOptions o;
  o.parallelism = 3;
  WalkResult r = w.run(o, [&](int n) {
    visited.push_back(n);
    if (n != 0) return WalkStep::done(true);
    WalkCall c;
    c.run = [] {};
    c.then = [] { return WalkStep::done(false); };  // fails once its call is back
    return WalkStep::calling(std::move(c));
  });
  CHECK(r.failed == std::vector<int>{0});
  CHECK(std::set<int>(r.skipped.begin(), r.skipped.end()) == std::set<int>{1, 2, 4});
  CHECK(r.skipped.size() == 3);
  CHECK(std::set<int>(visited.begin(), visited.end()) == std::set<int>{0, 3});
  CHECK_FALSE(r.interrupted);
}

TEST_CASE("a held node frees its dependents only once another thread finishes it") {
  Walker w(3);
  chain(w, {{1, 0}});
  std::atomic<bool> finished{false};
  std::thread finisher;
  std::vector<int> visited;
  WalkResult r = w.run(WalkOptions{}, [&](int n) {
    if (n == 1) CHECK(finished.load());
    visited.push_back(n);
    if (n != 0) return WalkStep::done(true);
    finisher = std::thread([&] {
      std::this_thread::sleep_for(20ms);
      finished = true;
      w.finish(0, true);
    });
    return WalkStep::held();
  });
  finisher.join();
  CHECK(visited == std::vector<int>{0, 2, 1});
  CHECK(r.failed.empty());
}

TEST_CASE("a node finished before its then reports it held is finished once held") {
  Walker w(2);
  chain(w, {{1, 0}});
  std::vector<int> visited;
  WalkOptions o;
  o.parallelism = 2;
  WalkResult r = w.run(o, [&](int n) {
    visited.push_back(n);
    if (n == 1) return WalkStep::done(true);
    WalkCall c;
    c.run = [] {};
    c.then = [&w] {
      w.finish(0, false);  // as a state write heard at once would
      return WalkStep::held();
    };
    return WalkStep::calling(std::move(c));
  });
  CHECK(visited == std::vector<int>{0});
  CHECK(r.failed == std::vector<int>{0});
  CHECK(r.skipped == std::vector<int>{1});
}

TEST_CASE("a call's then may make another call for the same node") {
  Walker w(2);
  chain(w, {{1, 0}});
  std::vector<std::string> log;
  std::mutex mu;
  auto say = [&](const std::string& s) {
    std::lock_guard<std::mutex> lock(mu);
    log.push_back(s);
  };
  WalkOptions o;
  o.parallelism = 4;
  w.run(o, [&](int n) {
    if (n == 1) {
      say("visit 1");
      return WalkStep::done(true);
    }
    WalkCall first;
    first.run = [&] { say("first"); };
    first.then = [&] {
      WalkCall second;
      second.run = [&] { say("second"); };
      return WalkStep::calling(std::move(second));
    };
    return WalkStep::calling(std::move(first));
  });
  CHECK(log == std::vector<std::string>{"first", "second", "visit 1"});
}

TEST_CASE("an interrupt starts nothing new, lets running and held work finish, and says so") {
  std::atomic<bool> interrupted{false};
  Walker w(6);
  chain(w, {{3, 0}, {4, 1}});  // 0, 1, 2 ready at once; 5 ready too but later in priority
  std::vector<int> visited;
  std::vector<int> then_ran;
  std::thread finisher;
  WalkOptions o;
  o.parallelism = 4;
  o.interrupted = &interrupted;
  WalkResult r = w.run(o, [&](int n) {
    visited.push_back(n);
    if (n == 1) {
      // Ctrl-C while this node's call runs and node 0 is held.
      WalkCall c;
      c.run = [&] {
        interrupted = true;
        std::this_thread::sleep_for(10ms);
      };
      c.then = [&then_ran, n] {
        then_ran.push_back(n);
        return WalkStep::done(true);
      };
      return WalkStep::calling(std::move(c));
    }
    if (n == 0) {
      finisher = std::thread([&] {
        while (!interrupted.load()) std::this_thread::sleep_for(1ms);
        std::this_thread::sleep_for(5ms);
        w.finish(0, true);
      });
      return WalkStep::held();
    }
    return WalkStep::done(true);
  });
  finisher.join();
  CHECK(then_ran == std::vector<int>{1});
  CHECK(r.interrupted);
  CHECK(r.failed.empty());
  std::set<int> seen(visited.begin(), visited.end());
  std::set<int> not_started(r.not_started.begin(), r.not_started.end());
  CHECK(seen.count(0));
  CHECK(seen.count(1));
  for (int n = 0; n < 6; ++n) CHECK(seen.count(n) + not_started.count(n) == 1);
  CHECK(not_started.count(3));  // its dependency finished after the interrupt
  CHECK(not_started.count(4));
}

TEST_CASE("nodes that wait for each other are reported stuck, the rest are walked") {
  Walker w(4);
  chain(w, {{0, 1}, {1, 0}, {3, 2}});
  std::vector<int> visited;
  WalkResult r = w.run(WalkOptions{}, [&](int n) {
    visited.push_back(n);
    return WalkStep::done(true);
  });
  CHECK(visited == std::vector<int>{2, 3});
  CHECK(r.stuck == std::vector<int>{0, 1});
  CHECK_FALSE(r.interrupted);
  CHECK(r.not_started.empty());
}

TEST_CASE("a long call ticks every period of its running time on the fake clock") {
  FakeClock clock;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<int, int>> ticks;
  Walker w(1);
  WalkOptions o;
  o.parallelism = 2;
  o.clock = &clock;
  o.tick_seconds = 10;
  o.tick_poll = 5ms;
  w.run(
      o,
      [&](int) {
        WalkCall c;
        c.run = [&] {
          // Each 10 s of fake time waits until its tick was heard; 5 s more gives none.
          for (int i = 1; i <= 3; ++i) {
            clock.advance(10s);
            std::unique_lock<std::mutex> lock(mu);
            cv.wait_for(lock, 3s, [&] { return ticks.size() == static_cast<size_t>(i); });
          }
          clock.advance(5s);
          std::this_thread::sleep_for(30ms);
        };
        return WalkStep::calling(std::move(c));
      },
      [&](int node, int secs) {
        std::lock_guard<std::mutex> lock(mu);
        ticks.emplace_back(node, secs);
        cv.notify_all();
      });
  CHECK(ticks == std::vector<std::pair<int, int>>{{0, 10}, {0, 20}, {0, 30}});
}

TEST_CASE("idle is called when all there was is handled, before the walker waits") {
  // Node 0 is held; only the idle callback finishes it, as the applier's write request does.
  Walker w(3);
  chain(w, {{1, 0}});
  std::vector<std::string> log;
  WalkResult r = w.run(
      WalkOptions{},
      [&](int n) {
        log.push_back("visit " + std::to_string(n));
        return n == 0 ? WalkStep::held() : WalkStep::done(true);
      },
      {},
      [&] {
        log.push_back("idle");
        w.finish(0, true);
      });
  CHECK(log == std::vector<std::string>{"visit 0", "visit 2", "idle", "visit 1"});
  CHECK(r.failed.empty());
}
