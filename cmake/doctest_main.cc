// The single doctest main linked into every unit-test binary.
// Each TEST_CASE is registered with ctest separately by doctest_discover_tests.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
