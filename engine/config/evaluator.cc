// ConfigEvaluator: scopes and root-name resolution per module instance, memoized variables, locals
// and outputs with cycle detection, and variable type conversion and validation.
#include "engine/config/evaluator.h"

#include <filesystem>

#include "engine/config/conditions.h"
#include "lang/template.h"

namespace fedplan {

ConfigEvaluator::ConfigEvaluator(const Config& config, const InputValues& inputs,
                                 const InstanceValues* values, FunctionContext functions)
    : config_(config), inputs_(inputs), values_(values), functions_(std::move(functions)) {}

void ConfigEvaluator::use_instances(const Instances* instances) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  instances_ = instances;
  index_children(*instances);
}

void ConfigEvaluator::index_children(const Instances& instances) {
  children_.clear();
  for (const auto& m : instances.modules)
    if (m->parent) children_[m->parent][m->call->name].push_back(m.get());
}

EvalContext ConfigEvaluator::context(const ModuleInstance& mi, const Binding& binding) {
  EvalContext ctx;
  ctx.functions = functions_;
  // Relative paths in file() and templatefile() are taken from the working directory, as in
  // Terraform: modules write "${path.module}/x" (path.module is relative to it).
  ctx.functions.render_template = template_renderer(ctx.functions);
  ctx.resolver = [this, &mi, binding](const Traversal& t, Diagnostics& diags) {
    return resolve(mi, binding, t, diags);
  };
  ctx.resolver_roots = {"var", "local", "module", "data", "path"};
  if (binding.has_each) ctx.resolver_roots.push_back("each");
  if (binding.count_index) ctx.resolver_roots.push_back("count");
  return ctx;
}

Value ConfigEvaluator::evaluate(const ModuleInstance& mi, const Expr& e, const Binding& binding,
                                Diagnostics& diags) {
  return fedplan::evaluate(e, context(mi, binding), diags);
}

Value ConfigEvaluator::evaluate(const ModuleInstance& mi, const Expr& e, const Binding& binding,
                                const ValueMap& names, Diagnostics& diags) {
  EvalContext ctx = context(mi, binding);
  ctx.variables = names;
  return fedplan::evaluate(e, ctx, diags);
}

namespace {

bool attr_at(const Traversal& t, size_t i) {
  return t.steps.size() > i && t.steps[i].kind == TraversalStep::Kind::Attr;
}

std::string range_text(const Span& s) {
  SourceRange r = s;
  return r.file + ":" + std::to_string(r.start.line);
}

}  // namespace

Value ConfigEvaluator::each_value(const Binding& b, Diagnostics& diags) {
  if (!b.for_each || !values_ || b.each_value.wholly_known()) return b.each_value;
  // Evaluated once per walk; the keys cannot have changed (they were known at expansion).
  MemoKey key{b.for_each_scope, 'f', std::to_string(reinterpret_cast<uintptr_t>(b.for_each))};
  Value all = memoized(
      key, b.for_each->span, "for_each",
      [&] { return evaluate(*b.for_each_scope, *b.for_each, Binding{}, diags); }, diags);
  const Value* v = all.known() && all.is_mapping() ? all.get(b.each_key.as_string()) : nullptr;
  return v ? *v : b.each_value;
}

Resolved ConfigEvaluator::resolve(const ModuleInstance& mi, const Binding& binding,
                                  const Traversal& t, Diagnostics& diags) {
  const std::string& root = t.root;
  if (root == "var" && attr_at(t, 0))
    return Resolved::found(variable(mi, t.steps[0].name, diags), 1);
  if (root == "local" && attr_at(t, 0))
    return Resolved::found(local(mi, t.steps[0].name, diags), 1);
  if (root == "each" && binding.has_each && attr_at(t, 0)) {
    if (t.steps[0].name == "key") return Resolved::found(binding.each_key, 1);
    if (t.steps[0].name == "value") return Resolved::found(each_value(binding, diags), 1);
  }
  if (root == "count" && binding.count_index && attr_at(t, 0) && t.steps[0].name == "index")
    return Resolved::found(Value::number(static_cast<double>(*binding.count_index)), 1);
  if (root == "path" && attr_at(t, 0)) {
    const std::string& what = t.steps[0].name;
    std::error_code ec;
    if (what == "module") return Resolved::found(Value::string(mi.module->dir), 1);
    if (what == "root") return Resolved::found(Value::string(config_.root->dir), 1);
    if (what == "cwd")
      return Resolved::found(Value::string(std::filesystem::current_path(ec).string()), 1);
  }
  if (root == "module" && attr_at(t, 0)) {
    size_t consumed = 0;
    Value v = module_value(mi, t, &consumed, diags);
    return Resolved::found(std::move(v), consumed);
  }
  if (root == "data" && attr_at(t, 0) && attr_at(t, 1) &&
      mi.module->find_resource(ResourceMode::Data, t.steps[0].name, t.steps[1].name)) {
    size_t consumed = 2;
    Value v =
        resource_value(mi, ResourceMode::Data, t.steps[0].name, t.steps[1].name, t, &consumed);
    return Resolved::found(std::move(v), consumed);
  }
  if (attr_at(t, 0) && mi.module->find_resource(ResourceMode::Managed, root, t.steps[0].name)) {
    size_t consumed = 1;
    Value v = resource_value(mi, ResourceMode::Managed, root, t.steps[0].name, t, &consumed);
    return Resolved::found(std::move(v), consumed);
  }
  // Static checks reported anything else already; keep evaluation quiet.
  (void)diags;
  return Resolved::found(Value::unknown(), t.steps.size());
}

Value ConfigEvaluator::resource_value(const ModuleInstance& mi, ResourceMode mode,
                                      const std::string& type, const std::string& name,
                                      const Traversal& t, size_t* consumed) {
  ResourceAddr addr{mi.path, mode, type, name};
  const ResourceKeys* keys = nullptr;
  if (instances_) {
    auto it = instances_->keys.find(addr);
    if (it != instances_->keys.end()) keys = &it->second;
  }
  if (!keys) return Value::unknown();
  auto one = [&](const InstanceKey& k) -> Value {
    if (values_) {
      if (auto v = values_->get(InstanceAddr{addr, k})) return *v;
    }
    return Value::unknown(ValueKind::Object);
  };
  // `a.b[KEY]`: only that instance, so a reference from each of N instances stays O(1).
  size_t at = *consumed;
  if (t.steps.size() > at && t.steps[at].kind == TraversalStep::Kind::Index) {
    int i = keys->find(t.steps[at].key);
    if (i >= 0) {
      *consumed = at + 1;
      return one(keys->keys[static_cast<size_t>(i)]);
    }
  }
  switch (keys->expansion) {
    case Expansion::Single:
      return keys->keys.empty() ? Value() : one(keys->keys[0]);
    case Expansion::Count: {
      ValueList items;
      for (const InstanceKey& k : keys->keys) items.push_back(one(k));
      return Value::tuple(std::move(items));
    }
    case Expansion::ForEach: {
      ValueMap items;
      for (const InstanceKey& k : keys->keys) items.emplace(k.key, one(k));
      return Value::object(std::move(items));
    }
  }
  return Value::unknown();
}

Value ConfigEvaluator::module_value(const ModuleInstance& mi, const Traversal& t, size_t* consumed,
                                    Diagnostics& diags) {
  const std::string& call_name = t.steps[0].name;
  auto call_it = mi.module->calls.find(call_name);
  std::vector<const ModuleInstance*> kids;
  {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    auto p = children_.find(&mi);
    if (p != children_.end()) {
      auto c = p->second.find(call_name);
      if (c != p->second.end()) kids = c->second;
    }
  }
  *consumed = 1;
  if (call_it == mi.module->calls.end()) return Value::unknown();
  const ModuleCall& call = call_it->second;
  auto outputs_of = [&](const ModuleInstance& child) {
    ValueMap outs;
    for (const auto& [name, o] : child.module->outputs)
      outs.emplace(name, output(child, name, diags));
    return Value::object(std::move(outs));
  };
  if (!call.count && !call.for_each) {
    if (kids.empty()) return Value::unknown(ValueKind::Object);
    if (attr_at(t, 1) && kids[0]->module->outputs.count(t.steps[1].name)) {
      *consumed = 2;
      return output(*kids[0], t.steps[1].name, diags);
    }
    return outputs_of(*kids[0]);
  }
  if (kids.empty() && !instances_) return Value::unknown();
  if (call.count) {
    ValueList items;
    for (const ModuleInstance* k : kids) items.push_back(outputs_of(*k));
    return Value::tuple(std::move(items));
  }
  ValueMap items;
  for (const ModuleInstance* k : kids) {
    const ModuleStep& step = k->path.steps.back();
    items.emplace(step.key.key, outputs_of(*k));
  }
  return Value::object(std::move(items));
}

bool ConfigEvaluator::memo_hit(const MemoKey& key, Value* out) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  auto it = memo_.find(key);
  if (it == memo_.end()) return false;
  *out = it->second;
  return true;
}

Value ConfigEvaluator::memoized(const MemoKey& key, const Span& span, const std::string& what,
                                const std::function<Value()>& compute, Diagnostics& diags) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  for (size_t i = 0; i < in_progress_.size(); ++i) {
    if (in_progress_[i].first != key) continue;
    std::string chain;
    for (size_t j = i; j < in_progress_.size(); ++j) chain += in_progress_[j].second + " -> ";
    diags.error("Cycle in values", "Each of these refers to the next: " + chain + what + ".", span);
    return Value::unknown();
  }
  in_progress_.emplace_back(key, what);
  Value v = compute();
  in_progress_.pop_back();
  memo_[key] = v;
  return v;
}

Value ConfigEvaluator::variable(const ModuleInstance& mi, const std::string& name,
                                Diagnostics& diags) {
  auto it = mi.module->variables.find(name);
  if (it == mi.module->variables.end()) return Value::unknown();
  const Variable& v = it->second;
  MemoKey key{&mi, 'v', name};
  if (Value hit; memo_hit(key, &hit)) return hit;  // the common case: no address to build
  std::string prefix = mi.path.to_string();
  return memoized(
      key, v.span, (prefix.empty() ? "" : prefix + ".") + "var." + name,
      [&] { return evaluate_variable(mi, v, diags); }, diags);
}

Value ConfigEvaluator::local(const ModuleInstance& mi, const std::string& name,
                             Diagnostics& diags) {
  auto it = mi.module->locals.find(name);
  if (it == mi.module->locals.end()) return Value::unknown();
  const Local& l = it->second;
  MemoKey key{&mi, 'l', name};
  if (Value hit; memo_hit(key, &hit)) return hit;
  std::string prefix = mi.path.to_string();
  return memoized(
      key, l.span, (prefix.empty() ? "" : prefix + ".") + "local." + name,
      [&] { return evaluate(mi, *l.expr, Binding{}, diags); }, diags);
}

Value ConfigEvaluator::output(const ModuleInstance& mi, const std::string& name,
                              Diagnostics& diags) {
  auto it = mi.module->outputs.find(name);
  if (it == mi.module->outputs.end()) return Value::unknown();
  const Output& o = it->second;
  MemoKey key{&mi, 'o', name};
  if (Value hit; memo_hit(key, &hit)) return hit;
  std::string prefix = mi.path.to_string();
  return memoized(
      key, o.span, (prefix.empty() ? "" : prefix + ".") + "output." + name,
      [&] {
        // Terraform checks an output's preconditions before taking its value.
        if (check_output_preconditions(*this, mi, o, diags) == ConditionsResult::Failed)
          return Value::unknown();
        Value v = evaluate(mi, *o.value, Binding{}, diags);
        if (o.sensitive) return v.mark_sensitive();
        if (!mi.call && v.contains_sensitive()) {
          diags.error("Output refers to sensitive values",
                      "The root output \"" + o.name +
                          "\" would show a sensitive value; set `sensitive = true` on it to "
                          "confirm it may be shown only as (sensitive value).",
                      o.span);
        }
        return v;
      },
      diags);
}

Value ConfigEvaluator::evaluate_variable(const ModuleInstance& mi, const Variable& v,
                                         Diagnostics& diags) {
  Value raw;
  bool given = false;
  std::string source;
  std::optional<SourceRange> where;
  if (!mi.call) {
    if (auto it = inputs_.find(v.name); it != inputs_.end()) {
      raw = it->second.value;
      given = true;
      source = it->second.source;
      where = it->second.range;
    }
  } else {
    for (const Attribute* a : mi.call->inputs) {
      if (a->name != v.name) continue;
      raw = evaluate(*mi.parent, *a->expr, mi.binding, diags);
      given = true;
      source = "module \"" + mi.call->name + "\"";
      where = a->expr->span.range();
    }
  }
  if (!given || (raw.is_null() && !v.nullable && v.default_expr)) {
    if (!v.default_expr) {
      diags.error("No value for required variable",
                  "The root variable \"" + v.name + "\" has no default; set it with -var " +
                      v.name +
                      "=..., a -var-file, or "
                      "the FEDPLAN_VAR_" +
                      v.name + " environment variable.",
                  v.span);
      return Value::unknown();
    }
    EvalContext constant;
    raw = fedplan::evaluate(*v.default_expr, constant, diags);
    source = "default";
    where = v.default_expr->span.range();
  }
  if (raw.is_null() && !v.nullable) {
    diags.error("Invalid value for variable",
                "The variable \"" + v.name + "\" does not accept null (nullable = false).",
                where ? where : std::optional<SourceRange>(v.span));
    return Value::unknown();
  }
  ConvertResult converted = convert(raw, v.type);
  if (!converted.error.empty()) {
    diags.error("Invalid value for variable",
                "The value for \"" + v.name + "\" (from " + source + ") is not a " +
                    v.type.to_string() + ": " + converted.error + ".",
                where ? where : std::optional<SourceRange>(v.span));
    return Value::unknown();
  }
  Value value = v.sensitive ? converted.value.mark_sensitive() : converted.value;
  bool valid = true;
  for (const VariableValidation& val : v.validations) {
    EvalContext ctx = context(mi, Binding{});
    ctx.resolver = [&](const Traversal& t, Diagnostics&) {
      if (t.root == "var" && attr_at(t, 0) && t.steps[0].name == v.name)
        return Resolved::found(value, 1);
      return Resolved::found(Value::unknown(), t.steps.size());
    };
    Value ok = fedplan::evaluate(*val.condition, ctx, diags);
    if (!ok.known()) continue;
    if (ok.kind() != ValueKind::Bool) {
      diags.error("Invalid validation condition", "The condition must be true or false.",
                  val.condition->span);
      continue;
    }
    if (ok.as_bool()) continue;
    Value msg = fedplan::evaluate(*val.error_message, ctx, diags);
    std::string text = msg.known() && msg.kind() == ValueKind::String && !msg.sensitive()
                           ? msg.as_string()
                           : "validation failed";
    diags.error("Invalid value for variable",
                text + "\n\nThis was checked by the validation rule at " + range_text(val.span) +
                    " (value from " + source + ").",
                where ? where : std::optional<SourceRange>(v.span));
    valid = false;
  }
  // A value its own rules refuse goes no further: what uses it sees an unknown, not errors
  // that only repeat this one.
  return valid ? value : Value::unknown();
}

}  // namespace fedplan
