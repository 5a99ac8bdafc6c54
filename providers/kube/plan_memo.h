// PlanMemo: the kube provider's recent plan answers, so the engine asking the same question
// again at apply time (same prior, same fully known config) costs no second dry run.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "base/clock.h"
#include "providers/kube/doc.h"
#include "providers/provider.h"

namespace fedplan::kube {

// Plan answers by question, each kept for `ttl` and handed out once. Only complete answers
// (no errors, no degraded-plan note, config wholly known) are kept. Thread-safe.
class PlanMemo {
 public:
  PlanMemo(Clock& clock, std::chrono::milliseconds ttl, size_t max_entries = 100'000)
      : clock_(clock), ttl_(ttl), max_entries_(max_entries) {}

  // The question's identity: type, prior and config with their marks; "" when the config is
  // not wholly known (such an answer is never reused).
  static std::string key_of(const std::string& type, const Doc& prior, const Doc& config);
  static std::string key_of(const PlanRequest& request);

  // The answer stored under `key` within ttl, removed from the memo.
  std::optional<PlanResult> take(const std::string& key);
  // Keeps `result` under `key` when it is complete.
  void put(const std::string& key, const PlanResult& result);
  size_t size();

 private:
  // One kept answer.
  struct Entry {
    PlanResult result;
    Clock::time_point at;
  };
  void expire(Clock::time_point now);  // holds mu_

  Clock& clock_;
  std::chrono::milliseconds ttl_;
  size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::pair<Clock::time_point, std::string>> order_;  // oldest first
};

}  // namespace fedplan::kube
