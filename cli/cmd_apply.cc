// `fedplan apply [PLANFILE | DIR]` and `fedplan destroy [DIR]`: plan (or read a saved plan
// and refuse it when stale), confirm, carry it out, and report what happened.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <ostream>

#include "base/ansi.h"
#include "cli/commands.h"
#include "cli/registry.h"
#include "cli/run.h"
#include "engine/apply/applier.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/plan_signature.h"
#include "engine/plan/saved_plan.h"
#include "engine/render/change_lines.h"
#include "engine/render/render.h"
#include "engine/render/render_ui_json.h"
#include "lang/value_json.h"
#include "state/local_backend.h"
#include "state/state_json.h"

namespace fedplan {

namespace {

bool is_regular_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void print_outputs(CliContext& ctx, const State& state) {
  if (state.outputs.empty()) return;
  ctx.out << "\nOutputs:\n\n";
  for (const auto& [name, o] : state.outputs)
    ctx.out << name << " = "
            << (o.sensitive ? "(sensitive value)" : debug_string(from_json(o.value))) << "\n";
}

// With nothing to change, an apply still records what its refresh found, as Terraform's does:
// objects deleted outside fedplan (or by a run killed before it could record the delete) are
// dropped from the state, and objects changed outside fedplan are recorded as read; so are
// the creates a killed run left pending, read even without a refresh (recorded or dropped).
int persist_refresh(CliContext& ctx, const LoadedConfig& cfg, const Plan& plan, State& state,
                    StateBackend& backend, ProviderSet& providers, ScopedStateLock& lock,
                    JsonUi* ui) {
  if (plan.drift.empty()) return 0;  // without a refresh, only pending creates have drift
  Diagnostics diags;
  ApplySummary summary = apply_plan(cfg, plan, state, backend, providers, ApplyOptions{}, diags);
  lock.release(diags);
  if (ui) ui->diagnostics(diags, &cfg.config.sources);
  if (!ui) print_diagnostics(ctx, diags, &cfg.config.sources, false);
  if (!summary.ok() || diags.has_errors()) return 1;
  const char* done = "The state now records the objects as the refresh found them.";
  if (ui) ui->log(done);
  if (!ui) ctx.out << "\n" << done << "\n";
  return 0;
}

// Whether the saved plan at `path`, signed by `signer` ("" for none), may be applied under the
// -require-signature and -trusted-keys flags; prints the refusal when not, and who signed it
// unless `ui` (stdout holds only the UI's messages then).
bool saved_plan_trusted(const po::variables_map& vm, const std::string& path,
                        const std::string& signer, CliContext& ctx, bool color, JsonUi* ui) {
  Diagnostics diags;
  auto trust = plan_trust(vm["require-signature"].as<bool>(), vm["trusted-keys"].as<std::string>(),
                          ctx.getenv, diags);
  if (!trust) {
    print_diagnostics(ctx, diags, nullptr, color);
    return false;
  }
  std::string signed_by = "The plan " + path + " is signed by key " + signer + ".";
  if (!signer.empty() && ui) ui->log(signed_by);
  if (!signer.empty() && !ui) ctx.out << signed_by << "\n";
  std::string why = check_plan_trust(path, signer, *trust);
  if (!why.empty()) ctx.err << "Error: " << why << "\n";
  return why.empty();
}

// The applier's step moments as the UI's hooks.
UiHook ui_hook(StepEvent e) {
  switch (e) {
    case StepEvent::Start:
      return UiHook::Start;
    case StepEvent::Progress:
      return UiHook::Progress;
    case StepEvent::Complete:
      return UiHook::Complete;
    case StepEvent::Errored:
      return UiHook::Errored;
  }
  return UiHook::Errored;
}

int run_apply(const std::vector<std::string>& args, CliContext& ctx, bool destroy) {
  const char* name = destroy ? "destroy" : "apply";
  po::options_description flags("Flags");
  po::positional_options_description pos;
  add_config_flags(flags, pos);
  add_plan_flags(flags, false);
  flags.add_options()("auto-approve", po::bool_switch(), "Skip the interactive approval.");
  if (!destroy)
    flags.add_options()("require-signature", po::bool_switch(),
                        "Refuse a saved plan that no trusted key signed.")(
        "trusted-keys", po::value<std::string>()->default_value(""),
        "A file of PEM Ed25519 public keys a saved plan may be signed by.");
  po::variables_map vm;
  int code = 0;
  if (!parse_flags(name,
                   destroy ? "[DIR] [-auto-approve] [plan flags]"
                           : "[PLANFILE | DIR] [-auto-approve] [plan flags]",
                   flags, pos, args, &vm, ctx, &code))
    return code;
  bool color = use_color(vm, ctx);
  // -json streams the UI (Terraform's apply -json), which cannot ask: it needs a plan file or
  // -auto-approve.
  std::optional<JsonUi> ui;
  SystemClock clock;
  if (vm["json"].as<bool>()) {
    if (!vm["auto-approve"].as<bool>() &&
        (destroy || !is_regular_file(vm["dir"].as<std::string>()))) {
      ctx.err << "Error: " << name << " -json cannot ask for approval: give -auto-approve"
              << (destroy ? "" : " or a saved plan file") << ".\n";
      return 1;
    }
    ui.emplace(ctx.out, clock);
    ui->version();
  }
  PlanOptions options;
  if (!plan_options(vm, &options, ctx)) return 1;
  options.destroy = options.destroy || destroy;
  if (destroy && options.refresh_only) {
    // As terraform destroy -refresh-only: the two modes are mutually exclusive.
    ctx.err << "Error: -refresh-only cannot be used with destroy: a refresh-only plan reads "
               "the live objects and changes nothing else, a destroy plan deletes them.\n";
    return 1;
  }
  auto timeout = lock_timeout(vm, ctx);
  if (!timeout) return 1;
  ProviderRegistry registry = make_registry();
  LoadedConfigOptions wo = config_options(vm, ctx);
  std::optional<Plan> saved;
  if (!destroy && is_regular_file(wo.dir)) {
    std::string err;
    Diagnostics key;
    auto cipher = state_cipher(ctx, key);
    if (key.has_errors()) {
      print_diagnostics(ctx, key, nullptr, color);
      return 1;
    }
    std::string signer;
    saved = read_plan_file(wo.dir, &err, cipher.get(), &signer);
    if (!saved) {
      ctx.err << "Error: " << err << "\n";
      return 1;
    }
    if (!saved_plan_trusted(vm, wo.dir, signer, ctx, color, ui ? &*ui : nullptr)) return 1;
    wo.dir = saved->config_dir;
  } else if (!destroy && vm["require-signature"].as<bool>()) {
    ctx.err << "Error: -require-signature applies a saved plan: give the plan file (made by "
               "`fedplan plan -out FILE`), not the directory "
            << wo.dir << ".\n";
    return 1;
  }
  LoadedConfig cfg;
  Diagnostics diags;
  auto report = [&] {
    if (ui) ui->diagnostics(diags, &cfg.config.sources);
    if (!ui) print_diagnostics(ctx, diags, &cfg.config.sources, color);
  };
  // A saved plan's configuration is loaded once the state it must match is read (below).
  if (!saved && !load_configuration(wo, registry, cfg, diags)) {
    report();
    return 1;
  }
  LockedState locked(vm, wo.dir, name, *timeout, ctx, &cfg.config.sources, diags);
  State* state = locked.state();
  if (!state) {
    report();
    return 1;
  }
  if (ui) ui->use_prior(state);
  ProviderSet providers(registry);
  Plan plan;
  if (saved) {
    if (!load_saved_plan(*saved, *state, registry, wo.functions, cfg, diags)) {
      report();
      return 1;
    }
    plan = std::move(*saved);
  } else {
    std::string digest = state->serial ? state_digest(*state) : "";
    plan = make_plan(
        cfg, *state, digest, providers, options,
        [&](const std::string& line) {
          if (ui) ui->plan_progress(line);
          if (!ui) ctx.out << line << "\n";
        },
        diags);
    if (ui) ui->refresh_done();
    report();
    if (diags.has_errors()) return 1;
    diags = Diagnostics{};
    if (ui) ui->plan(plan);
    if (!ui) ctx.out << "\n" << render_plan(plan, RenderFormat::Text, RenderOptions{color});
    if (!plan.has_changes())
      return persist_refresh(ctx, cfg, plan, *state, locked.backend(), providers, locked.lock(),
                             ui ? &*ui : nullptr);
    if (!vm["auto-approve"].as<bool>()) {
      ctx.out << "\n";
      bool yes = destroy
                     ? confirm(ctx, "Do you really want to destroy all resources?",
                               "fedplan will destroy all your managed infrastructure, as "
                               "shown above. There is no undo.",
                               kApproveAdvice)
                     : confirm(ctx, "Do you want to perform these actions?",
                               "fedplan will perform the actions described above.", kApproveAdvice);
      if (!yes) {
        ctx.err << (destroy ? "Destroy" : "Apply") << " cancelled.\n";
        return 1;
      }
    }
  }
  ApplyOptions ao;
  ao.parallelism = vm["parallelism"].as<int>();
  ao.interrupted = ctx.interrupted;
  if (auto kill = ctx.getenv ? ctx.getenv("FEDPLAN_TEST_KILL_AFTER_CALL") : std::nullopt)
    ao.kill_after_call = std::atoi(kill->c_str());
  // Beside a local state file; in the configuration directory for a remote backend.
  auto* local = dynamic_cast<LocalBackend*>(&locked.backend());
  ao.errored_state_cipher = locked.cipher();
  ao.errored_state_path =
      (std::filesystem::path(local ? local->path() : wo.dir + "/x").parent_path() /
       "fedplan.errored.state.json")
          .string();
  if (ui) {
    ao.on_step = [&](const StepMoment& m) {
      ui->apply_hook(m.change, ui_hook(m.event), m.elapsed_seconds, m.line, m.id);
    };
  } else {
    ao.progress = [&](const std::string& line) { ctx.out << line << "\n" << std::flush; };
    ctx.out << "\n";
  }
  ApplySummary summary = apply_plan(cfg, plan, *state, locked.backend(), providers, ao, diags);
  locked.lock().release(diags);
  report();
  if (summary.interrupted)
    ctx.err << "\nInterrupted: no new steps were started; the state records "
               "everything that finished.\n";
  if (!summary.unsaved.empty()) {
    ctx.err << "\nDone, but not in the state file (the failed write was to hold them):\n";
    for (const std::string& s : summary.unsaved) ctx.err << "  " << s << "\n";
  }
  if (!summary.not_started.empty()) {
    ctx.err << "\nNot started because a state write had failed:\n";
    for (const std::string& s : summary.not_started) ctx.err << "  " << s << "\n";
  }
  if (!summary.skipped.empty()) {
    ctx.err << "\nNot started because something they need failed:\n";
    for (const std::string& s : summary.skipped) ctx.err << "  " << s << "\n";
  }
  // `fedplan destroy` counts only what it destroyed, as `terraform destroy` does.
  std::string counts =
      "Resources: " + applied_counts_text(summary.imported, summary.added, summary.changed,
                                          summary.destroyed, destroy);
  if (!summary.ok() || diags.has_errors()) {
    ctx.err << "\n" << (destroy ? "Destroy" : "Apply") << " failed. " << counts << "\n";
    return 1;
  }
  if (ui) {
    ui->change_summary(UiCounts{summary.added, summary.changed, summary.destroyed,
                                destroy ? "destroy" : "apply", summary.imported},
                       false);
    if (!destroy) ui->outputs(*state);
    return 0;
  }
  ctx.out << "\n"
          << ansi::paint(std::string(destroy ? "Destroy" : "Apply") + " complete! " + counts,
                         ansi::kBoldGreen, color)
          << "\n";
  if (!destroy) print_outputs(ctx, *state);
  return 0;
}

}  // namespace

int cmd_apply(const std::vector<std::string>& args, CliContext& ctx) {
  return run_apply(args, ctx, false);
}

int cmd_destroy(const std::vector<std::string>& args, CliContext& ctx) {
  return run_apply(args, ctx, true);
}

}  // namespace fedplan
