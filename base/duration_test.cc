// Tests for durations: every form the flags and providers accepted before still reads the same,
// and what is not a duration is refused.
#include "base/duration.h"

#include <doctest/doctest.h>

using namespace fedplan;
using std::chrono::milliseconds;

TEST_CASE("durations with units read as Go reads them") {
  CHECK(parse_duration("300s") == milliseconds(300'000));
  CHECK(parse_duration("2m") == milliseconds(120'000));
  CHECK(parse_duration("1h") == milliseconds(3'600'000));
  CHECK(parse_duration("1h30m") == milliseconds(5'400'000));
  CHECK(parse_duration("1m30s") == milliseconds(90'000));
  CHECK(parse_duration("500ms") == milliseconds(500));
  CHECK(parse_duration("1.5s") == milliseconds(1'500));
  CHECK(parse_duration(".5m") == milliseconds(30'000));
  CHECK(parse_duration("1500us") == milliseconds(2));  // rounded to the nearest millisecond
  CHECK(parse_duration("2000000ns") == milliseconds(2));
  CHECK(parse_duration("0s") == milliseconds(0));
}

TEST_CASE("a bare number alone is seconds") {
  CHECK(parse_duration("45") == milliseconds(45'000));
  CHECK(parse_duration("0.25") == milliseconds(250));
  CHECK_FALSE(parse_duration("1m30"));
}

TEST_CASE("what is not a duration is refused") {
  for (const char* text :
       {"", "s", "5 minutes", "-1s", "+1s", "1d", "1..5s", ".s", "1m 30s", "1e3s", "999999999h"})
    CHECK_MESSAGE(!parse_duration(text), text);
}
