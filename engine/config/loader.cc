// Loading a module tree from directories: read, parse, decode, recurse into module calls,
// then check references once the whole tree is known (outputs of children included).
#include "engine/config/loader.h"

#include <algorithm>
#include <filesystem>

#include "base/files.h"
#include "base/quote.h"
#include "engine/config/check.h"
#include "engine/config/decode.h"
#include "lang/parser.h"

namespace fs = std::filesystem;

namespace fedplan {

std::vector<std::string> config_files(const std::string& dir) {
  return files_ending_with(dir, {".fed.hcl"});
}

namespace {

// `../../modules/x` relative to `dir`, written as the user would read it.
std::string join_dir(const std::string& dir, const std::string& source) {
  return (fs::path(dir) / source).lexically_normal().string();
}

struct Loader {
  const LoadOptions& options;
  Config& config;
  Diagnostics& diags;
  std::vector<std::string> stack;  // canonical dirs being loaded, to catch recursion
  size_t loaded = 0;               // module calls loaded so far, for ConfigLimits::modules

  std::unique_ptr<Module> load(const std::string& dir, const Span* called_from) {
    std::error_code ec;
    std::string canonical = fs::weakly_canonical(dir, ec).string();
    if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
      diags.error("Module calls itself",
                  "The module in \"" + dir +
                      "\" is already being loaded higher up in the tree; "
                      "a module cannot include itself.",
                  called_from ? std::optional<SourceRange>(*called_from) : std::nullopt);
      return nullptr;
    }
    if (!fs::is_directory(dir, ec)) {
      diags.error(called_from ? "Module source not found" : "Configuration directory not found",
                  "\"" + dir + "\" is not a directory.",
                  called_from ? std::optional<SourceRange>(*called_from) : std::nullopt);
      return nullptr;
    }
    std::vector<std::string> files = config_files(dir);
    if (files.empty()) {
      diags.error("No configuration files", "\"" + dir + "\" contains no *.fed.hcl files.",
                  called_from ? std::optional<SourceRange>(*called_from) : std::nullopt);
      return nullptr;
    }
    auto module = std::make_unique<Module>();
    module->dir = dir;
    for (const std::string& path : files) {
      std::string content, err;
      if (!read_file(path, &content, &err)) {
        diags.error("Cannot read configuration file", err + ".");
        continue;
      }
      auto text = std::make_shared<const std::string>(std::move(content));
      config.sources.add(path, text);
      config.files_read.emplace_back(path, text);
      auto file = std::make_shared<File>(parse_file(*text, path, diags));
      decode_file(*file, *module, options.provider_types, diags);
      module->files.push_back(std::move(file));
    }
    stack.push_back(canonical);
    for (auto& [name, call] : module->calls) {
      if (!(call.source.rfind("./", 0) == 0 || call.source.rfind("../", 0) == 0)) {
        diags.error("Unsupported module source",
                    "Module sources are local directories written as relative paths starting "
                    "with ./ or ../, like \"../../modules/mesh-peering\".",
                    call.source_span);
        continue;
      }
      call.dir = join_dir(dir, call.source);
      if (!within_limits(call)) continue;
      if (auto child = load(call.dir, &call.source_span)) {
        if (child->backend)
          diags.warning("Backend configuration ignored",
                        "Only the root module's backend block says where the state lives; "
                        "this one, in module " +
                            quote(name) + ", is ignored.",
                        child->backend->span);
        module->children[name] = std::move(child);
      }
    }
    stack.pop_back();
    return module;
  }

  // Each call is loaded (and later expanded) on its own, so a few calls per level nested a
  // few levels deep multiply: refuse the call that goes past a limit, before reading it.
  bool within_limits(const ModuleCall& call) {
    const ConfigLimits& limits = options.limits;
    if (stack.size() > limits.module_depth) {
      diags.error("Modules nest too deep",
                  "The module \"" + call.name + "\" would be nested " +
                      std::to_string(stack.size()) + " module calls deep; the limit is " +
                      std::to_string(limits.module_depth) + ".",
                  call.span);
      return false;
    }
    if (++loaded > limits.modules) {
      if (loaded == limits.modules + 1)
        diags.error("Too many modules",
                    "Loading the module \"" + call.name + "\" goes past the limit of " +
                        std::to_string(limits.modules) +
                        " module calls in one configuration (each call is loaded on its own).",
                    call.span);
      return false;
    }
    return true;
  }
};

}  // namespace

Config load_config(const std::string& dir, const LoadOptions& options, Diagnostics& diags) {
  Config config;
  config.limits = options.limits;
  Loader loader{options, config, diags, {}};
  config.root = loader.load(dir, nullptr);
  if (config.root) check_references(*config.root, diags);
  return config;
}

}  // namespace fedplan
