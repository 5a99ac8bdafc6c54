// ConfigEvaluator: the values of variables, locals, outputs, provider and resource arguments in
// each module instance, and the expansion of count/for_each. Memoized per walk, thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "engine/config/inputs.h"
#include "engine/config/instances.h"
#include "lang/eval.h"
#include "lang/schema.h"

namespace fedplan {

// Supplies what is known of resource instances (planned, applied or recorded values).
// Implementations must be safe to call from several threads.
class InstanceValues {
 public:
  virtual ~InstanceValues() = default;
  // The instance's value, or nullopt when nothing is known yet (it is then unknown).
  virtual std::optional<Value> get(const InstanceAddr& addr) const = 0;
};

// Computes values for one walk over the configuration (validate, plan or apply). Values are
// memoized: create a new ConfigEvaluator for each walk.
class ConfigEvaluator {
 public:
  // `values` may be null: every resource is then unknown (validate, expansion).
  // `functions` is the base function context (file reader, environment); base_dir is set per
  // module.
  ConfigEvaluator(const Config& config, const InputValues& inputs, const InstanceValues* values,
                  FunctionContext functions);

  // Expands module calls and resources. count/for_each must be known without applying.
  // Returns false (with diagnostics) when something could not be expanded.
  bool expand(Instances* out, Diagnostics& diags);

  // The instances from the last successful expand(): needed to build resource values.
  void use_instances(const Instances* instances);

  Value variable(const ModuleInstance& mi, const std::string& name, Diagnostics& diags);
  Value local(const ModuleInstance& mi, const std::string& name, Diagnostics& diags);
  Value output(const ModuleInstance& mi, const std::string& name, Diagnostics& diags);

  // Evaluates an expression of module instance `mi` with `binding` for each/count.
  Value evaluate(const ModuleInstance& mi, const Expr& e, const Binding& binding,
                 Diagnostics& diags);
  // The same with `names` in scope before every other root name (`self` in a postcondition).
  Value evaluate(const ModuleInstance& mi, const Expr& e, const Binding& binding,
                 const ValueMap& names, Diagnostics& diags);

  // The object a resource instance's arguments make, shaped by `schema` when given: unknown
  // arguments and blocks are errors, absent ones are null, values converted to their types.
  Value resource_config(const ResourceInstance& ri, const ResourceSchema* schema,
                        Diagnostics& diags);
  // The object of a provider block's arguments (empty object for an implied provider).
  Value provider_config(const ProviderInstance& pi, const ResourceSchema* schema,
                        Diagnostics& diags);

 private:
  using MemoKey = std::tuple<const ModuleInstance*, char, std::string>;

  EvalContext context(const ModuleInstance& mi, const Binding& binding);
  Resolved resolve(const ModuleInstance& mi, const Binding& binding, const Traversal& t,
                   Diagnostics& diags);
  // each.value, evaluated again when it was not wholly known at expansion.
  Value each_value(const Binding& b, Diagnostics& diags);
  // The value of a resource's instances; when the traversal step after the first
  // `*consumed` steps is a key naming one instance, that instance alone (consuming it).
  Value resource_value(const ModuleInstance& mi, ResourceMode mode, const std::string& type,
                       const std::string& name, const Traversal& t, size_t* consumed);
  Value module_value(const ModuleInstance& mi, const Traversal& t, size_t* consumed,
                     Diagnostics& diags);
  // The memoized value of `key`, if computed already.
  bool memo_hit(const MemoKey& key, Value* out);
  // Runs `compute` once per key, reporting a cycle if it re-enters itself.
  Value memoized(const MemoKey& key, const Span& span, const std::string& what,
                 const std::function<Value()>& compute, Diagnostics& diags);
  Value evaluate_variable(const ModuleInstance& mi, const Variable& v, Diagnostics& diags);
  Value evaluate_body(const ModuleInstance& mi, const std::vector<const Attribute*>& attributes,
                      const std::vector<const Block*>& blocks, const Binding& binding,
                      const ResourceSchema* schema, const Span& where, Diagnostics& diags);
  // The provider instance `ref` names in `mi` (its index evaluated with `binding`), following
  // module calls' `providers` up to the block; engine/config/provider_instances.cc.
  ProviderAddr provider_for(const ModuleInstance& mi, const ProviderRef& ref,
                            const Binding& binding, Instances* out, Diagnostics& diags);
  // Every provider block of every module instance, one instance per for_each key.
  void expand_providers(Instances* out, Diagnostics& diags);
  // What one block may still make: `used` of the `total` ConfigLimits allows of `noun`, and no
  // more than ConfigLimits::instances_per_block; `span` is the block's, for messages.
  struct Budget {
    size_t used = 0;
    size_t total = 0;
    const char* noun = "";
    Span span;
  };
  // OverLimit: the block was refused for a limit, and every later block would be too.
  enum class KeysResult { Expanded, Failed, OverLimit };
  // `unknown_detail` explains an unknown count or for_each (null: the resources' advice).
  KeysResult expand_keys(const ModuleInstance& mi, const ExprPtr& count, const ExprPtr& for_each,
                         const Budget& budget, ResourceKeys* keys, std::vector<Binding>* bindings,
                         Diagnostics& diags, const char* unknown_detail = nullptr);

  const Config& config_;
  const InputValues& inputs_;
  const InstanceValues* values_;
  FunctionContext functions_;
  const Instances* instances_ = nullptr;
  // Module instances by parent and call name, for `module.NAME` references.
  std::map<const ModuleInstance*, std::map<std::string, std::vector<const ModuleInstance*>>>
      children_;
  void index_children(const Instances& instances);

  std::recursive_mutex mu_;
  std::map<MemoKey, Value> memo_;
  std::vector<std::pair<MemoKey, std::string>> in_progress_;
};

}  // namespace fedplan
