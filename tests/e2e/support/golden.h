// Golden comparisons with the seed's YAML (tests/e2e/config-poc, copied from the reference):
// a live object must hold every field of its config-poc counterpart, {{VARS}} filled in.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fedplan::e2e {

// Reads tests/e2e/config-poc/REL (one document) with each `{{NAME}}` replaced by vars[NAME].
// A value made only of one placeholder takes the replacement's type: digits become a
// number, so `discoveryPort: {{MESH2_DISCOVERY_PORT}}` compares as a number. A placeholder
// without a value, or YAML that does not parse, fails the test that asked (the result then
// holds an "error" string).
nlohmann::json load_golden(const std::string& rel, const std::map<std::string, std::string>& vars);

// Every document of a multi-document file, filled in the same way (empty documents dropped);
// on error, one object holding "error".
std::vector<nlohmann::json> load_golden_documents(const std::string& rel,
                                                  const std::map<std::string, std::string>& vars);

// Every difference that keeps `live` from holding `want`: a field of `want` that `live` lacks
// or holds with another value (objects: every key of want, recursively; lists: same length,
// element by element; scalars: equal, where a number equals its decimal text). Each entry is
// "PATH: want W, got G". Empty when live holds want.
std::vector<std::string> subset_mismatches(const nlohmann::json& want, const nlohmann::json& live,
                                           const std::string& path = "");

}  // namespace fedplan::e2e
