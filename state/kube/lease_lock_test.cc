// Lease times and what a Lease says about its holder, without a server.
#include "state/kube/lease_lock.h"

#include <doctest/doctest.h>

namespace fedplan::kube {

using std::chrono::seconds;

TEST_CASE("MicroTimes carry six fractional digits and read back with any offset") {
  Clock::time_point t = Clock::time_point(std::chrono::microseconds(1767261600123456LL));
  CHECK(micro_time(t) == "2026-01-01T10:00:00.123456Z");
  CHECK(parse_micro_time("2026-01-01T10:00:00.123456Z") == t);
  CHECK(parse_micro_time("2026-01-01T12:00:00.123456+02:00") == t);
  CHECK(parse_micro_time("2026-01-01T10:00:00Z") == t - std::chrono::microseconds(123456));
  CHECK_FALSE(parse_micro_time("2026-01-01 10:00:00Z"));
  CHECK_FALSE(parse_micro_time("2026-01-01T10:00:00.1Zjunk"));
}

TEST_CASE("a Lease lapses once renewTime plus its duration has passed") {
  LockInfo info;
  info.id = "id-1";
  info.who = "ci@runner";
  info.pid = 42;
  StateObjectNames n{"fed", "default", "s", {}};
  Clock::time_point now = Clock::time_point(seconds(1767261600));
  nlohmann::json lease = lease_manifest(n, info, seconds(30), now - seconds(100), now, 3);
  CHECK(lease["spec"]["leaseDurationSeconds"] == 30);
  lease["metadata"]["resourceVersion"] = "9";
  LeaseView v = read_lease(lease);
  CHECK(v.holder == "id-1");
  CHECK(v.transitions == 3);
  CHECK(v.resource_version == "9");
  CHECK(v.workspace == "default");
  CHECK_FALSE(v.expired(now + seconds(29)));
  CHECK(v.expired(now + seconds(30)));
  LockInfo h = v.holder_info();
  CHECK(h.who == "ci@runner");
  CHECK(h.pid == 42);
  CHECK(h.expires == "2026-01-01T10:00:30Z");
  // A Lease without a holder, or without times, is free.
  lease["spec"].erase("holderIdentity");
  CHECK(read_lease(lease).expired(now));
}

}  // namespace fedplan::kube
