// Instances: what count and for_each make of the module tree. A module call becomes module
// instances, a resource block becomes resource instances, each with its address and binding.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "base/address.h"
#include "engine/config/config.h"

namespace fedplan {

struct ModuleInstance;

// The `each` and `count` values visible inside a counted or for_each'd block.
struct Binding {
  bool has_each = false;
  Value each_key;
  Value each_value;  // as known at expansion; see for_each below
  std::optional<int64_t> count_index;
  // The for_each expression and the module instance it is evaluated in. A map's keys must be
  // known at expansion but its values may become known later: each.value is then evaluated
  // again with what the walk knows.
  const Expr* for_each = nullptr;
  const ModuleInstance* for_each_scope = nullptr;
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
// A block with for_each makes one per key, each with its `each` binding.
struct ProviderInstance {
  ProviderAddr addr;
  const ProviderConfig* config = nullptr;  // null: implied, no block
  const ModuleInstance* module = nullptr;  // where the block is (the root when implied)
  Binding binding;
};

// The instance keys of one resource block in one module instance.
struct ResourceKeys {
  Expansion expansion = Expansion::Single;
  std::vector<InstanceKey> keys;  // count: 0..n-1; for_each: sorted by key

  // The position in `keys` of the instance that indexing with `key` selects (`[2]` of a
  // count, `["a"]` of a for_each), or -1 when it selects none. Constant or logarithmic time.
  int find(const Value& key) const {
    if (!key.known() || key.sensitive()) return -1;
    if (expansion == Expansion::Count && key.kind() == ValueKind::Number) {
      double n = key.as_number();
      if (n < 0 || n >= static_cast<double>(keys.size()) ||
          n != static_cast<double>(static_cast<int64_t>(n)))
        return -1;
      return static_cast<int>(n);
    }
    if (expansion == Expansion::ForEach && key.kind() == ValueKind::String) {
      InstanceKey k = InstanceKey::of(key.as_string());
      auto it = std::lower_bound(keys.begin(), keys.end(), k);
      return it != keys.end() && *it == k ? static_cast<int>(it - keys.begin()) : -1;
    }
    return -1;
  }
};

// Everything count and for_each expanded to.
struct Instances {
  std::vector<std::unique_ptr<ModuleInstance>> modules;  // parents before children
  std::vector<ResourceInstance> resources;               // in module, then declaration order
  std::map<ResourceAddr, ResourceKeys> keys;
  std::map<ProviderAddr, ProviderInstance> providers;
  // The keys of each provider block with for_each, by its address without a key.
  std::map<ProviderAddr, ResourceKeys> provider_keys;

  const ModuleInstance* root() const { return modules.empty() ? nullptr : modules.front().get(); }
};

}  // namespace fedplan
