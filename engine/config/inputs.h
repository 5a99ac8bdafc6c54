// Values for the root module's input variables: `-var k=v`, `-var-file F` (HCL or JSON) and
// FEDPLAN_VAR_<name> environment variables, in Terraform's order of precedence.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "engine/config/config.h"

namespace fedplan {

// One value given for a root variable, and where it came from (for messages and plans).
struct InputValue {
  Value value;
  std::string source;  // "-var", "file vars.fed.hcl", "environment FEDPLAN_VAR_x"
  std::optional<SourceRange> range;
};

using InputValues = std::map<std::string, InputValue>;

// What the user passed on the command line, in order; later ones win.
struct InputFlags {
  std::vector<std::string> vars;       // "name=value"
  std::vector<std::string> var_files;  // paths
};

// Collects root variable values: environment first, then the root directory's
// fedplan.fedvars, fedplan.fedvars.json and *.auto.fedvars(.json) (by name), then -var-file
// files, then -var flags, each overriding the previous. A -var value is taken literally for a
// string variable and read as an expression otherwise (`-var 'ports=[1,2]'`). Names that are not
// variables of `root` are errors for -var and warnings for files and the environment. A variable
// declared `sensitive = true` gets its value marked sensitive. `sources` receives var-file texts
// for diagnostics.
InputValues collect_inputs(
    const Module& root, const InputFlags& flags,
    const std::function<std::vector<std::pair<std::string, std::string>>()>& environment,
    SourceFiles& sources, Diagnostics& diags);

}  // namespace fedplan
