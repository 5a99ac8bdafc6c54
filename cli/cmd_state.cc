// `fedplan state list|show|rm|mv|pull|push` and `fedplan force-unlock ID`: the state
// commands of cli/state_commands.h behind the shared -state/-lock flags.
#include <iostream>
#include <ostream>

#include "cli/commands.h"
#include "cli/run.h"
#include "cli/state_commands.h"

namespace fedplan {

namespace {

const char* kStateUsage =
    "list [ADDR...] | show ADDR | rm ADDR... | mv FROM TO | pull | push FILE |\n"
    "  migrate -from-backend TYPE [-from-backend-config KEY=VALUE...]  "
    "[-state FILE] [-lock=false] [-lock-timeout D] [-dry-run] [-force]";

}  // namespace

int cmd_state(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  flags.add_options()("state", po::value<std::string>(), "The state file.")(
      "dir", po::value<std::string>()->default_value("."), "The configuration directory.")(
      "lock", po::value<std::string>()->default_value("true"), "-lock=false skips the lock.")(
      "lock-timeout", po::value<std::string>()->default_value("0s"),
      "Wait this long for the lock.")("dry-run", po::bool_switch(),
                                      "rm, mv: say what would change.")(
      "force", po::bool_switch(), "push: replace another lineage or a newer serial.")(
      "words", po::value<std::vector<std::string>>(), "subcommand and its arguments")(
      "from-backend", po::value<std::string>(), "migrate: the backend the state is in now.")(
      "from-backend-config", po::value<std::vector<std::string>>()->composing(),
      "migrate: a setting KEY=VALUE of that backend (repeatable).");
  add_backend_flags(flags);
  po::positional_options_description pos;
  pos.add("words", -1);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("state", kStateUsage, flags, pos, args, &vm, ctx, &code)) return code;
  std::vector<std::string> words;
  if (vm.count("words")) words = vm["words"].as<std::vector<std::string>>();
  if (words.empty()) {
    ctx.err << "Usage: fedplan state " << kStateUsage << "\n";
    return 1;
  }
  auto timeout = lock_timeout(vm, ctx);
  if (!timeout) return 1;
  if (words[0] == "migrate" && words.size() == 1)
    return state_migrate_command(vm, vm["dir"].as<std::string>(), *timeout, ctx);
  SystemClock clock;
  auto backend =
      open_backend_or_report(vm, vm["dir"].as<std::string>(), clock, ctx, ctx.lock_record);
  if (!backend) return 1;
  StateCommandOptions o;
  o.lock = vm["lock"].as<std::string>() != "false";
  o.lock_timeout = *timeout;
  o.dry_run = vm["dry-run"].as<bool>();
  o.force = vm["force"].as<bool>();
  o.clock = &clock;
  o.cipher = backend.cipher.get();
  const std::string& sub = words[0];
  std::vector<std::string> rest(words.begin() + 1, words.end());
  if (sub == "list") return state_list(*backend, rest, ctx.out, ctx.err);
  if (sub == "show" && rest.size() == 1) return state_show(*backend, rest[0], ctx.out, ctx.err);
  if (sub == "rm" && !rest.empty()) return state_rm(*backend, rest, o, ctx.out, ctx.err);
  if (sub == "mv" && rest.size() == 2)
    return state_mv(*backend, rest[0], rest[1], o, ctx.out, ctx.err);
  if (sub == "pull" && rest.empty()) return state_pull(*backend, ctx.out, ctx.err);
  if (sub == "push" && rest.size() == 1)
    return state_push(*backend, rest[0], ctx.in, o, ctx.out, ctx.err);
  ctx.err << "Usage: fedplan state " << kStateUsage << "\n";
  return 1;
}

int cmd_force_unlock(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  flags.add_options()("state", po::value<std::string>(), "The state file.")(
      "dir", po::value<std::string>()->default_value("."), "The configuration directory.")(
      "force", po::bool_switch(), "Do not ask; also break a lock whose holder still runs.")(
      "id", po::value<std::string>(), "The lock ID.");
  add_backend_flags(flags);
  po::positional_options_description pos;
  pos.add("id", 1).add("dir", 1);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("force-unlock", "LOCK_ID [DIR] [-force]", flags, pos, args, &vm, ctx, &code))
    return code;
  if (!vm.count("id")) {
    ctx.err << "Usage: fedplan force-unlock LOCK_ID [DIR] [-force]\n";
    return 1;
  }
  bool force = vm["force"].as<bool>();
  if (!force && !confirm(ctx, "Do you really want to force-unlock?",
                         "Removing the lock while another run is writing could lose its "
                         "changes.",
                         "  Run with -force to unlock without being asked; -force also breaks "
                         "a lock\n  whose holder is still running, so first check that it is "
                         "not.\n"))
    return 1;
  SystemClock clock;
  auto backend = open_backend_or_report(vm, vm["dir"].as<std::string>(), clock, ctx);
  if (!backend) return 1;
  return force_unlock_command(*backend, vm["id"].as<std::string>(), force, ctx.out, ctx.err);
}

}  // namespace fedplan
