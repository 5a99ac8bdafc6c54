// Drives Transport::change_item into one shared firewall-cmd run on purpose: a gate holds the
// only slot while N callers queue, then lets them go; for the unit and real-firewalld tests.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/process.h"
#include "providers/firewalld/transport.h"

namespace fedplan::firewalld::testing {

// Passes runs to `inner`, except that the first one waits until open() (counting every run).
class GatedRunner : public ProcessRunner {
 public:
  explicit GatedRunner(std::shared_ptr<ProcessRunner> inner) : inner_(std::move(inner)) {}
  using ProcessRunner::run;
  ProcessResult run(const ProcessRequest& request) override {
    {
      std::unique_lock<std::mutex> lock(mu_);
      bool first = runs_++ == 0;
      if (first) {
        blocked_ = true;
        cv_.notify_all();
        cv_.wait(lock, [&] { return open_; });
      }
    }
    return inner_->run(request);
  }
  void wait_blocked() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return blocked_; });
  }
  void open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  int runs() const {
    std::lock_guard<std::mutex> lock(mu_);
    return runs_;
  }

 private:
  std::shared_ptr<ProcessRunner> inner_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int runs_ = 0;
  bool blocked_ = false, open_ = false;
};

// With `transport` (max_parallel 1, over `gate`, unused so far): holds the slot with a
// --state run stuck in the gate, makes every change_item(items[i]) queue behind it, opens the
// gate, and returns each caller's answer. The items then share one run (plus the runs alone
// of entries that run leaves uncertain).
inline std::vector<CmdRun> change_items_together(const Transport& transport, GatedRunner& gate,
                                                 const std::string& host, Layer layer,
                                                 const std::string& zone, ItemKind kind, Verb verb,
                                                 const std::vector<std::string>& items) {
  std::thread holder([&] { transport.run(host, state_args(), false); });
  gate.wait_blocked();
  std::vector<CmdRun> runs(items.size());
  std::vector<std::thread> callers;
  for (size_t i = 0; i < items.size(); ++i)
    callers.emplace_back(
        [&, i] { runs[i] = transport.change_item(host, layer, zone, kind, verb, items[i]); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (transport.queued_entries() < items.size() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(transport.queued_entries() == items.size());
  gate.open();
  holder.join();
  for (std::thread& t : callers) t.join();
  return runs;
}

}  // namespace fedplan::firewalld::testing
