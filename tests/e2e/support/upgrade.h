// An example's earlier version applied where the example is, then the example of today
// planned on that state: what the example's moved blocks must turn into moves only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/e2e/support/run.h"

namespace fedplan::e2e {

// In `dir` (an example copied by copy_example): sets its .fed.hcl files aside, puts `fixture`
// (a path under the checkout) in as main.fed.hcl, runs `apply -auto-approve ARGS...`, then
// puts the example's files back. Returns that apply's run.
Run apply_earlier_version(const std::string& dir, const std::string& fixture,
                          const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env);

// What a plan's text shows besides moves: its create/update/replace/destroy lines ("ADDR
// ACTION"), empty when the plan only moves (reads are not counted).
std::vector<std::string> changes_beside_moves(const std::string& plan_text);

}  // namespace fedplan::e2e
