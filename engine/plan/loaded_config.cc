// Loading a configuration (modules, inputs, instances, graph) and the static validation walk.
// Shared by validate, plan, apply, destroy and graph.
#include "engine/plan/loaded_config.h"

#include "base/digest.h"

namespace fedplan {

bool load_configuration(const LoadedConfigOptions& options, const ProviderRegistry& registry,
                        LoadedConfig& cfg, Diagnostics& diags) {
  LoadOptions load{registry.names()};
  cfg.config = load_config(options.dir, load, diags);
  cfg.functions = options.functions;
  if (!cfg.config.root || diags.has_errors()) return false;
  cfg.inputs = collect_inputs(*cfg.config.root, options.inputs, options.environment,
                              cfg.config.sources, diags);
  if (diags.has_errors()) return false;
  ConfigEvaluator expander(cfg.config, cfg.inputs, nullptr, cfg.functions);
  if (!expander.expand(&cfg.instances, diags)) return false;
  cfg.graph = build_graph(cfg.config, cfg.instances, diags);
  return !diags.has_errors();
}

std::string config_digest(const Config& config) {
  Digest digest;
  for (const auto& [path, text] : config.files_read) {
    // Length-prefixed so that moving bytes between name and content changes the digest.
    digest.update(std::to_string(path.size()) + ":" + path + ":" + std::to_string(text->size()) +
                  ":");
    digest.update(*text);
  }
  return digest.hex();
}

const ResourceSchema* find_schema(const ProviderRegistry& registry,
                                  std::map<std::string, std::unique_ptr<Provider>>& cache,
                                  const std::string& provider_type, ResourceMode mode,
                                  const std::string& type) {
  auto it = cache.find(provider_type);
  if (it == cache.end()) it = cache.emplace(provider_type, registry.create(provider_type)).first;
  if (!it->second) return nullptr;
  const ProviderSchema& schema = it->second->schema();
  return mode == ResourceMode::Data ? schema.data_source(type) : schema.resource(type);
}

void validate_configuration(const LoadedConfig& cfg, const ProviderRegistry& registry,
                            Diagnostics& diags) {
  ConfigEvaluator e(cfg.config, cfg.inputs, nullptr, cfg.functions);
  e.use_instances(&cfg.instances);
  std::map<std::string, std::unique_ptr<Provider>> providers;
  for (int n : cfg.graph.topological_order()) {
    const Node& node = cfg.graph.nodes()[n];
    switch (node.kind) {
      case NodeKind::Variable:
        e.variable(*node.module, node.name, diags);
        break;
      case NodeKind::Local:
        e.local(*node.module, node.name, diags);
        break;
      case NodeKind::Output:
        e.output(*node.module, node.name, diags);
        break;
      case NodeKind::Provider: {
        const std::string& type = node.provider->addr.type;
        auto it = providers.find(type);
        if (it == providers.end()) it = providers.emplace(type, registry.create(type)).first;
        Diagnostics cd;
        Value config = e.provider_config(*node.provider,
                                         it->second ? &it->second->schema().config : nullptr, cd);
        bool failed = cd.has_errors();
        diags.append(std::move(cd));
        if (!it->second || failed) break;
        Diagnostics pd = it->second->validate_config(config);
        for (Diagnostic& d : pd.items) {
          if (!d.range && node.provider->config) d.range = node.provider->config->span.range();
          if (d.address.empty()) d.address = "provider[" + node.provider->addr.to_string() + "]";
        }
        diags.append(std::move(pd));
        break;
      }
      case NodeKind::Resource: {
        const ResourceInstance& ri = *node.resource;
        const Resource& r = *ri.resource;
        const ResourceSchema* schema =
            find_schema(registry, providers, r.provider_type, r.mode, r.type);
        if (!schema) {
          diags.error(std::string("Unknown ") +
                          (r.mode == ResourceMode::Data ? "data source" : "resource") + " type \"" +
                          r.type + "\"",
                      "The " + r.provider_type + " provider has no " +
                          (r.mode == ResourceMode::Data ? "data source" : "resource type") +
                          " named \"" + r.type + "\".",
                      r.span);
          break;
        }
        size_t evaluated_from = diags.size();
        Value config = e.resource_config(ri, schema, diags);
        Diagnostics pd = providers[r.provider_type]->validate(
            (r.mode == ResourceMode::Data ? "data." : "") + r.type, config);
        for (Diagnostic& d : pd.items) {
          if (!d.range) d.range = r.span.range();
          if (d.address.empty()) d.address = ri.addr.to_string();
        }
        diags.append_new(std::move(pd), evaluated_from);
        break;
      }
    }
  }
}

}  // namespace fedplan
