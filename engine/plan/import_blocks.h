// The root module's import blocks expanded: for_each elements each give one (address, ID)
// pair, with the ID evaluated; shared by the plan's import check and config generation.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/loaded_config.h"

namespace fedplan {

// One object an import block asks to adopt.
struct ExpandedImport {
  InstanceAddr to;
  std::string id;
  const ImportBlock* block = nullptr;
  // The instance of the block's `provider` (kube.cluster[each.key] evaluated), or none.
  InstanceKey provider_key;
};

// Every import of the root module's blocks, for_each expanded (its keys must be known at plan
// time: a map, a set of strings or a list). Errors: an import block outside the root module,
// an unknown or invalid for_each, a key (of `to` or of `provider`) that is not a string or whole
// number known at plan time, an ID that is not a known non-empty string. Blocks with errors give
// nothing.
std::vector<ExpandedImport> expand_import_blocks(const LoadedConfig& cfg, Diagnostics& diags);

}  // namespace fedplan
