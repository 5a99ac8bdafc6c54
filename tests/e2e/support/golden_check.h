// The golden check of the federation end-to-end tests: each object of a config-poc file, its
// {{VARS}} filled in, must be held by the live object of the same kind and name.
#pragma once

#include <map>
#include <string>

#include "tests/e2e/support/sandboxes.h"

namespace fedplan::e2e {

// Checks (doctest CHECKs) that every document of config-poc/`rel`, filled in with `vars`, is
// held by the live object on `cluster`, read at the API version the document names; in
// namespace `ns` when given (it replaces the document's own).
void check_golden(const Sandboxes& sb, const std::string& cluster, const std::string& rel,
                  const std::map<std::string, std::string>& vars, const std::string& ns = "");

}  // namespace fedplan::e2e
