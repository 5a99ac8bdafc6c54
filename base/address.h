// Addresses of modules, resources, instances and providers, as values with a parser and a
// printer: `module.fed.kube_object.peer["mesh1"]`, `data.kube_object.ca`, `kube.mesh1`.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedplan {

// Which instance of a counted or for_each'd object: none, `[3]` or `["key"]`.
struct InstanceKey {
  enum class Kind : uint8_t { None, Int, String };
  Kind kind = Kind::None;
  int64_t index = 0;
  std::string key;

  static InstanceKey none() { return {}; }
  static InstanceKey of(int64_t i) { return {Kind::Int, i, {}}; }
  static InstanceKey of(std::string s) { return {Kind::String, 0, std::move(s)}; }
  bool empty() const { return kind == Kind::None; }
  std::string to_string() const;  // "", "[3]", "[\"key\"]"
  auto operator<=>(const InstanceKey&) const = default;
};

// One step of a module path: `module.NAME` with an optional instance key.
struct ModuleStep {
  std::string name;
  InstanceKey key;
  auto operator<=>(const ModuleStep&) const = default;
};

// A path from the root module down; empty means the root module.
struct ModulePath {
  std::vector<ModuleStep> steps;

  bool root() const { return steps.empty(); }
  ModulePath child(std::string name, InstanceKey key = {}) const;
  std::string to_string() const;  // "module.a.module.b[\"k\"]" or "" for the root
  // True when `other` is this path or lies below it.
  bool contains(const ModulePath& other) const;
  auto operator<=>(const ModulePath&) const = default;
};

enum class ResourceMode : uint8_t { Managed, Data };

// A resource or data block in one module instance, before count/for_each expansion.
struct ResourceAddr {
  ModulePath module;
  ResourceMode mode = ResourceMode::Managed;
  std::string type;
  std::string name;

  std::string to_string() const;  // "module.a.data.kube_object.ca"
  // "kube_object.peer" / "data.kube_object.ca" without the module path.
  std::string local_string() const;
  auto operator<=>(const ResourceAddr&) const = default;
};

// One instance of a resource: the unit the planner diffs and the state records.
struct InstanceAddr {
  ResourceAddr resource;
  InstanceKey key;

  std::string to_string() const;
  auto operator<=>(const InstanceAddr&) const = default;
};

// A configured provider: `kube.mesh1` in the root, `module.f.kube.a` inside a module.
// An empty alias is the default configuration of that provider type (`firewalld`); `key` is
// the instance of a provider block with for_each (`kube.cluster["east"]`).
struct ProviderAddr {
  ModulePath module;
  std::string type;
  std::string alias;
  InstanceKey key;

  std::string to_string() const;
  auto operator<=>(const ProviderAddr&) const = default;
};

// What `-target` and `-replace` name: a module, a resource (all its instances) or one
// instance. `resource` unset means the whole module path.
struct TargetAddr {
  ModulePath module;
  std::optional<ResourceAddr> resource;  // module inside is the same as `module`
  std::optional<InstanceKey> key;        // set only with `resource`

  std::string to_string() const;
  bool contains(const InstanceAddr& addr) const;
};

// Parsers. On failure they return nullopt and set `err` to a sentence naming the problem
// and the column (1-based) where it is.
std::optional<TargetAddr> parse_target(std::string_view text, std::string* err);
std::optional<InstanceAddr> parse_instance(std::string_view text, std::string* err);
std::optional<ProviderAddr> parse_provider(std::string_view text, std::string* err);

}  // namespace fedplan
