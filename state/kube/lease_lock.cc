// Lease locking: create-or-take with resourceVersion preconditions, renewal every third of the
// lease duration, takeover of a lapsed lease, and release by a preconditioned delete.
#include "state/kube/lease_lock.h"

#include <cstdio>
#include <ctime>

namespace fedplan::kube {

using nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::microseconds;

std::string micro_time(Clock::time_point t) {
  auto us = duration_cast<microseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1000000);
  long frac = static_cast<long>(us % 1000000);
  if (frac < 0) {
    frac += 1000000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return buf;
}

std::optional<Clock::time_point> parse_micro_time(const std::string& text) {
  std::tm tm{};
  int used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &used) != 6 ||
      used != 19)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t at = 19;
  long long us = 0;
  if (at < text.size() && text[at] == '.') {
    long long scale = 100000;
    for (++at; at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])); ++at) {
      us += (text[at] - '0') * scale;
      scale /= 10;
    }
  }
  long offset = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    int h = 0, m = 0;
    if (std::sscanf(text.c_str() + at + 1, "%2d:%2d", &h, &m) != 2) return std::nullopt;
    offset = (text[at] == '-' ? -1 : 1) * (h * 3600L + m * 60L);
    at += 6;
  }
  if (at != text.size()) return std::nullopt;
  std::time_t secs = timegm(&tm) - offset;
  return Clock::time_point(
      duration_cast<Clock::time_point::duration>(std::chrono::seconds(secs) + microseconds(us)));
}

namespace {

const json& at(const json& j, const char* key) {
  static const json none;
  if (!j.is_object()) return none;
  auto it = j.find(key);
  return it == j.end() ? none : *it;
}

std::string str(const json& j, const char* key) {
  const json& v = at(j, key);
  return v.is_string() ? v.get<std::string>() : "";
}

}  // namespace

std::optional<Clock::time_point> LeaseView::expires() const {
  if (!renewed) return std::nullopt;
  return *renewed + duration;
}

bool LeaseView::expired(Clock::time_point now) const {
  std::optional<Clock::time_point> e = expires();
  return holder.empty() || !e || now >= *e;
}

LockInfo LeaseView::holder_info() const {
  LockInfo i = info && info->id == holder ? *info : LockInfo{};
  i.id = holder;
  i.workspace = workspace;
  if (std::optional<Clock::time_point> e = expires()) i.expires = rfc3339(*e);
  return i;
}

LeaseView read_lease(const json& lease) {
  LeaseView v;
  const json& spec = at(lease, "spec");
  const json& meta = at(lease, "metadata");
  v.holder = str(spec, "holderIdentity");
  if (const json& d = at(spec, "leaseDurationSeconds"); d.is_number_integer())
    v.duration = std::chrono::seconds(d.get<int64_t>());
  std::string renewed = str(spec, "renewTime");
  if (renewed.empty()) renewed = str(spec, "acquireTime");
  v.renewed = parse_micro_time(renewed);
  if (const json& t = at(spec, "leaseTransitions"); t.is_number_integer())
    v.transitions = t.get<int64_t>();
  v.resource_version = str(meta, "resourceVersion");
  v.workspace = str(at(meta, "labels"), kWorkspaceLabel);
  std::string record = str(at(meta, "annotations"), kLockInfoAnnotation);
  if (!record.empty()) v.info = LockInfo::from_json(json::parse(record, nullptr, false));
  return v;
}

json lease_manifest(const StateObjectNames& names, const LockInfo& info,
                    std::chrono::seconds duration, Clock::time_point acquired,
                    Clock::time_point now, int64_t transitions) {
  return {{"apiVersion", "coordination.k8s.io/v1"},
          {"kind", "Lease"},
          {"metadata",
           {{"name", names.lease()},
            {"namespace", names.ns},
            {"labels", names.object_labels("lock")},
            {"annotations", {{kLockInfoAnnotation, info.to_json().dump()}}}}},
          {"spec",
           {{"holderIdentity", info.id},
            {"leaseDurationSeconds", duration.count()},
            {"acquireTime", micro_time(acquired)},
            {"renewTime", micro_time(now)},
            {"leaseTransitions", transitions}}}};
}

LeaseLock::LeaseLock(KubeClient& client, StateObjectNames names, std::chrono::seconds duration,
                     Clock& clock)
    : client_(client),
      names_(std::move(names)),
      duration_(duration),
      clock_(clock),
      path_(resource_path("coordination.k8s.io", "v1", "leases", names_.ns, names_.lease())) {}

LeaseLock::~LeaseLock() {
  stop_renewing();
}

std::string LeaseLock::describe() const {
  return "Lease " + names_.ns + "/" + names_.lease();
}

std::string LeaseLock::lost() const {
  std::lock_guard<std::mutex> g(mu_);
  return lost_;
}

LeaseLock::Attempt LeaseLock::try_acquire(const LockInfo& info, LeaseView* busy,
                                          Diagnostics& diags) {
  Clock::time_point now = clock_.now();
  ApiResult got = client_.get(path_);
  if (!got.ok() && !got.not_found()) {
    diags.error("Error acquiring the state lock",
                describe_failure(got, "reading " + describe(), client_.access()));
    return Attempt::Failed;
  }
  int64_t transitions = 0;
  std::optional<LeaseView> previous;
  ApiResult put;
  if (got.not_found()) {
    json lease = lease_manifest(names_, info, duration_, now, now, 0);
    put = client_.send("POST", resource_path("coordination.k8s.io", "v1", "leases", names_.ns, ""),
                       {}, lease.dump(), "application/json", false);
    if (put.status == 409) return Attempt::Busy;  // another run created it first: look again
  } else {
    LeaseView v = read_lease(got.body);
    if (!v.expired(now)) {
      *busy = v;
      return Attempt::Busy;
    }
    if (!v.holder.empty()) previous = v;
    transitions = v.transitions + (v.holder.empty() ? 0 : 1);
    json lease = lease_manifest(names_, info, duration_, now, now, transitions);
    lease["metadata"]["resourceVersion"] = v.resource_version;
    put = client_.send("PUT", path_, {}, lease.dump(), "application/json", false);
    if (put.status == 409) return Attempt::Busy;  // someone took it between our read and write
  }
  if (!put.ok()) {
    diags.error("Error acquiring the state lock",
                describe_failure(put, "writing " + describe(), client_.access()));
    return Attempt::Failed;
  }
  if (previous) {
    LockInfo dead = previous->holder_info();
    diags.warning("Took over the state lock of a run that stopped renewing it",
                  "The lock " + describe() + " was held by " + dead.describe() +
                      "; it was last renewed at " + rfc3339(*previous->renewed) +
                      " and lapsed at " + dead.expires +
                      ", so that run is gone (killed, or cut off from the API server). If it "
                      "still writes, its write is refused: the state's resourceVersion moved on.");
  }
  {
    std::lock_guard<std::mutex> g(mu_);
    held_info_ = info;
    acquired_ = now;
    transitions_ = transitions;
    lost_.clear();
  }
  start_renewing(info.id, resource_version_of(put.body));
  return Attempt::Acquired;
}

void LeaseLock::start_renewing(std::string id, std::string resource_version) {
  stop_renewing();
  std::lock_guard<std::mutex> g(mu_);
  held_id_ = std::move(id);
  resource_version_ = std::move(resource_version);
  stopping_ = false;
  renewer_ = std::thread([this] { renew_loop(); });
}

void LeaseLock::stop_renewing() {
  {
    std::lock_guard<std::mutex> g(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (renewer_.joinable()) renewer_.join();
}

void LeaseLock::renew_loop() {
  // Every third of the duration, so two renewals can fail before the lease lapses.
  auto period = std::chrono::duration_cast<std::chrono::milliseconds>(duration_) / 3;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (wake_.wait_for(lock, period, [this] { return stopping_; })) break;
    lock.unlock();
    bool keep = renew_once();
    lock.lock();
    if (!keep) break;
  }
}

bool LeaseLock::renew_once() {
  std::string id, rv;
  LockInfo info;
  Clock::time_point acquired;
  int64_t transitions = 0;
  {
    std::lock_guard<std::mutex> g(mu_);
    id = held_id_;
    rv = resource_version_;
    info = *held_info_;
    acquired = acquired_;
    transitions = transitions_;
  }
  json lease = lease_manifest(names_, info, duration_, acquired, clock_.now(), transitions);
  lease["metadata"]["resourceVersion"] = rv;
  ApiResult put = client_.send("PUT", path_, {}, lease.dump(), "application/json", false);
  if (put.ok()) {
    std::lock_guard<std::mutex> g(mu_);
    resource_version_ = resource_version_of(put.body);
    return true;
  }
  if (put.status != 409 && !put.not_found()) return true;  // try again at the next tick
  // Changed or gone under us: still ours (someone edited a label), or taken or removed?
  ApiResult got = client_.get(path_);
  std::lock_guard<std::mutex> g(mu_);
  if (got.ok() && read_lease(got.body).holder == id) {
    resource_version_ = resource_version_of(got.body);
    return true;
  }
  if (got.not_found())
    lost_ = "the lock " + describe() + " was deleted (force-unlocked?) while this run held it";
  else if (got.ok())
    lost_ = "the lock " + describe() + " was taken by " +
            read_lease(got.body).holder_info().describe() +
            " while this run held it (it could not renew it in time)";
  else
    return true;
  held_id_.clear();
  return false;
}

bool LeaseLock::delete_lease(const std::string& resource_version, const std::string& what,
                             Diagnostics& diags) {
  json options = {{"apiVersion", "v1"},
                  {"kind", "DeleteOptions"},
                  {"preconditions", {{"resourceVersion", resource_version}}}};
  ApiResult del = client_.send("DELETE", path_, {}, options.dump(), "application/json", false);
  if (del.ok() || del.not_found()) return true;
  diags.error(what, del.status == 409
                        ? "The lock " + describe() + " changed while it was being released; " +
                              "look at it again with `fedplan locks`."
                        : describe_failure(del, "deleting " + describe(), client_.access()));
  return false;
}

bool LeaseLock::release(const std::string& id, Diagnostics& diags) {
  stop_renewing();
  std::string lost;
  {
    std::lock_guard<std::mutex> g(mu_);
    lost = lost_;
    held_id_.clear();
  }
  ApiResult got = client_.get(path_);
  if (got.not_found()) {
    diags.error(
        "Cannot unlock the state: lock ID " + id + " is not held",
        lost.empty() ? "The lock " + describe() + " does not exist." : "Since " + lost + ".");
    return false;
  }
  if (!got.ok()) {
    diags.error("Cannot unlock the state",
                describe_failure(got, "reading " + describe(), client_.access()) +
                    ". The lock lapses by itself once it is not renewed.");
    return false;
  }
  LeaseView v = read_lease(got.body);
  if (v.holder != id) {
    diags.error("Cannot unlock the state: lock ID " + id + " is not held",
                "The lock " + describe() + " is held by " + v.holder_info().describe() + ".");
    return false;
  }
  return delete_lease(v.resource_version, "Cannot unlock the state", diags);
}

bool LeaseLock::force_release(const std::string& id, bool break_live, Diagnostics& diags) {
  ApiResult got = client_.get(path_);
  if (got.not_found()) {
    diags.error("Cannot force-unlock: the state is not locked",
                "There is no lock " + describe() + ".");
    return false;
  }
  if (!got.ok()) {
    diags.error("Cannot force-unlock",
                describe_failure(got, "reading " + describe(), client_.access()));
    return false;
  }
  LeaseView v = read_lease(got.body);
  LockInfo holder = v.holder_info();
  if (v.holder != id) {
    diags.error("Cannot force-unlock: lock ID " + id + " does not match the state's lock",
                "The lock is recorded as " + holder.describe() +
                    ". Quote exactly that lock ID to release it.");
    return false;
  }
  bool live = !v.expired(clock_.now());
  if (live && !break_live) {
    diags.error("Cannot force-unlock: the lock is held by a running process",
                "Lock ID " + id + " is held by " + holder.describe() + ", which renewed it at " +
                    rfc3339(*v.renewed) + "; it lapses at " + holder.expires +
                    " unless renewed again. Wait for that run to finish or stop it (a killed "
                    "run's lock lapses by itself), or force-unlock with -force; that run may "
                    "still try to write, and its write is refused if the state has changed.");
    return false;
  }
  if (!delete_lease(v.resource_version, "Cannot force-unlock", diags)) return false;
  if (live)
    diags.warning("Broke the state lock held by a running process",
                  "Lock ID " + id + " (" + holder.describe() +
                      ") was deleted. That run still runs; if it writes after the state has "
                      "changed, its write is refused.");
  return true;
}

std::vector<LockInfo> list_lease_locks(KubeClient& client, const StateObjectNames& names,
                                       Clock& clock, Diagnostics& diags) {
  std::vector<LockInfo> out;
  ApiResult r = client.list(resource_path("coordination.k8s.io", "v1", "leases", names.ns, ""),
                            {{"labelSelector", names.selector("lock", false)}});
  if (!r.ok()) {
    diags.error("Cannot list the state locks",
                describe_failure(r, "listing Leases in namespace " + names.ns, client.access()));
    return out;
  }
  Clock::time_point now = clock.now();
  for (const json& item : at(r.body, "items")) {
    LeaseView v = read_lease(item);
    if (v.holder.empty()) continue;
    LockInfo info = v.holder_info();
    info.path = "Lease " + names.ns + "/" + str(at(item, "metadata"), "name");
    info.stale = v.expired(now);
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace fedplan::kube
