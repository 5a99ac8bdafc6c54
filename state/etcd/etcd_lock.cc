// EtcdBackend's lock: a key put only if absent, bound to a lease that a thread renews every
// third of its TTL; a killed holder's key goes when its lease expires.
#include <signal.h>
#include <unistd.h>

#include <algorithm>

#include "state/etcd/etcd_backend.h"

namespace fedplan {

namespace {

std::optional<LockInfo> lock_info_of(const std::string& value) {
  return LockInfo::from_json(nlohmann::json::parse(value, nullptr, false));
}

// Whether the process that wrote `info` is known to be gone: it ran on this host and its pid
// no longer exists. A holder on another host cannot be checked.
bool holder_gone(const LockInfo& info) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || info.host != host || info.pid <= 0) return false;
  return ::kill(static_cast<pid_t>(info.pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

LockResult EtcdBackend::lock(const LockInfo& info, std::chrono::milliseconds timeout,
                             Diagnostics& diags) {
  LockResult result;
  if (!lock_id_.empty()) {
    diags.error("Cannot lock the " + describe() + ": this run already holds its lock");
    return result;
  }
  LockInfo mine = info;
  mine.path = key("lock");
  mine.workspace = options_.workspace;
  std::string value = mine.to_json().dump();
  std::optional<int64_t> lease = client_->lease_grant(options_.lock_ttl.count(), diags);
  if (!lease) return result;
  auto deadline = clock_->now() + timeout;
  std::chrono::milliseconds backoff(50);
  std::optional<int64_t> holder_lease;
  for (int attempt = 0;; ++attempt) {
    // A wait can outlast the lease's TTL: renew it (or take a new one) before trying again.
    if (attempt > 0) {
      std::optional<int64_t> left = client_->lease_keepalive(*lease, diags);
      if (!left) return result;
      if (*left <= 0) {
        lease = client_->lease_grant(options_.lock_ttl.count(), diags);
        if (!lease) return result;
      }
    }
    std::optional<EtcdTxnResult> t =
        client_->txn({{EtcdCompare::Target::Create, key("lock"), 0, {}}},
                     {EtcdOp::get(key("last-lock")), EtcdOp::put(key("lock"), value, *lease),
                      EtcdOp::put(key("last-lock"), value)},
                     {EtcdOp::get(key("lock"))}, diags);
    if (!t) break;
    const std::vector<EtcdKv>* found = t->ranges.empty() ? nullptr : &t->ranges[0].kvs;
    if (t->succeeded) {
      // A last holder who never unlocked died; its lease has expired (its key is gone).
      if (found && !found->empty())
        if (auto dead = lock_info_of(found->front().value); dead && dead->id != mine.id)
          diags.warning("Took over the lock of " + dead->who + " pid " + std::to_string(dead->pid) +
                            " (" + dead->operation + "), which expired",
                        "That run (" + dead->describe() + ") ended without releasing the lock of " +
                            describe() +
                            ": it was killed or lost its host, and its lease ran out.");
      lock_revision_ = t->revision;
    } else if (found && !found->empty() && lock_info_of(found->front().value) &&
               lock_info_of(found->front().value)->id == mine.id) {
      lock_revision_ = found->front().create_revision;  // a repeat of our own put
    }
    if (lock_revision_) {
      lock_id_ = mine.id;
      lease_ = *lease;
      start_keepalive();
      result.acquired = true;
      return result;
    }
    if (found && !found->empty()) {
      result.holder = lock_info_of(found->front().value);
      holder_lease = found->front().lease;
    }
    auto now = clock_->now();
    if (now >= deadline) break;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    clock_->sleep_for(std::min(left, backoff));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(500));
  }
  Diagnostics ignored;
  client_->lease_revoke(*lease, ignored);
  if (diags.has_errors()) return result;
  std::string who = result.holder ? result.holder->describe() : "a holder fedplan cannot read";
  std::string expiry;
  if (holder_lease) {
    if (auto ttl = client_->lease_time_to_live(*holder_lease, ignored); ttl && *ttl >= 0)
      expiry = " Its lease expires in " + std::to_string(*ttl) +
               " s unless that run renews it, which it does while it lives.";
  }
  diags.error("Error acquiring the state lock: state is locked by " + who,
              "The lock is " + key("lock") + " in " + client_->describe() + "." + expiry +
                  " Wait for it, or retry with a longer -lock-timeout.");
  return result;
}

bool EtcdBackend::unlock(const std::string& id, Diagnostics& diags) {
  if (lock_id_.empty() || id != lock_id_) {
    diags.error("Cannot unlock the state: lock ID " + id + " is not held by this run");
    return false;
  }
  stop_keepalive();
  int64_t revision = lock_revision_;
  lock_id_.clear();
  lease_ = 0;
  lock_revision_ = 0;
  // One request: the lock's keys go in a transaction. The lease is not revoked: it holds no
  // key any more, nobody renews it, and etcd drops it lock_ttl from now by itself.
  std::optional<EtcdTxnResult> t =
      client_->txn({{EtcdCompare::Target::Create, key("lock"), revision, {}}},
                   {EtcdOp::del(key("lock")), EtcdOp::del(key("last-lock"))}, {}, diags);
  if (!t) return false;
  if (!t->succeeded) {
    diags.error("The state lock of this run was lost before it was released",
                "Its lease on " + key("lock") +
                    " expired, or the lock was broken with "
                    "force-unlock; another run may hold it now and was left alone.");
    return false;
  }
  return true;
}

bool EtcdBackend::force_unlock(const std::string& id, bool break_live_lock, Diagnostics& diags) {
  std::optional<EtcdRange> r = client_->range({.key = key("lock")}, diags);
  if (!r) return false;
  if (r->kvs.empty()) {
    diags.error("Cannot force-unlock: the " + describe() + " is not locked",
                "A lock whose holder died goes by itself when its lease expires.");
    return false;
  }
  const EtcdKv& kv = r->kvs[0];
  std::optional<LockInfo> holder = lock_info_of(kv.value);
  if (!holder || holder->id != id) {
    diags.error("Cannot force-unlock: lock ID " + id + " does not match the state's lock",
                "The lock is recorded as " +
                    (holder ? holder->describe() : std::string("unreadable")) + ".");
    return false;
  }
  if (!break_live_lock && !holder_gone(*holder)) {
    diags.error("Cannot force-unlock: the lock is held by " + holder->describe(),
                "Its lease is renewed while that run lives; once the run ends it is released, "
                "or expires within lock_ttl (" +
                    std::to_string(options_.lock_ttl.count()) +
                    " s) if the run was killed. Breaking it anyway (-force) lets another run "
                    "start while that one may still be working; its later writes are refused.");
    return false;
  }
  std::optional<EtcdTxnResult> t =
      client_->txn({{EtcdCompare::Target::Mod, key("lock"), kv.mod_revision, {}}},
                   {EtcdOp::del(key("lock")), EtcdOp::del(key("last-lock"))}, {}, diags);
  if (!t) return false;
  if (!t->succeeded) {
    diags.error("Cannot force-unlock: the lock changed while fedplan looked at it",
                "Run the command again to see who holds it now.");
    return false;
  }
  if (kv.lease) {
    Diagnostics ignored;  // the key is gone already; the lease would only expire later
    client_->lease_revoke(kv.lease, ignored);
  }
  return true;
}

std::vector<LockInfo> EtcdBackend::locks(Diagnostics& diags) {
  std::optional<EtcdRange> r = client_->range(
      {.key = options_.prefix, .range_end = etcd_prefix_end(options_.prefix)}, diags);
  std::vector<LockInfo> out;
  if (!r) return out;
  for (const EtcdKv& kv : r->kvs) {
    std::string rest = kv.key.substr(options_.prefix.size());
    size_t slash = rest.find('/');
    if (slash == std::string::npos || rest.substr(slash + 1) != "lock") continue;
    LockInfo info = lock_info_of(kv.value).value_or(LockInfo{.id = "(unreadable)"});
    info.workspace = rest.substr(0, slash);
    info.path = kv.key;
    info.stale = holder_gone(info);
    if (kv.lease) {
      Diagnostics ignored;
      if (auto ttl = client_->lease_time_to_live(kv.lease, ignored); ttl && *ttl >= 0)
        info.expires = rfc3339(clock_->now() + std::chrono::seconds(*ttl));
    }
    out.push_back(std::move(info));
  }
  return out;
}

void EtcdBackend::start_keepalive() {
  keeper_stop_ = false;
  auto period =
      std::max<std::chrono::milliseconds>(options_.lock_ttl / 3, std::chrono::milliseconds(100));
  keeper_ = std::thread([this, period, lease = lease_] {
    std::unique_lock<std::mutex> g(keeper_mu_);
    while (!keeper_cv_.wait_for(g, period, [this] { return keeper_stop_; })) {
      g.unlock();
      Diagnostics ignored;  // etcd down: try again next period; a write will say what failed
      std::optional<int64_t> ttl = client_->lease_keepalive(lease, ignored);
      if (ttl && *ttl <= 0) return;  // expired: the next write or unlock reports the lost lock
      g.lock();
    }
  });
}

void EtcdBackend::stop_keepalive() {
  if (!keeper_.joinable()) return;
  {
    std::lock_guard<std::mutex> g(keeper_mu_);
    keeper_stop_ = true;
  }
  keeper_cv_.notify_all();
  keeper_.join();
}

}  // namespace fedplan
