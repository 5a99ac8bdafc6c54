// Provider instances: provider blocks (one instance per for_each key) and the resolution of
// each resource's provider reference, through module calls' `providers`, to one instance.
#include "base/suggest.h"
#include "engine/config/evaluator.h"

namespace fedplan {

namespace {

const char* kProviderKeysUnknown =
    "The keys of a provider block's for_each must be known before anything is planned: build "
    "them from variables, locals and literals, never from values known only after apply.";

// `"a", "b", "c"` for the keys of a provider block.
std::string provider_keys_list(const ResourceKeys& keys) {
  std::string out;
  for (const InstanceKey& k : keys.keys) out += (out.empty() ? "" : ", ") + k.to_string();
  return out.empty() ? "none (its for_each is empty)" : out;
}

}  // namespace

void ConfigEvaluator::expand_providers(Instances* out, Diagnostics& diags) {
  // Every provider block is an instance even when no resource in the configuration uses it:
  // objects recorded in the state may still need it (to be deleted). The planner configures
  // only the ones something uses.
  for (const auto& mptr : out->modules)
    for (const ProviderConfig& pc : mptr->module->providers) {
      ProviderAddr addr{mptr->path, pc.type, pc.alias, {}};
      if (!pc.for_each) {
        out->providers.emplace(addr, ProviderInstance{addr, &pc, mptr.get(), {}});
        continue;
      }
      if (pc.alias.empty()) continue;  // reported when decoding
      ResourceKeys keys;
      std::vector<Binding> bindings;
      Budget budget{0, config_.limits.instances_per_block, "provider instances", pc.span};
      if (expand_keys(*mptr, nullptr, pc.for_each, budget, &keys, &bindings, diags,
                      kProviderKeysUnknown) != KeysResult::Expanded)
        continue;
      for (size_t k = 0; k < keys.keys.size(); ++k) {
        ProviderAddr one = addr;
        one.key = keys.keys[k];
        out->providers.emplace(one, ProviderInstance{one, &pc, mptr.get(), bindings[k]});
      }
      out->provider_keys[addr] = std::move(keys);
    }
}

ProviderAddr ConfigEvaluator::provider_for(const ModuleInstance& mi, const ProviderRef& ref,
                                           const Binding& binding, Instances* out,
                                           Diagnostics& diags) {
  ProviderAddr addr{mi.path, ref.type, ref.alias, {}};
  if (const ProviderConfig* pc = mi.module->find_provider(ref.type, ref.alias)) {
    if (!pc->for_each) {
      if (ref.key)
        diags.error("Provider configuration has no for_each",
                    "\"" + ref.to_string() +
                        "\" is a single configuration, not a provider block with for_each; "
                        "refer to it without an index.",
                    ref.key->span);
      out->providers.emplace(addr, ProviderInstance{addr, pc, &mi, {}});
      return addr;
    }
    if (!ref.key) {
      diags.error("Provider instance not selected",
                  "The provider block \"" + ref.to_string() +
                      "\" has for_each, so it is several configurations: choose one by its key, "
                      "like " +
                      ref.to_string() + "[each.key] or " + ref.to_string() + "[\"NAME\"].",
                  ref.span);
      return addr;
    }
    auto keys = out->provider_keys.find(addr);
    if (keys == out->provider_keys.end()) return addr;  // its for_each failed: reported
    Value k = evaluate(mi, *ref.key, binding, diags);
    if (!k.known()) {
      diags.error("Invalid provider instance key",
                  "The key of \"" + ref.to_string() +
                      "\" is known only after apply; provider instances are chosen when "
                      "planning, so use each.key, variables, locals or literals.",
                  ref.key->span);
      return addr;
    }
    if (k.kind() != ValueKind::String || k.sensitive()) {
      diags.error("Invalid provider instance key",
                  "The instances of \"" + ref.to_string() + "\" are keyed by strings; got " +
                      (k.sensitive() ? "a sensitive value" : k.type_name()) + ".",
                  ref.key->span);
      return addr;
    }
    if (keys->second.find(k) < 0) {
      std::vector<std::string> names;
      for (const InstanceKey& ik : keys->second.keys) names.push_back(ik.key);
      std::string hint;
      if (auto s = suggest(k.as_string(), names))
        hint = " Did you mean " + InstanceKey::of(*s).to_string() + "?";
      SourceRange block = pc->span;
      diags.error("No such provider instance",
                  "The provider block \"" + ref.to_string() + "\" (" + block.file + ":" +
                      std::to_string(block.start.line) + ") has no instance " +
                      InstanceKey::of(k.as_string()).to_string() +
                      "; its instances are: " + provider_keys_list(keys->second) + "." + hint,
                  ref.key->span);
      return addr;
    }
    addr.key = InstanceKey::of(k.as_string());
    return addr;
  }
  if (mi.call) {
    for (const auto& [child, parent] : mi.call->providers) {
      if (child.type != ref.type || child.alias != ref.alias) continue;
      if (ref.key) {
        diags.error("Provider configuration has no for_each",
                    "\"" + ref.to_string() + "\" is passed in by the module call \"" +
                        mi.call->name +
                        "\" as one configuration; refer to it without an index (the call picks "
                        "the instance: providers = { " +
                        ref.to_string() + " = " + parent.to_string() + "[each.key] }).",
                    ref.key->span);
        return addr;
      }
      return provider_for(*mi.parent, parent, mi.binding, out, diags);
    }
    if (ref.alias.empty()) return provider_for(*mi.parent, ref, Binding{}, out, diags);
    diags.error("Provider configuration not passed in",
                "The module \"" + mi.call->name + "\" uses the provider \"" + ref.to_string() +
                    "\", but its call does not pass one: add `providers = { " + ref.to_string() +
                    " = ... }` to the module block.",
                mi.call->span);
    return addr;
  }
  // Root without a block: an implied, empty default configuration (like Terraform).
  if (!ref.alias.empty()) {
    diags.error("Provider configuration not present",
                "There is no provider block \"" + ref.type + "\" \"" + ref.alias + "\".", ref.span);
  }
  out->providers.emplace(addr, ProviderInstance{addr, nullptr, &mi, {}});
  return addr;
}

}  // namespace fedplan
