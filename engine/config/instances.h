// Instances: what count and for_each make of the module tree. A module call becomes module
// instances, a resource block becomes resource instances, each with its address and binding.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "engine/addrs/address.h"
#include "engine/config/config.h"

namespace fedplan {

// The `each` and `count` values visible inside a counted or for_each'd block.
struct Binding {
  bool has_each = false;
  Value each_key;
  Value each_value;
  std::optional<int64_t> count_index;
};

// One instance of a module: the root, or one key of a module call.
struct ModuleInstance {
  ModulePath path;
  const Module* module = nullptr;
  const ModuleCall* call = nullptr;  // null for the root
  const ModuleInstance* parent = nullptr;
  Binding binding;  // of the call, for evaluating its arguments in the parent
};

// How a resource block was expanded.
enum class Expansion : uint8_t { Single, Count, ForEach };

// One instance of a resource or data source, ready for the graph and the planner.
struct ResourceInstance {
  InstanceAddr addr;
  const Resource* resource = nullptr;
  const ModuleInstance* module = nullptr;
  Binding binding;
  ProviderAddr provider;
};

// One provider configuration in use: declared in a module, or implied (empty) in the root.
struct ProviderInstance {
  ProviderAddr addr;
  const ProviderConfig* config = nullptr;  // null: implied, no block
  const ModuleInstance* module = nullptr;  // where the block is (the root when implied)
};

// The instance keys of one resource block in one module instance.
struct ResourceKeys {
  Expansion expansion = Expansion::Single;
  std::vector<InstanceKey> keys;
};

// Everything count and for_each expanded to.
struct Instances {
  std::vector<std::unique_ptr<ModuleInstance>> modules;  // parents before children
  std::vector<ResourceInstance> resources;               // in module, then declaration order
  std::map<ResourceAddr, ResourceKeys> keys;
  std::map<ProviderAddr, ProviderInstance> providers;

  const ModuleInstance* root() const { return modules.empty() ? nullptr : modules.front().get(); }
};

}  // namespace fedplan
