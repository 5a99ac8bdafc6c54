// `fedplan show [PLANFILE]` renders a saved plan (text, markdown or json) or, without one,
// the state (`-json`: Terraform's state representation); `fedplan output [NAME] [-json]`
// prints root outputs recorded by the last apply.
#include <ostream>

#include "cli/commands.h"
#include "cli/markdown_flags.h"
#include "cli/run.h"
#include "cli/state_commands.h"
#include "engine/plan/plan_file.h"
#include "engine/render/render.h"
#include "engine/render/render_state_json.h"
#include "lang/value_json.h"

namespace fedplan {
namespace {

// The state the backend holds; nullopt after printing why it could not be read.
std::optional<State> read_state_or_report(StateBackend& backend, CliContext& ctx) {
  Diagnostics diags;
  auto state = backend.read(diags);
  if (!state) ctx.err << render_diagnostics(diags, nullptr);
  return state;
}

}  // namespace

int cmd_show(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  flags.add_options()("format", po::value<std::string>()->default_value("text"),
                      "text, markdown or json.")(
      "json", po::bool_switch(), "JSON: the plan as -format json, or the state without one.")(
      "no-color", po::bool_switch(), "No colour.")(
      "state", po::value<std::string>(), "The state file.")("planfile", po::value<std::string>(),
                                                            "A plan saved with plan -out.");
  add_backend_flags(flags);
  add_markdown_flags(flags);
  po::positional_options_description pos;
  pos.add("planfile", 1);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("show", "[PLANFILE] [-format text|markdown|json] [-json] [-max-size N]", flags,
                   pos, args, &vm, ctx, &code))
    return code;
  bool json = vm["json"].as<bool>();
  if (json && !vm["format"].defaulted() && vm["format"].as<std::string>() != "json") {
    ctx.err << "Error: -json and -format " << vm["format"].as<std::string>()
            << " ask for two formats; give one.\n";
    return 1;
  }
  if (!vm.count("planfile")) {
    SystemClock clock;
    auto backend = open_backend_or_report(vm, ".", clock, ctx);
    if (!backend) return 1;
    if (!json) return state_list(*backend, {}, ctx.out, ctx.err);
    auto state = read_state_or_report(*backend, ctx);
    if (!state) return 1;
    ctx.out << render_state_json(*state);
    return 0;
  }
  auto format = parse_render_format(json ? "json" : vm["format"].as<std::string>());
  if (!format) {
    ctx.err << "Error: -format takes text, markdown or json.\n";
    return 1;
  }
  auto max_size = markdown_max_size(vm, *format, ctx);
  if (!max_size) return 1;
  std::string err;
  Diagnostics key;
  auto cipher = state_cipher(ctx, key);
  if (key.has_errors()) {
    print_diagnostics(ctx, key, nullptr, use_color(vm, ctx));
    return 1;
  }
  std::string signer;
  auto plan = read_plan_file(vm["planfile"].as<std::string>(), &err, cipher.get(), &signer);
  if (!plan) {
    ctx.err << "Error: " << err << "\n";
    return 1;
  }
  if (!signer.empty() && *format == RenderFormat::Text)
    ctx.out << "Signed by key " << signer << " (the signature matches the plan).\n\n";
  if (*format == RenderFormat::Markdown) {
    MarkdownOptions markdown;
    markdown.command = "show";
    markdown.dir = markdown_title_dir(plan->config_dir);
    markdown.plan_file = vm["planfile"].as<std::string>();
    markdown.max_size = *max_size;
    ctx.out << render_markdown(*plan, markdown);
    return 0;
  }
  ctx.out << render_plan(*plan, *format, RenderOptions{use_color(vm, ctx)});
  return 0;
}

int cmd_output(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  flags.add_options()("json", po::bool_switch(), "Print as JSON.")(
      "raw", po::bool_switch(), "Print one string, number or bool output as it is (for scripts).")(
      "no-color", po::bool_switch(), "No colour (outputs are printed without it anyway).")(
      "state", po::value<std::string>(), "The state file.")(
      "dir", po::value<std::string>()->default_value("."), "The configuration directory.")(
      "name", po::value<std::string>(), "One output.");
  add_backend_flags(flags);
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("output", "[NAME] [-json | -raw]", flags, pos, args, &vm, ctx, &code))
    return code;
  bool raw = vm["raw"].as<bool>();
  if (raw && (!vm.count("name") || vm["json"].as<bool>())) {
    ctx.err << "Error: -raw prints one output: give its NAME, and not -json.\n";
    return 1;
  }
  SystemClock clock;
  auto backend = open_backend_or_report(vm, vm["dir"].as<std::string>(), clock, ctx);
  if (!backend) return 1;
  auto state = read_state_or_report(*backend, ctx);
  if (!state) return 1;
  bool json = vm["json"].as<bool>();
  if (vm.count("name")) {
    auto it = state->outputs.find(vm["name"].as<std::string>());
    if (it == state->outputs.end()) {
      ctx.err << "Error: no output named \"" << vm["name"].as<std::string>()
              << "\" in the state. Run `fedplan output` to list them.\n";
      return 1;
    }
    // Asked for by name, a value is printed even when sensitive, as Terraform does.
    const nlohmann::json& v = it->second.value;
    if (raw) {
      if (v.is_string()) {
        ctx.out << v.get<std::string>();  // no newline, as terraform output -raw
      } else if (v.is_number() || v.is_boolean()) {
        ctx.out << v.dump();
      } else {
        ctx.err << "Error: output \"" << it->first
                << "\" is not a string, number or bool; -raw cannot print it. Use -json.\n";
        return 1;
      }
      return 0;
    }
    ctx.out << (json ? v.dump() : debug_string(from_json(v))) << "\n";
    return 0;
  }
  if (json) {
    // Every output with its type and value, sensitive ones included, as Terraform prints them.
    nlohmann::json doc = nlohmann::json::object();
    for (const auto& [name, o] : state->outputs) doc[name] = output_json(o);
    ctx.out << doc.dump(2) << "\n";
    return 0;
  }
  for (const auto& [name, o] : state->outputs)
    ctx.out << name << " = "
            << (o.sensitive ? "(sensitive value)" : debug_string(from_json(o.value))) << "\n";
  return 0;
}

}  // namespace fedplan
