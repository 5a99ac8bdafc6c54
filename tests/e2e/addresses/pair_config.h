// The root configuration the address tests plan and apply: modules/federation-pair on two
// sandboxes (mesh1, mesh2), with the test's extra arguments to the module call.
#pragma once

#include <string>

namespace fedplan::e2e {

// Writes ROOT/root/main.fed.hcl calling federation-pair (through ROOT/modules, a link to the
// checkout's) with `arguments` (HCL lines) added to the call and `root_blocks` (variables,
// outputs) beside it; returns ROOT/root.
std::string write_pair_config(const std::string& root, const std::string& arguments,
                              const std::string& root_blocks = "");

}  // namespace fedplan::e2e
