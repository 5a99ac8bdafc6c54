// Importer: checks an import address against the configuration (with did-you-mean hints),
// then asks the resource's provider to import and read the object, and records it.
#include "engine/apply/importer.h"

#include "base/suggest.h"
#include "state/instance_value.h"

namespace fedplan {

namespace {

// "a, b, c" (at most `limit` items, then "...").
std::string join_keys(const std::vector<InstanceKey>& keys, size_t limit = 10) {
  std::string out;
  for (size_t i = 0; i < keys.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += keys[i].to_string();
  }
  if (keys.size() > limit) out += ", ...";
  return out;
}

std::string hint(const std::optional<std::string>& s) {
  return s ? " Did you mean " + *s + "?" : "";
}

// The error for a resource block that is there but has no instance with `addr`'s key.
void wrong_key(const InstanceAddr& addr, const ResourceKeys& keys, Diagnostics& diags) {
  std::string res = addr.resource.to_string();
  std::string summary = "Invalid instance key for import target " + addr.to_string();
  switch (keys.expansion) {
    case Expansion::Single:
      diags.error(summary, res +
                               " has neither count nor for_each, so its one instance has no key: "
                               "import to " +
                               res + ".");
      return;
    case Expansion::Count:
      if (keys.keys.empty()) {
        diags.error(summary, res +
                                 " has count = 0, so it has no instance to import to. Raise "
                                 "count first.");
      } else if (addr.key.kind != InstanceKey::Kind::Int) {
        diags.error(summary, res + " uses count, so its instances are numbered: " + res +
                                 "[0] to " + res + "[" + std::to_string(keys.keys.size() - 1) +
                                 "]. Name one of them.");
      } else {
        diags.error(summary, res + " has count = " + std::to_string(keys.keys.size()) +
                                 ", so there is no instance " + addr.key.to_string() +
                                 ". Raise count first, or import to an existing index.");
      }
      return;
    case Expansion::ForEach: {
      if (keys.keys.empty()) {
        diags.error(summary, res +
                                 " has for_each over an empty collection, so it has no "
                                 "instance to import to.");
        return;
      }
      if (addr.key.kind != InstanceKey::Kind::String) {
        diags.error(summary, res + " uses for_each, so its instances have string keys: " +
                                 join_keys(keys.keys) + ". Name one of them, e.g. " + res +
                                 keys.keys.front().to_string() + ".");
        return;
      }
      std::vector<std::string> names;
      for (const InstanceKey& k : keys.keys) names.push_back(k.key);
      std::optional<std::string> near = suggest(addr.key.key, names);
      diags.error(
          summary,
          "The for_each of " + res + " has no key " + addr.key.to_string() + "; its keys are " +
              join_keys(keys.keys) + "." +
              hint(near ? std::optional<std::string>(res + InstanceKey::of(*near).to_string())
                        : std::nullopt));
      return;
    }
  }
}

}  // namespace

const ResourceInstance* find_import_target(const LoadedConfig& cfg, const InstanceAddr& addr,
                                           Diagnostics& diags) {
  if (addr.resource.mode == ResourceMode::Data) {
    diags.error("Cannot import to a data source",
                addr.to_string() +
                    " is a data source. Only managed resources can be imported; "
                    "data sources are read at every plan.");
    return nullptr;
  }
  auto k = cfg.instances.keys.find(addr.resource);
  if (k == cfg.instances.keys.end()) {
    std::vector<std::string> known;
    for (const auto& [r, keys] : cfg.instances.keys)
      if (r.mode == ResourceMode::Managed) known.push_back(r.to_string());
    std::string module = addr.resource.module.root() ? std::string("the root module")
                                                     : addr.resource.module.to_string();
    diags.error("Configuration for import target does not exist",
                "The configuration has no resource block for " + addr.resource.to_string() +
                    ". Every object fedplan imports needs one: write resource \"" +
                    addr.resource.type + "\" \"" + addr.resource.name + "\" { ... } in " + module +
                    " first, then import." + hint(suggest(addr.resource.to_string(), known)));
    return nullptr;
  }
  for (const ResourceInstance& ri : cfg.instances.resources)
    if (ri.addr == addr) return &ri;
  wrong_key(addr, k->second, diags);
  return nullptr;
}

bool import_instance(const LoadedConfig& cfg, State& state, ProviderSet& providers,
                     const InstanceAddr& addr, const std::string& id, const Progress& progress,
                     Diagnostics& diags) {
  std::string where = addr.to_string();
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  auto fail = [&](Diagnostics&& d) {
    for (Diagnostic& x : d.items)
      if (x.address.empty()) x.address = where;
    bool bad = d.has_errors();
    diags.append(std::move(d));
    return bad;
  };
  if (state.find(addr)) {
    diags.error("Resource already managed by fedplan",
                "fedplan already manages an object as " + where +
                    " (the state records it). To import another object to this address, first "
                    "remove the recorded one from the state with `fedplan state rm " +
                    where + "`; to adopt this one, import it to another address.");
    return false;
  }
  const ResourceInstance* ri = find_import_target(cfg, addr, diags);
  if (!ri) return false;
  const ProviderAddr& paddr = ri->provider;
  if (!providers.schema(paddr.type)) {
    diags.error("Unknown provider \"" + paddr.type + "\"",
                where + " is managed by provider[" + paddr.to_string() +
                    "], which this fedplan does not have.");
    return false;
  }
  // The provider block may use other resources' values: those the state records.
  WalkValues values;
  for (const auto& [a, inst] : state.instances) values.set(a, value_of(inst));
  ConfigEvaluator e(cfg.config, cfg.inputs, &values, cfg.functions);
  e.use_instances(&cfg.instances);
  Provider* p = providers.configure(paddr, cfg.instances, e, diags);
  if (!p) return false;
  const std::string& type = addr.resource.type;
  if (!p->schema().resource(type)) {
    diags.error("Unknown resource type " + type,
                "provider[" + paddr.to_string() + "] has no resource type " + type + ".");
    return false;
  }

  say(where + ": Importing from ID \"" + id + "\"...");
  ReadResult imported = p->import(type, id);
  if (fail(std::move(imported.diags))) return false;
  auto missing = [&] {
    diags
        .error("Cannot import non-existent remote object",
               "While attempting to import an existing object to " + where +
                   ", the provider found no " + type + " with ID \"" + id +
                   "\". Check the ID (see the provider's documentation for its form) and that "
                   "the object exists.")
        .address = where;
    return false;
  };
  if (imported.state.is_null()) return missing();
  say(where + ": Import prepared!\n  Prepared " + type + " for import");
  say(where + ": Refreshing state... [id=" + id + "]");
  ReadResult read = p->read(type, imported.state);
  if (fail(std::move(read.diags))) return false;
  if (read.state.is_null()) return missing();
  // No dependencies are recorded, as with Terraform's import: the next apply that changes
  // the object records them.
  state.set(record_of(addr, paddr, read.state, {}));
  return true;
}

}  // namespace fedplan
