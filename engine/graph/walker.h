// Walker: the one graph walker of plan, apply and destroy. Nodes are visited on the walker's
// thread once what they depend on is finished; their provider calls run on worker threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "base/clock.h"

namespace fedplan {

struct WalkCall;

// What becomes of a node after its visit, or after one of its calls: finished (ok or
// failed), held until someone calls Walker::finish, or another call to make.
struct WalkStep {
  enum class Kind : uint8_t { Ok, Failed, Held, Call };
  Kind kind = Kind::Ok;
  std::unique_ptr<WalkCall> call;  // Kind::Call

  static WalkStep done(bool ok);
  static WalkStep held();
  static WalkStep calling(WalkCall call);
};

// Work for a worker thread: `run` there, then `then` back on the walker's thread, which says
// what becomes of the node (an empty `then` finishes it, ok). At most `cap` calls of one lane
// (a provider configuration) run at once; 0 means no bound but the walk's parallelism.
struct WalkCall {
  const void* lane = nullptr;
  int cap = 0;
  std::function<void()> run;
  std::function<WalkStep()> then;
};

// How to walk.
struct WalkOptions {
  int parallelism = 1;                             // worker threads, at most
  const std::atomic<bool>* interrupted = nullptr;  // set (Ctrl-C): visit nothing new
  Clock* clock = nullptr;                          // for ticks; the system clock when null
  int tick_seconds = 0;  // a tick every this many seconds of a node's calls; 0: none
  std::chrono::milliseconds tick_poll{250};  // how often running calls are looked at
};

// How a walk ended, node ids in the order things happened to them.
struct WalkResult {
  std::vector<int> failed;
  std::vector<int> skipped;      // never visited: something they depend on failed
  std::vector<int> not_started;  // never visited: the walk was interrupted first
  std::vector<int> stuck;        // never visited: they wait for each other (a cycle)
  bool interrupted = false;      // the interrupt stopped the walk with nodes not started
};

// Nodes 0..N-1 with dependencies and priorities. Ready nodes are visited lowest priority
// first (by default the node id), all of them before the walker waits for any call, so with
// nothing in flight the walk is exactly the sequential topological walk.
class Walker {
 public:
  // Called on the walker's thread when `node` is ready.
  using Visit = std::function<WalkStep(int node)>;
  // Called on the walker's thread every `tick_seconds` while a call of `node` runs, with the
  // seconds since its first call started (10, 20, ...).
  using Tick = std::function<void(int node, int seconds)>;
  // Called on the walker's thread whenever it has handled all there was and is about to wait:
  // the end of a batch of work, for what is best done once per batch (a state write).
  using Idle = std::function<void()>;

  explicit Walker(size_t nodes);
  ~Walker();
  Walker(const Walker&) = delete;
  Walker& operator=(const Walker&) = delete;

  // `node` is visited only once `on` finished ok (skipped if it failed).
  void depend(int node, int on);
  void prioritize(int node, int64_t priority);

  // Walks every node once, returning when nothing is running or held any more.
  WalkResult run(const WalkOptions& options, const Visit& visit, const Tick& tick = {},
                 const Idle& idle = {});
  // Finishes a held node; safe from any thread, also from inside a visit or a call's `then`.
  void finish(int node, bool ok);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

inline WalkStep WalkStep::done(bool ok) {
  WalkStep s;
  s.kind = ok ? Kind::Ok : Kind::Failed;
  return s;
}

inline WalkStep WalkStep::held() {
  WalkStep s;
  s.kind = Kind::Held;
  return s;
}

inline WalkStep WalkStep::calling(WalkCall call) {
  WalkStep s;
  s.kind = Kind::Call;
  s.call = std::make_unique<WalkCall>(std::move(call));
  return s;
}

}  // namespace fedplan
