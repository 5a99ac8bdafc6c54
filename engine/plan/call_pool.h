// CallPool: runs the plan walk's provider calls (dry runs, data reads) on worker threads while
// the walk itself evaluates configurations on its own thread; each lane has a cap of its own.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace fedplan {

// One call: `run` is carried out on a worker; `lane` (a provider instance) and `cap` bound how
// many calls of the same lane run at once (0: no bound but the pool's).
struct PoolCall {
  int id = 0;
  const void* lane = nullptr;
  int cap = 0;
  std::function<void()> run;
};

// A fixed set of workers. With one worker or fewer, calls run at once on the caller's thread
// inside submit(), so a sequential walk stays on one thread.
class CallPool {
 public:
  explicit CallPool(int workers);
  ~CallPool();
  CallPool(const CallPool&) = delete;
  CallPool& operator=(const CallPool&) = delete;

  void submit(PoolCall call);
  // Blocks until a submitted call has finished and returns its id; -1 when none is left.
  int next_done();

 private:
  void work();
  // The first queued call whose lane has room, or queue_.end(). Holds mu_.
  std::deque<PoolCall>::iterator pick();

  std::mutex mu_;
  std::condition_variable work_cv_;  // a call was queued, or stopping
  std::condition_variable done_cv_;  // a call finished
  std::deque<PoolCall> queue_;
  std::deque<int> done_;
  std::map<const void*, int> running_per_lane_;
  int outstanding_ = 0;  // submitted and not yet returned by next_done()
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace fedplan
