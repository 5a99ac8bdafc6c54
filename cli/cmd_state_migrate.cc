// `fedplan state migrate -from-backend TYPE [-from-backend-config ...]`: copies every workspace's
// state from another backend into the configured one, checking lineage and serial so a state
// is never lost, overwritten by an older copy, or forked.
#include <ostream>

#include "base/quote.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "state/state_json.h"

namespace fedplan {

namespace {

// The same records, whatever serial and build wrote them.
bool same_content(State a, State b) {
  a.serial = b.serial = 0;
  a.fedplan_version = b.fedplan_version = "";
  return state_digest(a) == state_digest(b);
}

bool blank(const State& s) {
  return s.instances.empty() && s.outputs.empty() && s.deposed.empty() && s.pending.empty();
}

struct Migration {
  const BackendConfig& from;
  const BackendConfig& to;
  const std::string& dir;
  std::chrono::milliseconds timeout;
  CliContext& ctx;
  SystemClock clock;

  // Copies workspace `ws`; false with an error (nothing written) when it cannot.
  bool copy(const std::string& ws, Diagnostics& diags) {
    BackendConfig src_cfg = from, dst_cfg = to;
    src_cfg.workspace = dst_cfg.workspace = ws;
    OpenedBackend src = open_backend(src_cfg, dir, clock, ctx, diags);
    OpenedBackend dst = open_backend(dst_cfg, dir, clock, ctx, diags);
    if (!src || !dst) return false;
    ScopedStateLock src_lock(*src, "state migrate", timeout, clock, diags);
    if (!src_lock.held()) return false;
    std::optional<State> state = src->read(diags);
    if (!state) return false;
    if (state->serial == 0) {
      ctx.out << "  " << ws << ": nothing stored, skipped\n";
      return true;
    }
    auto names = dst->workspaces(diags);
    bool exists = std::find(names.begin(), names.end(), ws) != names.end();
    if (!exists && !dst->create_workspace(diags)) return false;
    ScopedStateLock dst_lock(*dst, "state migrate", timeout, clock, diags);
    if (!dst_lock.held()) return false;
    std::optional<State> there = dst->read(diags);
    if (!there) return false;
    WriteOptions options;
    State copy = *state;
    std::string where = "workspace " + quote(ws) + " of " + dst->describe();
    if (there->serial > 0 && !blank(*there)) {
      if (there->lineage != state->lineage) {
        diags.error("Cannot migrate " + quote(ws) + ": the destination holds another state",
                    where + " has lineage " + there->lineage + ", the source " + state->lineage +
                        ". Copying would fork or lose a state; remove one of them first.");
        return false;
      }
      if (there->serial >= state->serial) {
        if (same_content(*there, *state)) {
          ctx.out << "  " << ws << ": already there (serial " << there->serial << ")\n";
          return true;
        }
        diags.error("Cannot migrate " + quote(ws) + ": the destination is newer",
                    where + " is at serial " + std::to_string(there->serial) +
                        " and differs from the source at serial " + std::to_string(state->serial) +
                        ". It was written after the source; nothing was copied.");
        return false;
      }
    } else {
      options.force = true;  // an empty state the destination made: replace its lineage
    }
    if (!dst->write(copy, options, diags)) return false;
    std::optional<State> check = dst->read(diags);
    if (!check || !same_content(*check, *state)) {
      diags.error("Migrating " + quote(ws) + " did not verify",
                  "Reading the state back from " + where +
                      " did not give what was written. The source is unchanged.");
      return false;
    }
    ctx.out << "  " << ws << ": copied (lineage " << state->lineage << ", serial " << check->serial
            << ")\n";
    return true;
  }
};

}  // namespace

int state_migrate_command(const po::variables_map& vm, const std::string& dir,
                          std::chrono::milliseconds timeout, CliContext& ctx) {
  Diagnostics diags;
  SourceFiles sources;
  auto to = backend_config(vm, dir, ctx, &sources, diags);
  if (!vm.count("from-backend")) {
    diags.error("state migrate needs -from-backend",
                "Name the backend the state lives in now: -from-backend local (with "
                "-from-backend-config path=FILE when it is not DIR/fedplan.state.json), etcd or "
                "kube with -from-backend-config for its settings. The destination is the "
                "configured backend.");
  }
  BackendConfig from;
  if (to && vm.count("from-backend")) {
    from.type = vm["from-backend"].as<std::string>();
    from.origin = "-from-backend";
    if (vm.count("from-backend-config")) {
      for (const std::string& kv : vm["from-backend-config"].as<std::vector<std::string>>()) {
        size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
          diags.error("Invalid -from-backend-config " + quote(kv), "Give KEY=VALUE.");
          continue;
        }
        from.settings[kv.substr(0, eq)] =
            BackendSetting{Value::string(kv.substr(eq + 1)), "-from-backend-config"};
      }
    }
  }
  if (diags.has_errors() || !to) {
    print_diagnostics(ctx, diags, &sources, use_color(vm, ctx));
    return 1;
  }
  BackendConfig probe = from;
  probe.workspace = "default";
  SystemClock clock;
  OpenedBackend src = open_backend(probe, dir, clock, ctx, diags);
  probe = *to;
  probe.workspace = "default";
  OpenedBackend dst = open_backend(probe, dir, clock, ctx, diags);
  if (src && dst && src->describe() == dst->describe())
    diags.error("Nothing to migrate",
                "The source and the destination are both " + src->describe() + ".");
  std::vector<std::string> names =
      src && !diags.has_errors() ? src->workspaces(diags) : std::vector<std::string>{};
  if (!diags.has_errors()) {
    ctx.out << "Migrating " << names.size() << " workspace(s) from " << src->describe() << " to "
            << dst->describe() << ":\n";
    Migration m{from, *to, dir, timeout, ctx, {}};
    for (const std::string& ws : names)
      if (!m.copy(ws, diags)) break;
  }
  print_diagnostics(ctx, diags, &sources, use_color(vm, ctx));
  if (diags.has_errors()) return 1;
  ctx.out << "\nThe states are in " << dst->describe()
          << ". The source still holds its copy: runs against it would fork the state, so "
             "delete it once you have checked the new backend.\n";
  return 0;
}

}  // namespace fedplan
