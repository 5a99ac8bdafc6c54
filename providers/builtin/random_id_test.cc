// Tests of the random ids behind the built-in providers.
#include "providers/builtin/random_id.h"

#include <doctest/doctest.h>

#include <set>

namespace fedplan::builtin {

TEST_CASE("random ids have 19 digits and differ") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::optional<std::string> id = random_decimal_id();
    REQUIRE(id);
    CHECK(id->size() == 19);
    CHECK(id->front() != '0');
    CHECK(id->find_first_not_of("0123456789") == std::string::npos);
    seen.insert(*id);
  }
  CHECK(seen.size() == 200);
}

}  // namespace fedplan::builtin
