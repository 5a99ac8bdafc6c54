// `fedplan sandbox up|status|down`: starts fedplan-sandbox processes in the background, records
// their PIDs and kubeconfigs in a directory, reports on them and stops them by PID.
// Light header: the fedplan CLI includes it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace fedplan::sandbox {

// Runs one sandbox subcommand. `args` are the words after `sandbox`:
//   up [--clusters mesh1,mesh2] [--dir DIR] [--bin PATH] [--bare] [--timeout-ms N]
//   status [--clusters ...] [--dir DIR]
//   down [--clusters ...] [--dir DIR] [--purge]
// DIR defaults to .fedplan-sandbox in the current directory; clusters to mesh1,mesh2.
// The binary is --bin, else $FEDPLAN_SANDBOX_BIN, else fedplan-sandbox next to the running
// executable (or in ../sandbox/ of a build tree). `up` prints `export MESH1_KUBECONFIG=...`
// lines on `out`. Returns the process exit status (0 ok, 1 failure, 2 usage).
int run_sandbox_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace fedplan::sandbox
