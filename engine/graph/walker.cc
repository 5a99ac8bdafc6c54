// Walker: ready nodes in a heap of priorities, calls on worker threads started as work
// appears, a count per lane, held nodes finished from any thread, ticks polled by the walker.
#include "engine/graph/walker.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <queue>
#include <thread>
#include <unordered_map>
#include <utility>

namespace fedplan {

struct Walker::Impl {
  // Calling: a call of the node is queued, running, or back and waiting for its `then`.
  enum class Status : uint8_t { Waiting, Ready, Calling, Held, Done, Failed, Skipped };

  // A call on its way to a worker and back.
  struct Queued {
    int node = -1;
    std::unique_ptr<WalkCall> call;
  };

  // A node whose calls have started, watched for ticks.
  struct Running {
    Clock::time_point started;
    int reported = 0;     // the seconds of the last tick
    bool active = false;  // one of its calls is on a worker now
  };

  size_t count = 0;
  std::vector<std::pair<int, int>> edges;  // (node, on), until run() lays them out
  std::vector<int64_t> priority;

  // The walker's thread alone uses these.
  const WalkOptions* options = nullptr;
  Clock* clock = nullptr;
  SystemClock system_clock;
  std::vector<int> pending;   // unfinished dependencies per node
  std::vector<size_t> first;  // node n's dependents are waiters[first[n] .. first[n + 1])
  std::vector<int> waiters;
  std::vector<Status> status;
  std::priority_queue<std::pair<int64_t, int>, std::vector<std::pair<int64_t, int>>, std::greater<>>
      ready;
  std::unordered_map<int, bool> early;  // finish() heard before the node was held
  int calling = 0;                      // nodes in Status::Calling
  int held = 0;                         // nodes in Status::Held
  WalkResult result;

  // Shared with the workers and finish(), under mu.
  std::mutex mu;
  std::condition_variable walker_cv;  // a call came back, or a node was finished
  std::condition_variable worker_cv;  // a call was queued, a lane has room, or stopping
  std::deque<Queued> queue;
  std::vector<Queued> done;
  std::vector<std::pair<int, bool>> finished;
  std::map<const void*, int> lane_running;
  std::unordered_map<int, Running> running;  // only when ticking
  std::vector<std::thread> workers;
  int busy = 0;  // workers inside a call
  bool stopping = false;

  ~Impl() { stop_workers(); }

  bool ticking() const { return options->tick_seconds > 0; }
  bool interrupted() const { return options->interrupted && options->interrupted->load(); }

  void lay_out() {
    pending.assign(count, 0);
    first.assign(count + 1, 0);
    for (const auto& [node, on] : edges) {
      ++pending[node];
      ++first[on + 1];
    }
    for (size_t n = 0; n < count; ++n) first[n + 1] += first[n];
    waiters.resize(edges.size());
    std::vector<size_t> fill(first.begin(), first.end() - 1);
    for (const auto& [node, on] : edges) waiters[fill[on]++] = node;
    std::vector<std::pair<int, int>>().swap(edges);
    status.assign(count, Status::Waiting);
    for (size_t n = 0; n < count; ++n)
      if (pending[n] == 0) make_ready(static_cast<int>(n));
  }

  void make_ready(int n) {
    status[n] = Status::Ready;
    ready.emplace(priority[n], n);
  }

  // A node is finished: its dependents may become ready, or are skipped when it failed.
  void complete(int n, bool ok) {
    status[n] = ok ? Status::Done : Status::Failed;
    if (ok) {
      for (size_t i = first[n]; i < first[n + 1]; ++i) {
        int w = waiters[i];
        if (--pending[w] == 0 && status[w] == Status::Waiting) make_ready(w);
      }
      return;
    }
    result.failed.push_back(n);
    std::vector<int> stack(waiters.begin() + first[n], waiters.begin() + first[n + 1]);
    while (!stack.empty()) {
      int w = stack.back();
      stack.pop_back();
      if (status[w] != Status::Waiting && status[w] != Status::Ready) continue;
      status[w] = Status::Skipped;  // a Ready one stays in the heap and is passed over
      result.skipped.push_back(w);
      stack.insert(stack.end(), waiters.begin() + first[w], waiters.begin() + first[w + 1]);
    }
  }

  void handle(int n, WalkStep step) {
    switch (step.kind) {
      case WalkStep::Kind::Call:
        status[n] = Status::Calling;
        ++calling;
        submit(n, std::move(step.call));
        return;
      case WalkStep::Kind::Held:
        if (auto it = early.find(n); it != early.end()) {
          bool ok = it->second;
          early.erase(it);
          complete(n, ok);
          break;
        }
        status[n] = Status::Held;
        ++held;
        break;
      case WalkStep::Kind::Ok:
      case WalkStep::Kind::Failed:
        complete(n, step.kind == WalkStep::Kind::Ok);
        break;
    }
    if (ticking()) {
      std::lock_guard<std::mutex> lock(mu);
      running.erase(n);
    }
  }

  void submit(int n, std::unique_ptr<WalkCall> call) {
    std::lock_guard<std::mutex> lock(mu);
    queue.push_back(Queued{n, std::move(call)});
    size_t want = std::min(static_cast<size_t>(std::max(1, options->parallelism)),
                           static_cast<size_t>(busy) + queue.size());
    if (workers.size() < want)
      workers.emplace_back([this] { work(); });
    else
      worker_cv.notify_one();
  }

  // The first queued call whose lane has room, or queue.end(). Holds mu.
  std::deque<Queued>::iterator pick() {
    for (auto it = queue.begin(); it != queue.end(); ++it) {
      int cap = it->call->cap;
      if (cap > 0) {
        auto lane = lane_running.find(it->call->lane);
        if (lane != lane_running.end() && lane->second >= cap) continue;
      }
      return it;
    }
    return queue.end();
  }

  void work() {
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      auto it = queue.end();
      worker_cv.wait(lock, [&] {
        it = pick();
        return stopping || it != queue.end();
      });
      if (it == queue.end()) return;  // stopping
      Queued q = std::move(*it);
      queue.erase(it);
      const void* lane = q.call->lane;
      ++lane_running[lane];
      ++busy;
      if (ticking()) {
        auto [r, added] = running.try_emplace(q.node);
        if (added) r->second.started = clock->now();
        r->second.active = true;
      }
      lock.unlock();
      q.call->run();
      lock.lock();
      --lane_running[lane];
      --busy;
      if (ticking()) running[q.node].active = false;
      done.push_back(std::move(q));
      walker_cv.notify_one();
      if (!queue.empty()) worker_cv.notify_all();  // a lane that was full has room now
    }
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    worker_cv.notify_all();
    for (std::thread& t : workers) t.join();
    workers.clear();
  }

  // The ticks due now, as (node, seconds). Holds mu.
  std::vector<std::pair<int, int>> due_ticks() {
    std::vector<std::pair<int, int>> out;
    auto now = clock->now();
    int every = options->tick_seconds;
    for (auto& [n, r] : running) {
      if (!r.active) continue;
      auto secs = std::chrono::duration_cast<std::chrono::seconds>(now - r.started).count();
      if (secs < r.reported + every) continue;
      r.reported = static_cast<int>(secs / every * every);
      out.emplace_back(n, r.reported);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Waits until a call is back or a node was finished (or, when ticking, a poll period
  // passed), then handles what arrived.
  void wait_and_handle(const Tick& tick) {
    std::vector<Queued> back;
    std::vector<std::pair<int, bool>> fin;
    std::vector<std::pair<int, int>> ticks;
    {
      std::unique_lock<std::mutex> lock(mu);
      auto arrived = [&] { return !done.empty() || !finished.empty(); };
      if (ticking()) {
        walker_cv.wait_for(lock, options->tick_poll, arrived);
        ticks = due_ticks();
      } else {
        walker_cv.wait(lock, arrived);
      }
      back.swap(done);
      fin.swap(finished);
    }
    if (tick)
      for (const auto& [n, secs] : ticks) tick(n, secs);
    for (Queued& q : back) {
      --calling;
      handle(q.node, q.call->then ? q.call->then() : WalkStep::done(true));
    }
    for (const auto& [n, ok] : fin) {
      if (status[n] != Status::Held) {
        early[n] = ok;
        continue;
      }
      --held;
      complete(n, ok);
    }
  }

  WalkResult run(const WalkOptions& o, const Visit& visit, const Tick& tick, const Idle& idle) {
    options = &o;
    clock = o.clock ? o.clock : &system_clock;
    lay_out();
    while (true) {
      while (!ready.empty() && !interrupted()) {
        int n = ready.top().second;
        ready.pop();
        if (status[n] == Status::Ready) handle(n, visit(n));
      }
      if (calling == 0 && held == 0) break;
      if (idle) idle();
      wait_and_handle(tick);
    }
    stop_workers();
    bool stopped = interrupted();
    for (size_t n = 0; n < count; ++n) {
      if (status[n] != Status::Waiting && status[n] != Status::Ready) continue;
      (stopped ? result.not_started : result.stuck).push_back(static_cast<int>(n));
    }
    result.interrupted = stopped && !result.not_started.empty();
    return std::move(result);
  }
};

Walker::Walker(size_t nodes) : impl_(std::make_unique<Impl>()) {
  impl_->count = nodes;
  impl_->priority.resize(nodes);
  for (size_t n = 0; n < nodes; ++n) impl_->priority[n] = static_cast<int64_t>(n);
}

Walker::~Walker() = default;

void Walker::depend(int node, int on) {
  impl_->edges.emplace_back(node, on);
}

void Walker::prioritize(int node, int64_t priority) {
  impl_->priority[node] = priority;
}

WalkResult Walker::run(const WalkOptions& options, const Visit& visit, const Tick& tick,
                       const Idle& idle) {
  return impl_->run(options, visit, tick, idle);
}

void Walker::finish(int node, bool ok) {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->finished.emplace_back(node, ok);
  }
  impl_->walker_cv.notify_one();
}

}  // namespace fedplan
