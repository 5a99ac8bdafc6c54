// `fedplan plan [DIR]`: refresh, compare with the configuration, print what would change
// (text, markdown or JSON; -json streams the machine-readable UI instead) and optionally save
// it with -out for `fedplan apply FILE`.
#include <filesystem>
#include <optional>
#include <ostream>

#include "base/files.h"
#include "cli/commands.h"
#include "cli/markdown_flags.h"
#include "cli/registry.h"
#include "cli/run.h"
#include "engine/plan/generate_config.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/plan_signature.h"
#include "engine/render/render.h"
#include "engine/render/render_ui_json.h"
#include "state/state_json.h"

namespace fedplan {
namespace {

// A plan that failed still gives a document on stdout, holding what could be planned: JSON
// marked `errored`, or a markdown report with the diagnostics, so a pipeline or a pull-request
// comment shows the failure rather than nothing. Exits 1.
int failed_plan(Plan plan, RenderFormat format, const Diagnostics& diags,
                const SourceFiles* sources, const MarkdownOptions& markdown, CliContext& ctx) {
  if (format == RenderFormat::Markdown)
    ctx.out << render_markdown_failure(plan, diags, sources, markdown);
  if (format != RenderFormat::Json) return 1;
  plan.errored = true;
  ctx.out << render_plan(plan, format, RenderOptions{});
  return 1;
}

// Why `path` cannot take the configuration -generate-config-out writes for DIR, or "": it
// must be a new *.fed.hcl file in DIR, so that this plan and the next ones read it.
std::string generate_out_problem(const std::string& path, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() != fs::file_type::not_found)
    return "Target generated file already exists: " + path +
           " exists; -generate-config-out writes a new file only (as Terraform's), so move it "
           "away or pick another name.";
  const std::string suffix = ".fed.hcl";
  std::string name = fs::path(path).filename().string();
  bool fed = name.size() > suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  if (!fed || !fs::equivalent(directory_of(path), dir, ec))
    return "-generate-config-out must name a new *.fed.hcl file in the configuration "
           "directory (" +
           dir + "), such as " + (fs::path(dir) / "generated.fed.hcl").string() +
           ": the plan reads the generated resources from there, as the next plans will.";
  return "";
}

// The resource blocks of import targets without configuration, written to `path` before the
// plan loads the configuration (so that it reads them). False with the errors in `diags`.
bool write_generated_config(const std::string& path, const LoadedConfigOptions& wo,
                            const ProviderRegistry& registry, ProviderSet& providers,
                            Diagnostics& diags) {
  LoadedConfig first;
  Diagnostics load_diags;  // the plan's own load reports them
  if (!load_configuration(wo, registry, first, load_diags) || load_diags.has_errors()) return true;
  GeneratedConfig g = generate_import_config(first, providers, registry.names(), diags);
  if (diags.has_errors() || g.text.empty()) return !diags.has_errors();
  WriteFileOptions wf;
  wf.mode = 0644;
  wf.noun = "the generated configuration";
  std::string err;
  if (!write_file_atomic(path, g.text, wf, &err)) {
    diags.error("Cannot write the generated configuration", err + ".");
    return false;
  }
  return true;
}

}  // namespace

int cmd_plan(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  po::positional_options_description pos;
  add_config_flags(flags, pos);
  add_plan_flags(flags, true);
  flags.add_options()("sign-key", po::value<std::string>()->default_value(""),
                      "Sign the plan saved with -out with this Ed25519 private key (PEM).")(
      "generate-config-out", po::value<std::string>(),
      "Write resource blocks for import targets that have none to this new *.fed.hcl file "
      "of the configuration directory, and plan with them.");
  add_markdown_flags(flags);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("plan",
                   "[DIR] [-var NAME=VALUE] [-var-file FILE] [-out FILE] [-target ADDR] "
                   "[-replace ADDR] [-refresh=false] [-destroy] [-detailed-exitcode] "
                   "[-format text|markdown|json | -json] [-max-size N] [-sign-key FILE] "
                   "[-generate-config-out FILE]",
                   flags, pos, args, &vm, ctx, &code))
    return code;
  bool color = use_color(vm, ctx);
  auto format = parse_render_format(vm["format"].as<std::string>());
  if (!format) {
    ctx.err << "Error: -format takes text, markdown or json.\n";
    return 1;
  }
  auto max_size = markdown_max_size(vm, *format, ctx);
  if (!max_size) return 1;
  // -json streams the UI, as Terraform's plan -json; -format json prints the plan document.
  std::optional<JsonUi> ui;
  SystemClock clock;
  if (vm["json"].as<bool>()) {
    if (!vm["format"].defaulted()) {
      ctx.err << "Error: -json streams the UI and -format picks a document: give one.\n";
      return 1;
    }
    ui.emplace(ctx.out, clock);
    ui->version();
  }
  PlanOptions options;
  if (!plan_options(vm, &options, ctx)) return 1;
  auto timeout = lock_timeout(vm, ctx);
  if (!timeout) return 1;
  ProviderRegistry registry = make_registry();
  LoadedConfig cfg;
  Diagnostics diags;
  auto report = [&] {
    if (ui) ui->diagnostics(diags, &cfg.config.sources);
    if (!ui) print_diagnostics(ctx, diags, &cfg.config.sources, color);
  };
  std::optional<Ed25519Key> sign_key;  // read first: a bad key fails before the refresh
  if (vm.count("out") || !vm["sign-key"].as<std::string>().empty()) {
    sign_key = plan_signing_key(vm["sign-key"].as<std::string>(), ctx.getenv, diags);
    if (!vm.count("out")) diags.error("-sign-key needs -out", "It signs the saved plan file.");
    if (diags.has_errors()) {
      report();
      return 1;
    }
  }
  LoadedConfigOptions wo = config_options(vm, ctx);
  MarkdownOptions markdown;
  markdown.dir = markdown_title_dir(wo.dir);
  markdown.max_size = *max_size;
  if (vm.count("out")) markdown.plan_file = vm["out"].as<std::string>();
  auto failed = [&](Plan partial) {
    report();
    return failed_plan(std::move(partial), *format, diags, &cfg.config.sources, markdown, ctx);
  };
  ProviderSet providers(registry);
  std::string generate_out;
  if (vm.count("generate-config-out")) {
    generate_out = vm["generate-config-out"].as<std::string>();
    if (options.destroy || options.refresh_only) {
      ctx.err << "Error: -generate-config-out cannot be used with "
              << (options.destroy ? "-destroy" : "-refresh-only")
              << ": only a normal plan imports objects.\n";
      return 1;
    }
    std::string problem = generate_out_problem(generate_out, wo.dir);
    if (!problem.empty()) {
      ctx.err << "Error: " << problem << "\n";
      return 1;
    }
    Diagnostics gen;
    if (!write_generated_config(generate_out, wo, registry, providers, gen)) {
      load_configuration(wo, registry, cfg, diags);  // for the sources the errors quote
      diags.append(std::move(gen));
      return failed(Plan{});
    }
    diags.append(std::move(gen));
  }
  if (!load_configuration(wo, registry, cfg, diags)) return failed(Plan{});
  LockedState locked(vm, wo.dir, "plan", *timeout, ctx, &cfg.config.sources, diags);
  State* prior = locked.state();
  if (!prior) return failed(Plan{});
  markdown.workspace = locked.backend_config().workspace;
  markdown.backend = locked.backend().describe();
  if (ui) ui->use_prior(prior);
  // Progress goes to stdout for people, to stderr when stdout is a document.
  std::ostream& progress_out = *format == RenderFormat::Text ? ctx.out : ctx.err;
  std::string timestamp = rfc3339(clock.now());
  Plan plan = make_plan(
      cfg, *prior, prior->serial ? state_digest(*prior) : "", providers, options,
      [&](const std::string& line) {
        if (ui) ui->plan_progress(line);
        if (!ui) progress_out << line << "\n";
      },
      diags);
  plan.timestamp = timestamp;
  locked.lock().release(diags);
  if (ui) ui->refresh_done();
  if (diags.has_errors()) return failed(std::move(plan));
  report();
  if (ui) ui->plan(plan);
  if (!ui && *format == RenderFormat::Text) ctx.out << "\n";
  if (!ui && *format == RenderFormat::Markdown)
    ctx.out << render_markdown(plan, markdown);
  else if (!ui)
    ctx.out << render_plan(plan, *format, RenderOptions{color});
  if (!options.targets.empty() && !ui && *format == RenderFormat::Text)
    ctx.err << "\nWarning: Resource targeting is in effect: this plan may not show every "
               "change the configuration implies. Use -target only to recover from mistakes.\n";
  if (vm.count("out")) {
    std::string err;
    if (!write_plan_file(vm["out"].as<std::string>(), plan, &err, locked.cipher(),
                         sign_key ? &*sign_key : nullptr)) {
      ctx.err << "Error: " << err << "\n";
      return 1;
    }
    if (!ui && *format == RenderFormat::Text)
      ctx.out << "\nSaved the plan to: " << vm["out"].as<std::string>()
              << "\nTo perform exactly these actions, run: fedplan apply "
              << vm["out"].as<std::string>() << "\n";
    if (sign_key && !ui && *format == RenderFormat::Text)
      ctx.out << "Signed with key " << sign_key->fingerprint() << "\n";
  }
  if (!generate_out.empty() && std::filesystem::exists(generate_out) && !ui)
    (*format == RenderFormat::Text ? ctx.out : ctx.err)
        << "\nfedplan has generated configuration and written it to " << generate_out
        << ". Please review the configuration and edit it as necessary before adding it to "
           "version control.\n";
  if (vm["detailed-exitcode"].as<bool>() && plan.has_changes()) return 2;
  return 0;
}

}  // namespace fedplan
