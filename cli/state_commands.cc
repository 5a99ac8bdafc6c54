// The state subcommands: parse addresses, take the lock for writes, read, change, write,
// and report in Terraform's words ("Removed ...", "Successfully moved N object(s).").
#include "cli/state_commands.h"

#include <algorithm>
#include <iterator>
#include <sstream>

#include "base/files.h"
#include "base/quote.h"
#include "engine/render/render_state.h"
#include "state/cipher.h"

namespace fedplan {

namespace {

// Prints diagnostics (errors and warnings) and returns 1 when any is an error.
int report(const Diagnostics& diags, std::ostream& err) {
  if (!diags.empty()) err << render_diagnostics(diags, nullptr) << "\n";
  return diags.has_errors() ? 1 : 0;
}

std::optional<TargetAddr> parse_arg(const std::string& text, Diagnostics& diags) {
  std::string why;
  auto t = parse_target(text, &why);
  if (!t) diags.error("Invalid address \"" + text + "\"", why);
  return t;
}

// Runs `change` on the state under the lock and writes the result unless it returns false
// or this is a dry run. Returns the exit code.
template <typename Change>
int locked_update(StateBackend& backend, const char* operation, const StateCommandOptions& options,
                  const WriteOptions& write_options, Diagnostics& diags, std::ostream& err,
                  Change&& change) {
  SystemClock system_clock;
  Clock& clock = options.clock ? *options.clock : system_clock;
  ScopedStateLock lock(backend, operation, options.lock_timeout, clock, diags, options.lock);
  if (!lock.held()) return report(diags, err);
  auto state = backend.read(diags);
  bool ok = state && change(*state) && !diags.has_errors();
  if (ok && !options.dry_run) ok = backend.write(*state, write_options, diags);
  lock.release(diags);
  return report(diags, err) == 0 && ok ? 0 : 1;
}

// The creates a killed run left pending (State::pending) under any of `targets` (all when
// there are none), in address order.
std::vector<InstanceAddr> pending_under(const State& state,
                                        const std::vector<TargetAddr>& targets) {
  std::vector<InstanceAddr> out;
  for (const auto& [addr, intent] : state.pending)
    if (targets.empty() || std::any_of(targets.begin(), targets.end(),
                                       [&](const TargetAddr& t) { return t.contains(addr); }))
      out.push_back(addr);
  return out;
}

constexpr const char* kPendingMark = " (pending create)";

}  // namespace

int state_list(StateBackend& backend, const std::vector<std::string>& addrs, std::ostream& out,
               std::ostream& err) {
  Diagnostics diags;
  std::vector<TargetAddr> targets;
  for (const std::string& a : addrs)
    if (auto t = parse_arg(a, diags)) targets.push_back(std::move(*t));
  if (diags.has_errors()) return report(diags, err);
  auto state = backend.read(diags);
  if (!state) return report(diags, err);
  // Records and pending creates merged in address order, a record before its address's intent.
  std::vector<InstanceAddr> recorded = state->list(targets);
  std::vector<InstanceAddr> pending = pending_under(*state, targets);
  size_t p = 0;
  for (const InstanceAddr& addr : recorded) {
    for (; p < pending.size() && pending[p] < addr; ++p)
      out << pending[p].to_string() << kPendingMark << "\n";
    out << addr.to_string() << "\n";
  }
  for (; p < pending.size(); ++p) out << pending[p].to_string() << kPendingMark << "\n";
  return report(diags, err);
}

int state_show(StateBackend& backend, const std::string& addr, std::ostream& out,
               std::ostream& err) {
  Diagnostics diags;
  auto target = parse_arg(addr, diags);
  if (!target) return report(diags, err);
  if (!target->resource) {
    diags.error("\"" + addr + "\" names a module",
                "state show needs one resource instance; `fedplan state list " + addr +
                    "` lists what the module holds.");
    return report(diags, err);
  }
  auto state = backend.read(diags);
  if (!state) return report(diags, err);
  auto found = state->select(*target);
  auto intent = found.empty() ? state->pending.find(InstanceAddr{
                                    *target->resource, target->key.value_or(InstanceKey{})})
                              : state->pending.end();
  if (found.empty() && intent != state->pending.end()) {
    std::string shown = render_instance(intent->second);
    out << "# " << intent->first.to_string()
        << ": pending create: a run that was killed began creating it; the next plan reads it "
           "and records what it finds."
        << shown.substr(shown.find('\n'));
    return report(diags, err);
  }
  if (found.size() != 1 || (!target->key && !found[0].key.empty())) {
    if (found.empty()) {
      diags.error("No instance found for the given address",
                  "Nothing in the state is recorded at " + addr + ".");
    } else {
      diags.error(addr + " has " + std::to_string(found.size()) + " keyed instance(s)",
                  "Name one of them, such as " + found[0].to_string() + ".");
    }
    return report(diags, err);
  }
  out << render_instance(*state->find(found[0]));
  return report(diags, err);
}

int state_rm(StateBackend& backend, const std::vector<std::string>& addrs,
             const StateCommandOptions& options, std::ostream& out, std::ostream& err) {
  Diagnostics diags;
  std::vector<TargetAddr> targets;
  for (const std::string& a : addrs)
    if (auto t = parse_arg(a, diags)) targets.push_back(std::move(*t));
  if (addrs.empty()) diags.error("state rm needs at least one address");
  if (diags.has_errors()) return report(diags, err);

  std::vector<InstanceAddr> removed;
  std::vector<DeposedKey> removed_deposed;
  std::vector<InstanceAddr> removed_pending;  // intents of creates a killed run began
  int code =
      locked_update(backend, "state rm", options, WriteOptions{}, diags, err, [&](State& state) {
        for (size_t i = 0; i < targets.size(); ++i) {
          auto found = state.select(targets[i]);
          size_t deposed_before = removed_deposed.size();
          for (const auto& [key, _] : state.deposed)
            if (targets[i].contains(key.first)) removed_deposed.push_back(key);
          std::vector<InstanceAddr> pending = pending_under(state, {targets[i]});
          if (found.empty() && removed_deposed.size() == deposed_before && pending.empty())
            diags.error("No matching objects found",
                        "Nothing in the state matches " + addrs[i] + "; nothing was removed.");
          removed.insert(removed.end(), found.begin(), found.end());
          removed_pending.insert(removed_pending.end(), pending.begin(), pending.end());
        }
        if (diags.has_errors()) return false;
        std::sort(removed.begin(), removed.end());
        removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
        std::sort(removed_deposed.begin(), removed_deposed.end());
        removed_deposed.erase(std::unique(removed_deposed.begin(), removed_deposed.end()),
                              removed_deposed.end());
        std::sort(removed_pending.begin(), removed_pending.end());
        removed_pending.erase(std::unique(removed_pending.begin(), removed_pending.end()),
                              removed_pending.end());
        if (!options.dry_run) {
          for (const InstanceAddr& a : removed) state.remove(a);
          for (const DeposedKey& k : removed_deposed) state.deposed.erase(k);
          for (const InstanceAddr& a : removed_pending) state.pending.erase(a);
        }
        return true;
      });
  if (code != 0) return code;
  for (const InstanceAddr& a : removed)
    out << (options.dry_run ? "Would remove " : "Removed ") << a.to_string() << "\n";
  for (const DeposedKey& k : removed_deposed)
    out << (options.dry_run ? "Would remove " : "Removed ") << k.first.to_string()
        << " (deposed object " << k.second << ")\n";
  for (const InstanceAddr& a : removed_pending)
    out << (options.dry_run ? "Would remove " : "Removed ") << a.to_string() << kPendingMark
        << "\n";
  if (!options.dry_run)
    out << "Successfully removed "
        << removed.size() + removed_deposed.size() + removed_pending.size()
        << " resource instance(s).\n";
  return 0;
}

int state_mv(StateBackend& backend, const std::string& from, const std::string& to,
             const StateCommandOptions& options, std::ostream& out, std::ostream& err) {
  Diagnostics diags;
  auto src = parse_arg(from, diags);
  auto dst = parse_arg(to, diags);
  if (!src || !dst) return report(diags, err);

  MoveResult result;
  int code =
      locked_update(backend, "state mv", options, WriteOptions{}, diags, err, [&](State& state) {
        // A pending create is settled where it was begun: the next plan reads it there.
        for (const InstanceAddr& a : pending_under(state, {*src})) {
          diags.error("Cannot move " + from + " to " + to,
                      a.to_string() +
                          " has a pending create: a run that was killed began creating it. Run "
                          "`fedplan plan` and `fedplan apply` first, which read it and record "
                          "what they find, or forget it with `fedplan state rm " +
                          a.to_string() + "`.");
          return false;
        }
        result = move_in_state(state, *src, *dst, options.dry_run);
        if (!result.ok()) diags.error("Cannot move " + from + " to " + to, result.error);
        return result.ok();
      });
  if (code != 0) return code;
  // Quoted as Terraform's %q does, so keys stay readable: "a[\"k\"]".
  for (const auto& [a, b] : result.moved)
    out << (options.dry_run ? "Would move " : "Move ") << quote(a.to_string()) << " to "
        << quote(b.to_string()) << "\n";
  if (!options.dry_run) out << "Successfully moved " << result.moved.size() << " object(s).\n";
  return 0;
}

int state_pull(StateBackend& backend, std::ostream& out, std::ostream& err) {
  Diagnostics diags;
  auto state = backend.read(diags);
  if (!state) return report(diags, err);
  if (state->serial > 0) out << encode_state(*state);
  return report(diags, err);
}

int state_push(StateBackend& backend, const std::string& path, std::istream& in,
               const StateCommandOptions& options, std::ostream& out, std::ostream& err) {
  (void)out;  // like Terraform's, a successful push prints nothing
  Diagnostics diags;
  std::string text;
  std::string name = path == "-" ? "<stdin>" : path;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    std::string why;
    if (!read_file(path, &text, &why)) {
      diags.error("Cannot read the state file " + path, why);
      return report(diags, err);
    }
  }
  auto opened = open_bytes(options.cipher, std::move(text), "state", name, diags);
  if (!opened) return report(diags, err);
  auto pushed = decode_state(std::move(*opened), name, diags);
  if (!pushed) return report(diags, err);

  StateCommandOptions write_options = options;
  write_options.dry_run = false;
  return locked_update(
      backend, "state push", write_options, WriteOptions{options.force}, diags, err,
      [&](State& current) {
        if (current.serial > 0 && !options.force) {
          if (current.lineage != pushed->lineage) {
            diags.error("Cannot push a state of another lineage",
                        name + " has lineage " + pushed->lineage + "; the stored state (" +
                            backend.describe() + ") has lineage " + current.lineage +
                            ". They are not versions of the same state. Use -force to replace it.");
            return false;
          }
          if (pushed->serial < current.serial) {
            diags.error("Cannot push an older state",
                        name + " has serial " + std::to_string(pushed->serial) +
                            ", lower than the stored serial " + std::to_string(current.serial) +
                            ": it is probably older than the stored state. Use -force to replace "
                            "it anyway.");
            return false;
          }
        }
        current = std::move(*pushed);
        return true;
      });
}

int force_unlock_command(StateBackend& backend, const std::string& id, bool break_live_lock,
                         std::ostream& out, std::ostream& err) {
  Diagnostics diags;
  bool ok = backend.force_unlock(id, break_live_lock, diags);
  int code = report(diags, err);
  if (!ok || code != 0) return 1;
  out << "The state has been unlocked. Other runs can take the lock again.\n";
  return 0;
}

}  // namespace fedplan
