// CallPool: worker threads for the plan walk's provider calls, with a cap per lane.
// Finished calls come back in the order they finish.
#include "engine/plan/call_pool.h"

namespace fedplan {

CallPool::CallPool(int workers) {
  if (workers <= 1) return;
  workers_.reserve(static_cast<size_t>(workers));
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

CallPool::~CallPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void CallPool::submit(PoolCall call) {
  if (workers_.empty()) {
    call.run();
    std::lock_guard<std::mutex> lock(mu_);
    ++outstanding_;
    done_.push_back(call.id);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++outstanding_;
    queue_.push_back(std::move(call));
  }
  work_cv_.notify_one();
}

int CallPool::next_done() {
  std::unique_lock<std::mutex> lock(mu_);
  if (outstanding_ == 0) return -1;
  done_cv_.wait(lock, [&] { return !done_.empty(); });
  int id = done_.front();
  done_.pop_front();
  --outstanding_;
  return id;
}

std::deque<PoolCall>::iterator CallPool::pick() {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (it->cap > 0 && running_per_lane_[it->lane] >= it->cap) continue;
    return it;
  }
  return queue_.end();
}

void CallPool::work() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    auto it = queue_.end();
    work_cv_.wait(lock, [&] {
      it = pick();
      return stopping_ || it != queue_.end();
    });
    if (it == queue_.end()) return;  // stopping, nothing runnable left
    PoolCall call = std::move(*it);
    queue_.erase(it);
    ++running_per_lane_[call.lane];
    lock.unlock();
    call.run();
    lock.lock();
    --running_per_lane_[call.lane];
    done_.push_back(call.id);
    done_cv_.notify_one();
    // A lane that was full may have room now.
    work_cv_.notify_all();
  }
}

}  // namespace fedplan
