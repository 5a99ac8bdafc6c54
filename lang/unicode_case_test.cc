// Tests for map_case and title_case: Go's simple case mappings beyond ASCII (the results are
// Terraform's, checked against it by tests/conformance) and ill-formed bytes kept.
#include "lang/unicode_case.h"

#include <doctest/doctest.h>

using namespace fedplan;

TEST_CASE("lower and upper map every letter by its simple case mapping") {
  CHECK(map_case("ÉCOLE", CaseMapping::Lower) == "école");
  CHECK(map_case("ΣΑΣ", CaseMapping::Lower) == "σασ");
  CHECK(map_case("Mesh-1", CaseMapping::Upper) == "MESH-1");
  CHECK(map_case("ǆ", CaseMapping::Upper) == "Ǆ");
  CHECK(map_case("ı", CaseMapping::Upper) == "I");
  CHECK(map_case("İ", CaseMapping::Lower) == "i");
}

TEST_CASE("a letter without a one-letter case form stays as it is") {
  // Full case mapping would give "STRASSE" and "FI"; Go's, like Terraform's, does not.
  CHECK(map_case("straße", CaseMapping::Upper) == "STRAßE");
  CHECK(map_case("ﬁ", CaseMapping::Upper) == "ﬁ");
}

TEST_CASE("title case starts words after separators, in title case") {
  CHECK(title_case("hello world foo-bar") == "Hello World Foo-Bar");
  CHECK(title_case("élan vital ǆx") == "Élan Vital ǅx");
  CHECK(title_case("o'neil x_y 3d é-é") == "O'Neil X_y 3d É-É");
}

TEST_CASE("ill-formed bytes pass through unchanged") {
  CHECK(map_case(std::string("A\xFF"
                             "B"),
                 CaseMapping::Lower) == std::string("a\xFF"
                                                    "b"));
  CHECK(title_case(std::string("\xC3 x")) == std::string("\xC3 X"));
}
