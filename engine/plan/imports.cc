// Plannable import: the root module's `import` blocks expanded and checked, and each object
// read through its provider while planning, so the plan shows it "will be imported".
#include <unordered_map>

#include "base/address_hash.h"
#include "base/quote.h"
#include "base/suggest.h"
#include "engine/plan/import_blocks.h"
#include "engine/plan/refactor.h"

namespace fedplan {

namespace {

// What tells one object from another: its string `id` attribute, else its `uid` (a
// kube_object's metadata.uid); "" when it has neither.
std::string id_of(const Value& v) {
  for (const char* name : {"id", "uid"}) {
    const Value* id = v.known() && v.is_mapping() ? v.get(name) : nullptr;
    if (id && id->known() && !id->sensitive() && id->kind() == ValueKind::String)
      return id->as_string();
  }
  return "";
}

// The instance key `k` evaluates to, for `to = TYPE.NAME[KEY]` of a for_each import block.
std::optional<InstanceKey> import_key_of(const Value& k) {
  if (!k.wholly_known() || k.sensitive()) return std::nullopt;
  if (k.kind() == ValueKind::String) return InstanceKey::of(k.as_string());
  if (k.kind() == ValueKind::Number) {
    double n = k.as_number();
    if (n >= 0 && n == static_cast<double>(static_cast<int64_t>(n)))
      return InstanceKey::of(static_cast<int64_t>(n));
  }
  return std::nullopt;
}

// The each.key / each.value bindings of an import block's for_each, or nullopt (with an
// error) when it is not known at plan time or not a map, set or list.
std::optional<std::vector<Binding>> import_bindings(const ModuleInstance& root,
                                                    const ImportBlock& ib, ConfigEvaluator& e,
                                                    Diagnostics& diags) {
  std::vector<Binding> out;
  if (!ib.for_each) return std::vector<Binding>{Binding{}};
  Diagnostics d;
  Value v = e.evaluate(root, *ib.for_each, Binding{}, d);
  bool bad = d.has_errors();
  diags.append(std::move(d));
  if (bad) return std::nullopt;
  auto invalid = [&](const std::string& why) {
    diags.error("Invalid for_each argument", why, ib.for_each->span);
    return std::nullopt;
  };
  if (!v.wholly_known())
    return invalid(
        "The for_each of an import block must be known at plan time: its keys name the "
        "instances to import into, and its values usually the IDs. Use variables, locals or "
        "literals, not attributes of resources that are not created yet.");
  if (v.sensitive())
    return invalid(
        "Sensitive values cannot be used in for_each: the keys become part of "
        "instance addresses, which are always shown.");
  if (v.is_null()) return invalid("for_each cannot be null; use {} for none.");
  if (v.is_mapping()) {
    for (const auto& [k, x] : v.attributes())
      out.push_back(Binding{true, Value::string(k), x, std::nullopt, nullptr, nullptr});
    return out;
  }
  if (v.kind() == ValueKind::Set || v.is_sequence()) {
    bool set = v.kind() == ValueKind::Set;
    int64_t i = 0;
    for (const Value& x : v.elements()) {
      Value key = set ? x : Value::number(static_cast<double>(i++));
      out.push_back(Binding{true, key, x, std::nullopt, nullptr, nullptr});
    }
    return out;
  }
  return invalid("for_each takes a map, a set or a list; got " + v.type_name() + ".");
}

}  // namespace

std::vector<ExpandedImport> expand_import_blocks(const LoadedConfig& cfg, Diagnostics& diags) {
  std::vector<ExpandedImport> out;
  for (const auto& mi : cfg.instances.modules) {
    if (mi->path.root()) continue;
    for (const ImportBlock& ib : mi->module->imports)
      diags.error("Invalid import configuration",
                  "An import block is allowed only in the root module; this one is in " +
                      mi->path.to_string() +
                      ". Move it to the root module and write the full address in `to`, "
                      "like module.m.kube_object.a.",
                  ib.span);
  }
  const ModuleInstance* root = cfg.instances.root();
  if (!root || root->module->imports.empty()) return out;
  ConfigEvaluator e(cfg.config, cfg.inputs, nullptr, cfg.functions);
  e.use_instances(&cfg.instances);
  for (const ImportBlock& ib : root->module->imports) {
    std::optional<std::vector<Binding>> bindings = import_bindings(*root, ib, e, diags);
    if (!bindings) continue;
    for (const Binding& b : *bindings) {
      ExpandedImport x{ib.to, "", &ib};
      if (ib.to_key) {
        Diagnostics d;
        Value k = e.evaluate(*root, *ib.to_key, b, d);
        bool bad = d.has_errors();
        diags.append(std::move(d));
        if (bad) break;
        std::optional<InstanceKey> key = import_key_of(k);
        if (!key) {
          diags.error("Invalid import address",
                      "The key of `to` must be a string or a whole number known at plan time, "
                      "like kube_object.a[each.key].",
                      ib.to_key->span);
          break;
        }
        x.to.key = *key;
      }
      if (ib.provider && ib.provider->key) {
        Diagnostics d;
        Value k = e.evaluate(*root, *ib.provider->key, b, d);
        bool bad = d.has_errors();
        diags.append(std::move(d));
        if (bad) break;
        std::optional<InstanceKey> key = import_key_of(k);
        if (!key) {
          diags.error("Invalid provider reference",
                      "The key of `provider` must be a string or a whole number known at plan "
                      "time, like kube.cluster[each.key].",
                      ib.provider->key->span);
          break;
        }
        x.provider_key = *key;
      }
      Diagnostics d;
      Value id = e.evaluate(*root, *ib.id, b, d);
      bool bad = d.has_errors();
      diags.append(std::move(d));
      if (bad) break;
      if (!id.wholly_known() || id.kind() != ValueKind::String || id.as_string().empty()) {
        diags.error("Invalid import id",
                    "The import ID must be a non-empty string known at plan time (from "
                    "variables, locals or literals, not from other resources)" +
                        std::string(ib.for_each ? ", for every element of for_each." : "."),
                    ib.id->span);
        break;
      }
      x.id = id.as_string();
      out.push_back(std::move(x));
    }
  }
  return out;
}

void check_import_blocks(const LoadedConfig& cfg, Refactoring& out, Diagnostics& diags) {
  std::vector<ExpandedImport> imports = expand_import_blocks(cfg, diags);
  if (imports.empty()) return;
  std::unordered_map<InstanceAddr, const ResourceInstance*, InstanceAddrHash> by_addr;
  std::vector<std::string> known;
  for (const ResourceInstance& ri : cfg.instances.resources) {
    by_addr.emplace(ri.addr, &ri);
    if (ri.addr.resource.mode == ResourceMode::Managed) known.push_back(ri.addr.to_string());
  }
  for (const ExpandedImport& x : imports) {
    const ImportBlock& ib = *x.block;
    auto ri = by_addr.find(x.to);
    if (ri == by_addr.end()) {
      std::string hint;
      if (auto s = suggest(x.to.to_string(), known)) hint = " Did you mean " + *s + "?";
      diags.error("Configuration for import target does not exist",
                  "The configuration has no resource instance " + x.to.to_string() +
                      ". Every object fedplan imports needs one: write its resource block "
                      "(or add the key to its count or for_each) first, or have `fedplan plan "
                      "-generate-config-out=FILE` write it." +
                      hint,
                  ib.to_span);
      continue;
    }
    const ProviderAddr& paddr = ri->second->provider;
    if (ib.provider && !(paddr.module.root() && paddr.type == ib.provider->type &&
                         paddr.alias == ib.provider->alias && paddr.key == x.provider_key)) {
      ProviderAddr named{ModulePath{}, ib.provider->type, ib.provider->alias, x.provider_key};
      diags.error("Import provider mismatch",
                  "The import block names provider " + named.to_string() + ", but " +
                      x.to.to_string() + " is managed by provider[" + paddr.to_string() +
                      "]. Leave `provider` out, or name the resource's own.",
                  ib.provider->span);
      continue;
    }
    if (out.imports.count(x.to)) {
      diags.error("Duplicate import configuration",
                  "Another import block already imports an object to " + x.to.to_string() + ".",
                  ib.span);
      continue;
    }
    out.imports[x.to] = ImportTarget{x.id, paddr, ib.span};
  }
}

bool plan_import(Provider& provider, const ImportTarget& t, const Value* recorded,
                 ResourceChange& ch, Value& before, Diagnostics& diags) {
  std::string addr = ch.addr.to_string();
  const std::string& type = ch.addr.resource.type;
  auto failed = [&](Diagnostics&& d) {
    for (Diagnostic& x : d.items) {
      if (x.address.empty()) x.address = addr;
      if (!x.range) x.range = t.span.range();
    }
    bool bad = d.has_errors();
    diags.append(std::move(d));
    return bad;
  };
  ReadResult imported = provider.import(type, t.id);
  if (failed(std::move(imported.diags))) return false;
  auto missing = [&] {
    diags
        .error("Cannot import non-existent remote object",
               "While attempting to import an existing object to " + addr +
                   ", the provider found no " + type + " with ID " + quote(t.id) +
                   ". Check the ID (see the provider's documentation for its form) and that the "
                   "object exists.",
               t.span)
        .address = addr;
    return false;
  };
  if (imported.state.is_null()) return missing();
  if (recorded) {
    // Already managed: the block was applied before, or names another object.
    std::string was = id_of(*recorded), now = id_of(imported.state);
    if (!was.empty() && was == now) return true;
    diags
        .error("Import target already managed",
               addr + " already manages an object" +
                   (was.empty() ? "" : " (id " + quote(was) + ")") + ", not the one with ID " +
                   quote(t.id) +
                   ". Remove the import block, or forget the recorded object first with "
                   "`fedplan state rm " +
                   addr + "` (or a removed block).",
               t.span)
        .address = addr;
    return false;
  }
  ReadResult read = provider.read(type, imported.state);
  if (failed(std::move(read.diags))) return false;
  if (read.state.is_null()) return missing();
  before = std::move(read.state);
  ch.importing = t.id;
  return true;
}

}  // namespace fedplan
