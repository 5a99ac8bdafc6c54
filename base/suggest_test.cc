// Tests for the "did you mean" hint: close typos are suggested, unrelated names are not.
// The threshold scales with the name's length.
#include "base/suggest.h"

#include <doctest/doctest.h>

using namespace fedplan;

TEST_CASE("edit distance counts insertions, deletions and substitutions") {
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("same", "same") == 0);
}

TEST_CASE("a close typo is suggested and a distant name is not") {
  std::vector<std::string> names = {"mesh1_kubeconfig", "mesh2_kubeconfig", "trust_domain"};
  CHECK(suggest("mesh1_kubconfig", names) == std::optional<std::string>("mesh1_kubeconfig"));
  CHECK(suggest("trustdomain", names) == std::optional<std::string>("trust_domain"));
  CHECK_FALSE(suggest("zone", names));
  CHECK_FALSE(suggest("x", {"y"}) == std::optional<std::string>("zz"));
}
