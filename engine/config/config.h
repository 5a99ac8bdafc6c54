// Config: what the user wrote, one Module per directory, decoded from the AST into plain
// structs. Expressions stay as AST (evaluated later, per module instance).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/address.h"
#include "lang/ast.h"
#include "lang/types.h"

namespace fedplan {

// `validation { condition = ..., error_message = ... }` inside a variable.
struct VariableValidation {
  ExprPtr condition;
  ExprPtr error_message;
  Span span;
};

// `variable "NAME" { type, default, description, sensitive, nullable, validation }`.
struct Variable {
  std::string name;
  Span span;  // the block header
  Type type = Type::any();
  bool type_given = false;
  ExprPtr default_expr;  // null when required
  std::string description;
  bool sensitive = false;
  bool nullable = true;
  std::vector<VariableValidation> validations;
};

// One entry of a `locals { NAME = expr }` block.
struct Local {
  std::string name;
  ExprPtr expr;
  Span span;
};

// `precondition`, `postcondition` (in a lifecycle block or an output) or `assert` (in a
// check block): `{ condition = ..., error_message = ... }`. See engine/config/conditions.h.
struct Condition {
  ExprPtr condition;
  ExprPtr error_message;
  Span span;
};

// `output "NAME" { value, sensitive, description, depends_on, precondition {} }`.
struct Output {
  std::string name;
  Span span;
  ExprPtr value;
  bool sensitive = false;
  std::string description;
  std::vector<Traversal> depends_on;
  std::vector<Condition> preconditions;  // checked before the value is taken
};

// `provider "TYPE" "ALIAS" { for_each = ..., ... }`; an empty alias is the provider's default
// configuration. With for_each (only with an alias) the block makes one instance per key.
struct ProviderConfig {
  std::string type;
  std::string alias;
  Span span;
  const Body* body = nullptr;  // the arguments, evaluated in the module's scope
  ExprPtr for_each;            // null when the block is a single configuration
};

// A reference to a provider configuration as written: `kube.mesh1`, `firewalld`, or one
// instance of a for_each'd block, `kube.cluster["east"]` / `kube.cluster[each.key]`.
struct ProviderRef {
  std::string type;
  std::string alias;
  Span span;
  ExprPtr key;  // the index, evaluated where the reference is; null when none is written

  std::string to_string() const { return alias.empty() ? type : type + "." + alias; }
  bool operator==(const ProviderRef& o) const { return type == o.type && alias == o.alias; }
};

// `module "NAME" { source, providers, count/for_each, depends_on, inputs... }`.
struct ModuleCall {
  std::string name;
  Span span;
  std::string source;  // as written
  Span source_span;
  std::string dir;  // the resolved directory of the child module
  ExprPtr count;
  ExprPtr for_each;
  std::vector<Traversal> depends_on;
  // Child's provider name (`kube.a`) -> the parent's configuration passed in (`kube.mesh1`).
  std::vector<std::pair<ProviderRef, ProviderRef>> providers;
  std::vector<const Attribute*> inputs;  // every other attribute: the child's variables
};

// `lifecycle { prevent_destroy, create_before_destroy, ignore_changes, precondition {},
// postcondition {} }`.
struct Lifecycle {
  bool prevent_destroy = false;
  bool create_before_destroy = false;
  std::vector<Traversal> ignore_changes;  // paths relative to the resource: manifest.metadata
  bool ignore_all_changes = false;        // ignore_changes = all
  std::vector<Condition> preconditions;
  std::vector<Condition> postconditions;  // `self` is the instance
};

// `resource "TYPE" "NAME" { ... }` or `data "TYPE" "NAME" { ... }`.
struct Resource {
  ResourceMode mode = ResourceMode::Managed;
  std::string type;
  std::string name;
  Span span;
  std::optional<ProviderRef> provider;  // explicit `provider = kube.a`
  ExprPtr count;
  ExprPtr for_each;
  std::vector<Traversal> depends_on;
  Lifecycle lifecycle;
  // The provider-specific arguments: every attribute and block but the meta-arguments.
  std::vector<const Attribute*> attributes;
  std::vector<const Block*> blocks;

  // The provider type that serves this resource: the explicit provider's type, else the
  // longest known provider name that prefixes the type (`openstack_lb_pool` -> openstack_lb).
  std::string provider_type;

  std::string local_address() const {
    return (mode == ResourceMode::Data ? "data." : "") + type + "." + name;
  }
};

// `check "NAME" { assert { condition, error_message } ... }`: evaluated at the end of plan and
// apply; a failed assertion is a warning, never an error.
struct CheckBlock {
  std::string name;
  Span span;  // the block header
  std::vector<Condition> asserts;
};

// `fedplan { backend "TYPE" { KEY = literal ... } }`: where the state lives. Read only in the
// root module; its values are literals (they are needed before anything is evaluated).
struct BackendBlock {
  std::string type;
  Span span;  // the block header
  const Body* body = nullptr;
};

// `moved { from = ADDR  to = ADDR }`: the objects the state records at `from` belong at `to`
// now (a rename, into or out of a module call, between instance keys). Addresses are
// relative to the module the block is in.
struct MovedBlock {
  TargetAddr from;
  TargetAddr to;
  Span span;  // the block header
};

// `removed { from = ADDR  lifecycle { destroy = BOOL } }`: the resource or module at `from`
// left the configuration; with destroy = false its objects are forgotten, not deleted.
struct RemovedBlock {
  TargetAddr from;
  bool destroy = true;
  Span span;
};

// `import { to = ADDR  id = EXPR  provider = REF }` (root module only): adopt the existing
// object the provider knows by `id` as `to` in the next plan. With `for_each`, one import per
// element: `to = kube_object.a[each.key]` keeps its key as the expression `to_key`.
struct ImportBlock {
  InstanceAddr to;  // with to_key: the resource, its key left empty
  ExprPtr to_key;   // the key expression of `to` (only with for_each), else null
  ExprPtr for_each;
  ExprPtr id;
  std::optional<ProviderRef> provider;
  Span span;
  Span to_span;
};

// One directory of *.fed.hcl files, with the modules it calls loaded below it.
struct Module {
  std::string dir;
  std::vector<std::shared_ptr<const File>> files;
  std::map<std::string, Variable> variables;
  std::map<std::string, Local> locals;
  std::map<std::string, Output> outputs;
  std::vector<ProviderConfig> providers;
  std::map<std::string, ModuleCall> calls;
  std::map<std::string, std::unique_ptr<Module>> children;  // by call name
  // Managed resources and data sources, keyed by local address (`kube_object.a`, `data.x.y`).
  std::map<std::string, Resource> resources;
  std::optional<BackendBlock> backend;  // from a `fedplan` block
  std::map<std::string, CheckBlock> checks;
  std::vector<MovedBlock> moved;  // engine/config/refactor_blocks.cc
  std::vector<RemovedBlock> removed;
  std::vector<ImportBlock> imports;

  const ProviderConfig* find_provider(const std::string& type, const std::string& alias) const;
  const Resource* find_resource(ResourceMode mode, const std::string& type,
                                const std::string& name) const;
};

// Limits that keep a runaway count, for_each or module tree from taking all memory: beyond
// them loading or expansion stops with an error, before allocating the instances.
// docs/language.md names them; tests lower them.
struct ConfigLimits {
  size_t instances_per_block = 250'000;  // of one resource or module block, per module instance
  size_t instances = 1'000'000;          // resource and data instances in all
  size_t module_depth = 32;              // module calls inside module calls
  size_t modules = 10'000;               // module instances in all (loaded modules, too)
};

// The root module and everything read to build it.
struct Config {
  std::unique_ptr<Module> root;
  ConfigLimits limits;
  SourceFiles sources;  // every file read, for diagnostics with carets
  // Digest input: (path, text) of every file read, in load order.
  std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> files_read;
};

}  // namespace fedplan
