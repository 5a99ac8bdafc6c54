// LoadedConfig: one configuration directory loaded for a command — config, root inputs,
// expanded instances and the graph — plus the static validation walk behind `validate`.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/evaluator.h"
#include "engine/config/inputs.h"
#include "engine/config/instances.h"
#include "engine/config/loader.h"
#include "engine/graph/graph.h"
#include "providers/provider.h"

namespace fedplan {

// What a command needs from the outside to load a configuration.
struct LoadedConfigOptions {
  std::string dir = ".";
  InputFlags inputs;
  // Environment variables (for FEDPLAN_VAR_* and env()); empty function: none.
  std::function<std::vector<std::pair<std::string, std::string>>()> environment;
  FunctionContext functions;
};

// A loaded, expanded configuration and its graph.
struct LoadedConfig {
  Config config;
  InputValues inputs;
  Instances instances;
  Graph graph;
  FunctionContext functions;
};

// Loads, collects inputs, expands and builds the graph. Returns false when errors stop it
// (they are in `diags`); `cfg.config.sources` is filled either way for rendering.
bool load_configuration(const LoadedConfigOptions& options, const ProviderRegistry& registry,
                        LoadedConfig& cfg, Diagnostics& diags);

// Checks everything that can be checked without contacting anything: every value is
// evaluated with resources unknown, arguments against provider schemas, provider validate().
void validate_configuration(const LoadedConfig& cfg, const ProviderRegistry& registry,
                            Diagnostics& diags);

// SHA-256 (hex) over the path and text of every configuration file read, in load order.
std::string config_digest(const Config& config);

// The schema of a resource or data source type from the registry, or nullptr.
const ResourceSchema* find_schema(const ProviderRegistry& registry,
                                  std::map<std::string, std::unique_ptr<Provider>>& cache,
                                  const std::string& provider_type, ResourceMode mode,
                                  const std::string& type);

}  // namespace fedplan
