// Loading a configuration: a directory is a module (all its *.fed.hcl files read together),
// and every `module` call with a relative `source` loads its directory as a child.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "engine/config/config.h"

namespace fedplan {

// What the loader needs to know about the world outside the language.
struct LoadOptions {
  // Provider names fedplan has (kube, firewalld, ...): they tell which provider serves a
  // resource type.
  std::vector<std::string> provider_types;
  ConfigLimits limits;  // copied into Config::limits for expansion
};

// Loads `dir` and the modules it calls, decodes every block and checks every reference.
// Files that were read are kept in Config::sources even when there are errors, so
// diagnostics can quote them. `root` is null only when nothing could be read.
Config load_config(const std::string& dir, const LoadOptions& options, Diagnostics& diags);

// The *.fed.hcl files of one directory, sorted by name (no recursion).
std::vector<std::string> config_files(const std::string& dir);

}  // namespace fedplan
