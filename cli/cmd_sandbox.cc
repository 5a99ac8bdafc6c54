// `fedplan sandbox up|down|status`: local Kubernetes API servers for previews and demos,
// run by fedplan-sandbox (sandbox/control.h does the work).
#include "cli/commands.h"
#include "sandbox/control.h"

namespace fedplan {

int cmd_sandbox(const std::vector<std::string>& args, CliContext& ctx) {
  return sandbox::run_sandbox_command(args, ctx.out, ctx.err);
}

}  // namespace fedplan
