// Backend settings from the configuration, the environment and the flags, merged and handed to
// the backend the type names; the only place that knows every backend type.
#include "cli/open_backend.h"

#include <algorithm>
#include <filesystem>

#include "base/files.h"
#include "base/quote.h"
#include "base/suggest.h"
#include "engine/config/decode.h"
#include "engine/config/loader.h"
#include "lang/eval.h"
#include "lang/parser.h"
#include "state/etcd/etcd_backend.h"
#include "state/kube/kube_backend.h"
#include "state/local_backend.h"

namespace fs = std::filesystem;

namespace fedplan {

namespace {

const std::vector<std::string>& backend_types() {
  static const std::vector<std::string> types = {"etcd", "kube", "local"};
  return types;
}

// The literal value of `a` (backend settings and -backend-config files allow no references).
bool literal_setting(const Attribute& a, BackendConfig& config, Diagnostics& diags) {
  EvalContext scope;
  scope.allow_functions = false;
  Diagnostics local;
  Value v = evaluate(*a.expr, scope, local);
  diags.append(local);
  if (local.has_errors()) return false;
  SourceRange range = a.expr->span.range();
  config.settings[a.name] = BackendSetting{v,
                                           range.file + ":" + std::to_string(range.start.line) +
                                               ":" + std::to_string(range.start.column),
                                           range};
  return true;
}

// The backend block of DIR's files, when one has it. Only files that mention "backend" are
// parsed here (the loader parses every file later; a large configuration is not read twice);
// an error in one stops the command before the loader runs, so it is reported once.
bool read_backend_block(const std::string& dir, BackendConfig& config, SourceFiles* sources,
                        Diagnostics& diags) {
  Module scratch;
  std::vector<std::shared_ptr<File>> keep;
  for (const std::string& path : config_files(dir)) {
    std::string text, err;
    if (!read_file(path, &text, &err)) {
      diags.error("Cannot read configuration file", err + ".");
      continue;
    }
    if (text.find("backend") == std::string::npos) continue;
    auto shared = std::make_shared<const std::string>(std::move(text));
    if (sources) sources->add(path, shared);
    Diagnostics parse;
    keep.push_back(std::make_shared<File>(parse_file(*shared, path, parse)));
    diags.append(parse);
    if (parse.has_errors()) continue;
    for (const Block& b : keep.back()->body.blocks)
      if (b.type == "fedplan") decode_settings(b, scratch, diags);
  }
  if (!scratch.backend || diags.has_errors()) return !diags.has_errors();
  config.type = scratch.backend->type;
  SourceRange where = scratch.backend->span.range();
  config.origin = where.file + ":" + std::to_string(where.start.line) + ":" +
                  std::to_string(where.start.column);
  config.range = where;
  bool ok = true;
  for (const Attribute& a : scratch.backend->body->attributes)
    ok = literal_setting(a, config, diags) && ok;
  return ok;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// -backend-config KEY=VALUE (the value a string, as Terraform takes it) or a file of settings.
bool read_backend_flag(const std::string& arg, BackendConfig& config, SourceFiles* sources,
                       Diagnostics& diags) {
  size_t eq = arg.find('=');
  if (eq != std::string::npos) {
    std::string key = arg.substr(0, eq);
    if (key.empty()) {
      diags.error("Invalid -backend-config " + quote(arg), "Give KEY=VALUE, or a file's path.");
      return false;
    }
    config.settings[key] = BackendSetting{Value::string(arg.substr(eq + 1)), "-backend-config"};
    return true;
  }
  std::string text, err;
  if (!read_file(arg, &text, &err, "the backend configuration file")) {
    diags.error("Invalid -backend-config " + quote(arg), err + ".");
    return false;
  }
  auto shared = std::make_shared<const std::string>(std::move(text));
  if (sources) sources->add(arg, shared);
  File file = parse_file(*shared, arg, diags);
  if (diags.has_errors()) return false;
  for (const Block& b : file.body.blocks)
    diags.error("Unsupported block type",
                "A backend configuration file holds only settings (KEY = value).", b.type_span);
  bool ok = file.body.blocks.empty();
  for (const Attribute& a : file.body.attributes) ok = literal_setting(a, config, diags) && ok;
  return ok;
}

std::string environment_file(const std::string& dir) {
  return (fs::path(dir) / ".fedplan" / "environment").string();
}

}  // namespace

void add_backend_flags(po::options_description& flags) {
  flags.add_options()("backend-config", po::value<std::vector<std::string>>()->composing(),
                      "A backend setting KEY=VALUE, or a file of settings (repeatable).");
}

std::string recorded_workspace(const std::string& dir) {
  FileRead file = read_file_if_exists(environment_file(dir));
  std::string name = file.exists ? file.content : std::string();
  while (!name.empty() && (name.back() == '\n' || name.back() == ' ')) name.pop_back();
  return name.empty() ? "default" : name;
}

bool record_workspace(const std::string& dir, const std::string& name, Diagnostics& diags) {
  WriteFileOptions options;
  options.mode = 0644;
  options.dir_mode = 0755;
  std::string err;
  if (write_file_atomic(environment_file(dir), name + "\n", options, &err)) return true;
  diags.error("Cannot record the workspace", err + ".");
  return false;
}

std::optional<BackendConfig> backend_config(const po::variables_map& vm, const std::string& dir,
                                            CliContext& ctx, SourceFiles* sources,
                                            Diagnostics& diags) {
  BackendConfig config;
  config.origin = "the default backend";
  if (!read_backend_block(dir, config, sources, diags)) return std::nullopt;
  if (ctx.environment) {
    const std::string prefix = "FEDPLAN_BACKEND_";
    for (const auto& [name, value] : ctx.environment()) {
      if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
      config.settings[lower(name.substr(prefix.size()))] =
          BackendSetting{Value::string(value), "env " + name};
    }
  }
  bool ok = true;
  if (vm.count("backend-config"))
    for (const std::string& arg : vm["backend-config"].as<std::vector<std::string>>())
      ok = read_backend_flag(arg, config, sources, diags) && ok;
  if (vm.count("state")) {
    if (config.type != "local") {
      diags.error("-state is for the local backend",
                  "The state lives in the " + config.type + " backend (" + config.origin +
                      "); -state names a local file. Use -backend-config to change its "
                      "settings.");
      return std::nullopt;
    }
    config.settings["path"] =
        BackendSetting{Value::string(vm["state"].as<std::string>()), "-state"};
  }
  std::optional<std::string> env_ws = ctx.getenv ? ctx.getenv("FEDPLAN_WORKSPACE") : std::nullopt;
  config.workspace = env_ws && !env_ws->empty() ? *env_ws : recorded_workspace(dir);
  if (!check_workspace_name(config.workspace, diags)) return std::nullopt;
  if (!ok) return std::nullopt;
  return config;
}

std::unique_ptr<StateCipher> state_cipher(CliContext& ctx, Diagnostics& diags) {
  CipherEnv env;
  if (ctx.environment)
    for (const auto& [name, value] : ctx.environment())
      if (name.rfind("FEDPLAN_STATE_", 0) == 0) env.vars[name] = value;
  if (auto cipher = StateCipher::from_env(env, diags))
    return std::make_unique<StateCipher>(std::move(*cipher));
  return nullptr;
}

OpenedBackend open_backend(const BackendConfig& config, const std::string& dir, Clock& clock,
                           CliContext& ctx, Diagnostics& diags, LockRecordForExit* exit_record) {
  OpenedBackend out;
  out.config = config;
  out.cipher = state_cipher(ctx, diags);
  if (diags.has_errors()) return out;
  BackendContext context{dir, &clock, out.cipher.get()};
  if (config.type == "local") {
    auto local = open_local_backend(config, context, diags);
    if (local) local->publish_lock_to(exit_record);
    out.backend = std::move(local);
  } else if (config.type == "etcd") {
    out.backend = open_etcd_backend(config, context, diags);
  } else if (config.type == "kube") {
    out.backend = open_kube_backend(config, context, diags);
  } else {
    std::string detail = "fedplan has no backend " + quote(config.type) + ".";
    if (auto hint = suggest(config.type, backend_types()))
      detail += " Did you mean " + quote(*hint) + "?";
    auto& d =
        diags.error("Unknown backend type", detail + " Backends: local, etcd, kube.", config.range);
    if (!config.range) d.address = config.origin;
  }
  return out;
}

OpenedBackend open_backend(const po::variables_map& vm, const std::string& dir, Clock& clock,
                           CliContext& ctx, SourceFiles* sources, Diagnostics& diags,
                           LockRecordForExit* exit_record) {
  auto config = backend_config(vm, dir, ctx, sources, diags);
  if (!config) return {};
  OpenedBackend out = open_backend(*config, dir, clock, ctx, diags, exit_record);
  if (!out || config->workspace == "default") return out;
  auto names = out->workspaces(diags);
  if (std::find(names.begin(), names.end(), config->workspace) == names.end()) {
    diags.error(
        "Workspace " + quote(config->workspace) + " does not exist",
        "Create it with `fedplan workspace new " + config->workspace +
            "`, or select another with `fedplan workspace select NAME` (workspaces: " +
            [&] {
              std::string all;
              for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
              return all;
            }() +
            ").");
    return {};
  }
  return out;
}

}  // namespace fedplan
