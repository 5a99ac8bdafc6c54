// A doctest check shared by the etcd backend's tests: a damaged stored state is refused, both
// for reading and for overwriting.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "state/etcd/testing/etcd_backend_fixture.h"

namespace fedplan::testing {

// The stored state is neither read (the first error's summary holds `why`) nor overwritten,
// even when forced.
inline void check_refused(const EtcdBackendFixture& f, State& s, const std::string& why) {
  Diagnostics unreadable;
  CHECK_FALSE(f.open()->read(unreadable));
  REQUIRE(unreadable.has_errors());
  CHECK(unreadable.items[0].summary.find(why) != std::string::npos);
  Diagnostics kept;
  CHECK_FALSE(f.open()->write(s, WriteOptions{true}, kept));
  REQUIRE(kept.has_errors());
  CHECK(kept.items[0].summary.find("Refusing to overwrite") != std::string::npos);
}

}  // namespace fedplan::testing
