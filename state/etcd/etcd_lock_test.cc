// The etcd backend's lock against a real etcd: one holder at a time, named when busy; kept
// alive while its process lives; taken over after its lease expires once the process is
// SIGKILLed; force-unlock by ID; locks() with expiry.
#include <doctest/doctest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <thread>

#include "base/http/beast_transport.h"
#include "base/testing/fake_clock.h"
#include "state/etcd/etcd_backend.h"
#include "state/etcd/failover_transport.h"
#include "state/etcd/testing/etcd_backend_fixture.h"

extern char** environ;

namespace fedplan {
namespace {

using std::chrono::milliseconds;
using testing::EtcdBackendFixture;

LockInfo info_for(const char* operation) {
  SystemClock clock;
  return new_lock_info(operation, clock);
}

TEST_CASE("a held lock refuses a second holder and names the first") {
  EtcdBackendFixture f(testing::shared_etcd_cluster());
  auto a = f.open(), b = f.open();
  Diagnostics diags;
  LockInfo first = info_for("apply");
  REQUIRE(a->lock(first, milliseconds(0), diags).acquired);
  Diagnostics busy;
  LockResult r = b->lock(info_for("plan"), milliseconds(300), busy);
  CHECK_FALSE(r.acquired);
  REQUIRE(r.holder);
  CHECK(r.holder->id == first.id);
  REQUIRE(busy.has_errors());
  CHECK(busy.items[0].summary.find("state is locked by") != std::string::npos);
  CHECK(busy.items[0].summary.find(first.id) != std::string::npos);
  CHECK(busy.items[0].detail.find("lease expires in") != std::string::npos);
  // Released, the next run takes it at once, with no word about a dead holder.
  REQUIRE(a->unlock(first.id, diags));
  Diagnostics quiet;
  LockInfo second = info_for("plan");
  CHECK(b->lock(second, milliseconds(0), quiet).acquired);
  CHECK(quiet.empty());
  CHECK(b->unlock(second.id, quiet));
}

// Passes every request to etcd and counts them by path ("/v3/kv/txn").
struct CountingTransport : HttpTransport {
  explicit CountingTransport(std::shared_ptr<HttpTransport> inner) : inner(std::move(inner)) {}
  HttpResponse send(const HttpRequest& request) override {
    ++sent[request.url.substr(request.url.find("/v3/"))];
    return inner->send(request);
  }
  std::shared_ptr<HttpTransport> inner;
  std::map<std::string, int> sent;
};

TEST_CASE("taking the lock costs two requests and releasing it one") {
  EtcdBackendFixture f(testing::shared_etcd_cluster());
  std::string err;
  std::shared_ptr<HttpTransport> beast = make_beast_transport({}, {}, &err);
  REQUIRE(beast);
  auto counting = std::make_shared<CountingTransport>(
      std::make_shared<FailoverTransport>(testing::shared_etcd_cluster().endpoints(), beast));
  EtcdBackend backend(std::make_shared<EtcdClient>(counting, "etcd (counted)"), f.options);
  Diagnostics diags;
  LockInfo mine = info_for("apply");
  REQUIRE(backend.lock(mine, milliseconds(0), diags).acquired);
  CHECK(counting->sent == std::map<std::string, int>{{"/v3/kv/txn", 1}, {"/v3/lease/grant", 1}});
  counting->sent.clear();
  REQUIRE(backend.unlock(mine.id, diags));
  // One transaction deletes the lock and last-lock keys; the lease, which holds no key any
  // more, is left to expire instead of being revoked.
  CHECK(counting->sent == std::map<std::string, int>{{"/v3/kv/txn", 1}});
  for (const EtcdKv& kv : f.keys()) CHECK_FALSE(kv.key.ends_with("lock"));
  // The next run takes the lock at once, with no word about a dead holder.
  Diagnostics quiet;
  LockInfo next = info_for("plan");
  CHECK(f.open()->lock(next, milliseconds(0), quiet).acquired);
  CHECK(quiet.empty());
}

TEST_CASE("a writer holding the lock is refused once the lock was broken") {
  EtcdBackendFixture f(testing::shared_etcd_cluster());
  auto a = f.open();
  Diagnostics diags;
  State s = *a->read(diags);
  LockInfo held = info_for("apply");
  REQUIRE(a->lock(held, milliseconds(0), diags).acquired);
  REQUIRE(a->write(s, diags));
  REQUIRE(f.open()->force_unlock(held.id, true, diags));
  Diagnostics lost;
  CHECK_FALSE(a->write(s, lost));
  REQUIRE(lost.has_errors());
  CHECK(lost.items[0].summary.find("no longer holds the state lock") != std::string::npos);
  CHECK_FALSE(a->unlock(held.id, lost));
}

TEST_CASE("force-unlock checks the ID and refuses a live holder unless told to break it") {
  EtcdBackendFixture f(testing::shared_etcd_cluster());
  auto a = f.open();
  Diagnostics diags;
  Diagnostics none;
  CHECK_FALSE(f.open()->force_unlock("any", false, none));
  CHECK(none.items.at(0).summary.find("not locked") != std::string::npos);
  LockInfo held = info_for("apply");
  REQUIRE(a->lock(held, milliseconds(0), diags).acquired);
  Diagnostics wrong;
  CHECK_FALSE(f.open()->force_unlock("not-the-id", true, wrong));
  CHECK(wrong.items.at(0).detail.find(held.id) != std::string::npos);
  Diagnostics live;
  CHECK_FALSE(f.open()->force_unlock(held.id, false, live));
  CHECK(live.items.at(0).summary.find("held by") != std::string::npos);
  CHECK(f.open()->force_unlock(held.id, true, diags));
  CHECK(f.open()->lock(info_for("plan"), milliseconds(0), diags).acquired);
}

TEST_CASE("locks lists every workspace's lock with its expiry") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.lock_ttl = std::chrono::seconds(20)});
  auto prod = f.open("prod"), staging = f.open("staging");
  Diagnostics diags;
  CHECK(f.open()->locks(diags).empty());
  LockInfo p = info_for("apply"), s = info_for("state rm");
  REQUIRE(prod->lock(p, milliseconds(0), diags).acquired);
  REQUIRE(staging->lock(s, milliseconds(0), diags).acquired);
  std::vector<LockInfo> locks = f.open()->locks(diags);
  REQUIRE(locks.size() == 2);
  CHECK(locks[0].workspace == "prod");
  CHECK(locks[0].id == p.id);
  CHECK(locks[1].workspace == "staging");
  CHECK(locks[1].operation == "state rm");
  CHECK(locks[0].path == f.options.prefix + "prod/lock");
  CHECK_FALSE(locks[0].stale);
  // About 20 s from now.
  std::string soon = rfc3339(std::chrono::system_clock::now() + std::chrono::seconds(20));
  std::string now = rfc3339(std::chrono::system_clock::now());
  CHECK(locks[0].expires > now);
  CHECK(locks[0].expires <= soon);
  CHECK(diags.empty());
}

// Starts the lock_holder program on `f`'s prefix; returns its pid once it holds the lock.
pid_t start_holder(const EtcdBackendFixture& f, int ttl_seconds) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::vector<std::string> args = {FEDPLAN_ETCD_LOCK_HOLDER,
                                   testing::shared_etcd_cluster().endpoints()[0], f.options.prefix,
                                   std::to_string(ttl_seconds)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  char buf[128] = {};
  ssize_t n = read(fds[0], buf, sizeof buf - 1);
  close(fds[0]);
  REQUIRE(n > 0);
  REQUIRE(std::string(buf).starts_with("locked "));
  return pid;
}

TEST_CASE("a SIGKILLed holder's lock expires after its TTL and the next run names it") {
  EtcdBackendFixture f(testing::shared_etcd_cluster());
  pid_t holder = start_holder(f, 2);
  // Renewed every TTL/3: still held well past one TTL.
  std::this_thread::sleep_for(std::chrono::milliseconds(3'000));
  Diagnostics busy;
  CHECK_FALSE(f.open()->lock(info_for("plan"), milliseconds(0), busy).acquired);
  CHECK(busy.items.at(0).summary.find("pid " + std::to_string(holder)) != std::string::npos);
  kill(holder, SIGKILL);
  waitpid(holder, nullptr, 0);
  auto next = f.open();
  Diagnostics diags;
  auto started = std::chrono::steady_clock::now();
  LockInfo mine = info_for("apply");
  REQUIRE(next->lock(mine, milliseconds(10'000), diags).acquired);
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(waited < std::chrono::milliseconds(3'500));  // the 2 s TTL, and etcd's expiry check
  REQUIRE(diags.size() == 1);
  CHECK(diags.items[0].severity == Severity::Warning);
  CHECK(diags.items[0].summary.find("Took over the lock of ") == 0);
  CHECK(diags.items[0].summary.find(" pid " + std::to_string(holder) + " (apply), which expired") !=
        std::string::npos);
  CHECK(next->unlock(mine.id, diags));
}

TEST_CASE("a run waiting longer than the lease TTL still gets the lock when it is released") {
  EtcdBackendFixture f(testing::shared_etcd_cluster(), {.lock_ttl = std::chrono::seconds(2)});
  auto a = f.open(), b = f.open();
  Diagnostics diags;
  LockInfo first = info_for("apply");
  REQUIRE(a->lock(first, milliseconds(0), diags).acquired);
  std::thread release([&] {
    std::this_thread::sleep_for(milliseconds(3'000));
    Diagnostics d;
    a->unlock(first.id, d);
  });
  Diagnostics waited;
  LockResult r = b->lock(info_for("plan"), milliseconds(8'000), waited);
  release.join();
  CHECK_MESSAGE(r.acquired, (waited.empty() ? "" : waited.items[0].summary));
  CHECK(waited.empty());
}

TEST_CASE("waiting for the lock sleeps on the clock until the timeout") {
  EtcdBackendFixture f(testing::shared_etcd_cluster());
  Diagnostics diags;
  auto a = f.open();
  REQUIRE(a->lock(info_for("apply"), milliseconds(0), diags).acquired);
  FakeClock clock;
  EtcdBackend b(f.client, f.options, &clock);
  Diagnostics busy;
  CHECK_FALSE(b.lock(info_for("plan"), std::chrono::seconds(2), busy).acquired);
  milliseconds waited(0);
  for (auto d : clock.sleeps()) waited += d;
  CHECK(waited == std::chrono::seconds(2));
  CHECK(clock.sleeps().front() == milliseconds(50));
}

}  // namespace
}  // namespace fedplan
