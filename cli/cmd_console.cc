// `fedplan console [DIR]`: evaluates expressions in the root module's scope (variables,
// locals, module outputs, root outputs as output.NAME, and resources and data sources as the
// state records them) and prints each value as `terraform console` does. Reads the state
// without locking it; changes nothing.
#include <istream>
#include <ostream>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/config_flags.h"
#include "cli/console_input.h"
#include "cli/open_backend.h"
#include "cli/registry.h"
#include "engine/config/check.h"
#include "lang/console_format.h"
#include "lang/parser.h"
#include "lang/references.h"
#include "state/instance_value.h"

namespace fedplan {
namespace {

// Resource and data instances as the state records them; unknown when it has none.
class StateValues : public InstanceValues {
 public:
  explicit StateValues(const State& state) : state_(state) {}
  std::optional<Value> get(const InstanceAddr& addr) const override {
    const InstanceState* rec = state_.find(addr);
    if (!rec) return std::nullopt;
    return value_of(*rec);
  }

 private:
  const State& state_;
};

std::string trimmed(const std::string& line) {
  size_t a = line.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  return line.substr(a, line.find_last_not_of(" \t\r") - a + 1);
}

}  // namespace

int cmd_console(const std::vector<std::string>& args, CliContext& ctx) {
  po::options_description flags("Flags");
  po::positional_options_description pos;
  add_config_flags(flags, pos);
  flags.add_options()("state", po::value<std::string>(), "The state file (local backend).");
  add_backend_flags(flags);
  po::variables_map vm;
  int code = 0;
  if (!parse_flags("console", "[DIR] [-var NAME=VALUE] [-var-file FILE]", flags, pos, args, &vm,
                   ctx, &code))
    return code;
  bool color = use_color(vm, ctx);
  ProviderRegistry registry = make_registry();
  LoadedConfig cfg;
  Diagnostics diags;
  bool loaded = load_configuration(config_options(vm, ctx), registry, cfg, diags);
  print_diagnostics(ctx, diags, &cfg.config.sources, color);
  if (!loaded || diags.has_errors()) return 1;
  // The state is only read: no lock, so a console can stay open beside a running apply.
  SystemClock clock;
  Diagnostics bd;
  OpenedBackend backend =
      open_backend(vm, vm["dir"].as<std::string>(), clock, ctx, &cfg.config.sources, bd);
  std::optional<State> state = backend ? backend->read(bd) : std::nullopt;
  print_diagnostics(ctx, bd, &cfg.config.sources, color);
  if (!state) return 1;
  StateValues values(*state);
  ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
  e.use_instances(&cfg.instances);
  const ModuleInstance& root = *cfg.instances.root();
  // Root outputs, evaluated (once) only when an expression asks for one.
  std::optional<Value> outputs;
  auto root_outputs = [&](Diagnostics& d) {
    if (!outputs) {
      ValueMap all;
      for (const auto& [name, o] : root.module->outputs) all[name] = e.output(root, name, d);
      outputs = Value::object(std::move(all));
    }
    return *outputs;
  };
  const bool interactive = ctx.in_is_terminal;
  std::string line;
  int n = 0;
  for (;;) {
    if (interactive) ctx.out << "> " << std::flush;
    if (!std::getline(ctx.in, line)) break;
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string first = trimmed(line);
    if (first.empty()) continue;
    if (first == "exit") break;
    // An expression whose brackets, braces or heredoc are still open goes on, as in
    // terraform console; lines are kept as typed (a heredoc's content is part of it).
    const int start = n;
    std::string text = line;
    while (!console_input_complete(text)) {
      if (interactive) ctx.out << "  " << std::flush;
      if (!std::getline(ctx.in, line)) break;
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      text += "\n" + line;
    }
    Diagnostics d;
    ExprPtr expr = parse_expression(text, "<console-input>", d, SourcePos{start, 1, start - 1});
    if (!d.has_errors()) check_expression_references(*root.module, *expr, {"output"}, d);
    Value v;
    if (!d.has_errors()) {
      ValueMap names;
      for (const Traversal& t : references(*expr))
        if (t.root == "output") names["output"] = root_outputs(d);
      v = e.evaluate(root, *expr, Binding{}, names, d);
    }
    SourceFiles input;
    input.add("<console-input>", std::make_shared<const std::string>(
                                     std::string(static_cast<size_t>(start - 1), '\n') + text));
    print_diagnostics(ctx, d, &input, color);
    if (d.has_errors()) {
      // As terraform console: a script stops at its first error, a person tries again.
      if (!interactive) return 1;
      continue;
    }
    ctx.out << console_format(v, console_static_type(*expr, *root.module)) << "\n" << std::flush;
  }
  if (interactive) ctx.out << "\n";
  return 0;
}

}  // namespace fedplan
