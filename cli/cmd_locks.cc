// `fedplan locks`: every state lock the backend records, of every workspace: who holds it,
// since when, from which host and command, and when it expires or whether its holder is gone.
#include <ostream>

#include "cli/commands.h"
#include "cli/run.h"

namespace fedplan {

int cmd_locks(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  flags.add_options()("dir", po::value<std::string>()->default_value("."),
                      "The configuration directory.")(
      "json", po::bool_switch(), "Print the locks as JSON.")("state", po::value<std::string>(),
                                                             "The state file (local backend).");
  add_backend_flags(flags);
  po::positional_options_description pos;
  pos.add("dir", 1);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("locks", "[DIR] [-json]", flags, pos, args, &vm, ctx, &code)) return code;
  SystemClock clock;
  auto opened = open_backend_or_report(vm, vm["dir"].as<std::string>(), clock, ctx);
  if (!opened) return 1;
  Diagnostics diags;
  std::vector<LockInfo> locks = opened->locks(diags);
  print_diagnostics(ctx, diags, nullptr, use_color(vm, ctx));
  if (diags.has_errors()) return 1;
  if (vm["json"].as<bool>()) {
    nlohmann::json out = nlohmann::json::array();
    for (const LockInfo& l : locks) {
      nlohmann::json j = l.to_json();
      j["workspace"] = l.workspace;
      j["stale"] = l.stale;
      out.push_back(std::move(j));
    }
    ctx.out << out.dump(2) << "\n";
    return 0;
  }
  if (locks.empty()) {
    ctx.out << "No locks held in " << opened->describe() << ".\n";
    return 0;
  }
  for (const LockInfo& l : locks) {
    ctx.out << l.workspace << ": " << l.describe();
    if (!l.host.empty()) ctx.out << ", host " << l.host;
    if (l.stale)
      ctx.out << " (holder gone: the next run takes the lock over)";
    else if (!l.expires.empty())
      ctx.out << " (expires " << l.expires << " unless renewed)";
    ctx.out << "\n";
  }
  return 0;
}

}  // namespace fedplan
