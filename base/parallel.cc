// parallel_for over a shared counter: workers take the next index until none is left, so a
// slow call holds up only its own thread.
#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace fedplan {

void parallel_for(size_t n, size_t threads, const std::function<void(size_t)>& fn) {
  if (n <= 1 || threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> helpers;
  size_t extra = std::min(n, threads) - 1;
  helpers.reserve(extra);
  for (size_t t = 0; t < extra; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
}

}  // namespace fedplan
