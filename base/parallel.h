// parallel_for: the one way fedplan fans a batch of blocking calls (HTTP lists, ssh runs) out
// over threads. Providers wait on the network, not the CPU, so plain threads per batch do.
#pragma once

#include <cstddef>
#include <functional>

namespace fedplan {

// Calls fn(i) for every i in [0, n), on at most `threads` threads at once (the calling thread
// is one of them), and returns when every call has returned. Indexes are handed out in
// order, each exactly once; with n <= 1 or threads <= 1 everything runs on the caller, in
// order. fn must not throw (a bug would end the program, as for any thread).
void parallel_for(size_t n, size_t threads, const std::function<void(size_t)>& fn);

}  // namespace fedplan
