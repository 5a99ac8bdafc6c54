// Expansion: module calls and resources with count or for_each become instances with
// addresses, and every resource instance is bound to the provider configuration it uses.
#include "engine/config/evaluator.h"

#include <algorithm>
#include <cmath>

namespace fedplan {

namespace {

const char* kUnknownForEach =
    "The value depends on something known only after apply. count and for_each must be known "
    "when planning; use values from variables and locals, or apply the resources it depends "
    "on first with -target.";

}  // namespace

ConfigEvaluator::KeysResult ConfigEvaluator::expand_keys(
    const ModuleInstance& mi, const ExprPtr& count, const ExprPtr& for_each, const Budget& budget,
    ResourceKeys* keys, std::vector<Binding>* bindings, Diagnostics& diags,
    const char* unknown_detail) {
  if (!unknown_detail) unknown_detail = kUnknownForEach;
  // The tighter of the per-block limit and what is left of the total, and the limit's words.
  size_t per_block = config_.limits.instances_per_block;
  size_t left = budget.used < budget.total ? budget.total - budget.used : 0;
  size_t max = std::min(per_block, left);
  auto limit = [&]() -> std::string {
    if (per_block <= left)
      return "one block makes at most " + std::to_string(per_block) + " instances";
    return "a configuration has at most " + std::to_string(budget.total) + " " + budget.noun +
           ", and " + std::to_string(budget.used) + " are expanded already";
  };
  keys->keys.clear();
  bindings->clear();
  if (count) {
    keys->expansion = Expansion::Count;
    Value v = evaluate(mi, *count, Binding{}, diags);
    if (!v.known()) {
      // An unknown that follows an error already reported (an invalid variable) is not news.
      if (!diags.has_errors()) diags.error("Invalid count argument", unknown_detail, count->span);
      return KeysResult::Failed;
    }
    if (v.kind() != ValueKind::Number || v.as_number() < 0 ||
        v.as_number() != std::floor(v.as_number())) {
      diags.error("Invalid count argument",
                  "count must be a whole number from 0 up, got " + debug_string(v) + ".",
                  count->span);
      return KeysResult::Failed;
    }
    if (v.as_number() > static_cast<double>(max)) {
      diags.error("Invalid count argument",
                  "count is " + debug_string(v) + ", over the limit: " + limit() + ".",
                  count->span);
      return KeysResult::OverLimit;
    }
    auto n = static_cast<int64_t>(v.as_number());
    for (int64_t i = 0; i < n; ++i) {
      keys->keys.push_back(InstanceKey::of(i));
      Binding b;
      b.count_index = i;
      bindings->push_back(std::move(b));
    }
    return KeysResult::Expanded;
  }
  if (for_each) {
    keys->expansion = Expansion::ForEach;
    Value v = evaluate(mi, *for_each, Binding{}, diags);
    if (!v.wholly_known() && !(v.known() && v.is_mapping())) {
      if (!diags.has_errors())
        diags.error("Invalid for_each argument", unknown_detail, for_each->span);
      return KeysResult::Failed;
    }
    if (v.sensitive()) {
      diags.error("Invalid for_each argument",
                  "Sensitive values cannot be used in for_each: the keys become part of "
                  "instance addresses, which are always shown.",
                  for_each->span);
      return KeysResult::Failed;
    }
    if ((v.is_mapping() || v.kind() == ValueKind::Set) && v.size() > max) {
      diags.error("Invalid for_each argument",
                  "for_each has " + std::to_string(v.size()) +
                      " elements, over the limit: " + limit() + ".",
                  for_each->span);
      return KeysResult::OverLimit;
    }
    if (v.is_mapping()) {
      for (const auto& [k, e] : v.attributes()) {
        keys->keys.push_back(InstanceKey::of(k));
        Binding b;
        b.has_each = true;
        b.each_key = Value::string(k);
        b.each_value = e;
        if (!e.wholly_known()) {
          b.for_each = for_each.get();
          b.for_each_scope = &mi;
        }
        bindings->push_back(std::move(b));
      }
      return KeysResult::Expanded;
    }
    if (v.kind() == ValueKind::Set) {
      for (const Value& e : v.elements()) {
        if (e.kind() != ValueKind::String || e.sensitive()) {
          diags.error("Invalid for_each set",
                      "A set given to for_each must hold strings, got " + e.type_name() + ".",
                      for_each->span);
          return KeysResult::Failed;
        }
        keys->keys.push_back(InstanceKey::of(e.as_string()));
        Binding b;
        b.has_each = true;
        b.each_key = e;
        b.each_value = e;
        bindings->push_back(std::move(b));
      }
      return KeysResult::Expanded;
    }
    if (v.is_null()) {
      diags.error("Invalid for_each argument", "for_each cannot be null; use {} for none.",
                  for_each->span);
      return KeysResult::Failed;
    }
    diags.error("Invalid for_each argument",
                "for_each takes a map, or a set of strings; got " + v.type_name() +
                    (v.is_sequence() ? ". Convert a list with toset(...)." : "."),
                for_each->span);
    return KeysResult::Failed;
  }
  keys->expansion = Expansion::Single;
  if (max == 0) {
    diags.error("Too many instances", "This block goes past the limit: " + limit() + ".",
                budget.span);
    return KeysResult::OverLimit;
  }
  keys->keys.push_back(InstanceKey{});
  bindings->push_back(Binding{});
  return KeysResult::Expanded;
}

bool ConfigEvaluator::expand(Instances* out, Diagnostics& diags) {
  size_t before = diags.items.size();
  *out = Instances{};
  auto root = std::make_unique<ModuleInstance>();
  root->module = config_.root.get();
  out->modules.push_back(std::move(root));
  {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    instances_ = out;
    children_.clear();
  }
  // Breadth-first: parents are expanded (and indexed) before their children need them.
  for (size_t i = 0; i < out->modules.size(); ++i) {
    ModuleInstance& mi = *out->modules[i];
    for (const auto& [name, call] : mi.module->calls) {
      auto child_it = mi.module->children.find(name);
      if (child_it == mi.module->children.end()) continue;
      ResourceKeys keys;
      std::vector<Binding> bindings;
      Budget budget{out->modules.size(), config_.limits.modules, "module instances", call.span};
      KeysResult got = expand_keys(mi, call.count, call.for_each, budget, &keys, &bindings, diags);
      if (got == KeysResult::OverLimit) return false;
      if (got == KeysResult::Failed) continue;
      if ((call.count || call.for_each) && !child_it->second->providers.empty()) {
        diags.error("Module with provider blocks cannot use count or for_each",
                    "The module \"" + name +
                        "\" declares its own provider configurations; pass "
                        "them in with `providers` instead so each instance can share them.",
                    call.span);
        continue;
      }
      for (size_t k = 0; k < keys.keys.size(); ++k) {
        auto child = std::make_unique<ModuleInstance>();
        child->path = mi.path.child(name, keys.keys[k]);
        child->module = child_it->second.get();
        child->call = &call;
        child->parent = &mi;
        child->binding = bindings[k];
        {
          std::lock_guard<std::recursive_mutex> lock(mu_);
          children_[&mi][name].push_back(child.get());
        }
        out->modules.push_back(std::move(child));
      }
    }
  }
  expand_providers(out, diags);
  // Resources next, module by module. Their keys are recorded first so that references
  // between for_each'd resources see the right shape.
  for (const auto& mptr : out->modules) {
    const ModuleInstance& mi = *mptr;
    for (const auto& [local, r] : mi.module->resources) {
      ResourceKeys keys;
      std::vector<Binding> bindings;
      Budget budget{out->resources.size(), config_.limits.instances, "resource instances", r.span};
      KeysResult got = expand_keys(mi, r.count, r.for_each, budget, &keys, &bindings, diags);
      if (got == KeysResult::OverLimit) return false;
      if (got == KeysResult::Failed) continue;
      ResourceAddr raddr{mi.path, r.mode, r.type, r.name};
      ProviderRef ref = r.provider ? *r.provider : ProviderRef{r.provider_type, "", r.span, {}};
      // An indexed reference (`kube.cluster[each.key]`) may pick another instance per key.
      std::optional<ProviderAddr> shared;
      if (!ref.key) shared = provider_for(mi, ref, Binding{}, out, diags);
      for (size_t k = 0; k < keys.keys.size(); ++k) {
        ResourceInstance ri;
        ri.addr = InstanceAddr{raddr, keys.keys[k]};
        ri.resource = &r;
        ri.module = &mi;
        ri.binding = bindings[k];
        ri.provider = shared ? *shared : provider_for(mi, ref, ri.binding, out, diags);
        out->resources.push_back(std::move(ri));
      }
      out->keys[raddr] = std::move(keys);
    }
  }
  for (size_t i = before; i < diags.items.size(); ++i)
    if (diags.items[i].severity == Severity::Error) return false;
  return true;
}

}  // namespace fedplan
