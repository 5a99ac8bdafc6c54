// Configuration generated for import targets (`fedplan plan -generate-config-out=FILE`): a
// resource block for each import block whose `to` has none, written from the imported object.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/loaded_config.h"
#include "engine/plan/provider_set.h"

namespace fedplan {

// What generation made: the file's text ("" when every import target has its resource block)
// and the resources it declares.
struct GeneratedConfig {
  std::string text;
  std::vector<InstanceAddr> resources;
};

// For each import (for_each expanded) whose `to` resource has no block in the root module:
// configures the provider (the block's `provider`, else the type's default one), imports and
// reads the object, and writes its resource block (resource_block_config) after a header, in
// `fedplan fmt` style. Errors: a target in a module or with an instance key (generation is for
// single root resources, as Terraform's), an unknown type, an object the provider cannot find.
GeneratedConfig generate_import_config(const LoadedConfig& cfg, ProviderSet& providers,
                                       const std::vector<std::string>& provider_types,
                                       Diagnostics& diags);

// One resource block for `addr` from the imported `state`: `provider = REF` when `provider` is
// not "", then every attribute and nested block the schema lets a configuration set (not the
// read-only computed ones) that is not null, in schema order; sensitive ones (by schema or
// mark) are written `null # sensitive`. Preceded by `# __generated__ by fedplan from "ID"`.
std::string resource_block_config(const InstanceAddr& addr, const std::string& provider,
                                  const std::string& id, const ResourceSchema& schema,
                                  const Value& state);

}  // namespace fedplan
