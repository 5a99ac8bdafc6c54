// generate_import_config follows `terraform plan -generate-config-out`: only import targets
// without configuration, only single root resources, the file formatted and headed as generated.
#include "engine/plan/generate_config.h"

#include <set>

#include "base/quote.h"
#include "engine/config/decode.h"
#include "engine/plan/import_blocks.h"
#include "lang/format.h"
#include "lang/hcl_literal.h"

namespace fedplan {
namespace {

constexpr const char* kGeneratedHeader =
    "# __generated__ by fedplan\n"
    "# Please review these resources and move them into your main configuration files.\n";

// `v` marked sensitive when the schema says the attribute is.
Value generated_attribute(const AttributeSchema& a, const Value& v) {
  return a.sensitive ? v.mark_sensitive() : v;
}

// `name { ... }` lines, two spaces deep, for one element of a nested block.
std::string generated_block(const BlockSchema& b, const Value& element) {
  std::string out = "  " + b.name + " {\n";
  for (const AttributeSchema& a : b.attributes) {
    const Value* v = element.is_mapping() ? element.get(a.name) : nullptr;
    if (!v || v->is_null() || a.read_only) continue;
    out += "    " + a.name + " = " + hcl_literal(generated_attribute(a, *v), 4) + "\n";
  }
  return out + "  }\n";
}

// The object `x.to` names, imported and read through `p`; null (with an error) when not found.
Value generated_import_read(Provider& p, const ExpandedImport& x, Diagnostics& diags) {
  const std::string& type = x.to.resource.type;
  auto failed = [&](Diagnostics&& d) {
    for (Diagnostic& item : d.items) {
      if (item.address.empty()) item.address = x.to.to_string();
      if (!item.range) item.range = x.block->span.range();
    }
    bool bad = d.has_errors();
    diags.append(std::move(d));
    return bad;
  };
  ReadResult imported = p.import(type, x.id);
  if (failed(std::move(imported.diags))) return Value();
  ReadResult read;
  if (!imported.state.is_null()) {
    read = p.read(type, imported.state);
    if (failed(std::move(read.diags))) return Value();
  }
  if (read.state.is_null())
    diags.error("Cannot import non-existent remote object",
                "While attempting to generate configuration for " + x.to.to_string() +
                    ", the provider found no " + type + " with ID " + quote(x.id) + ".",
                x.block->span);
  return read.state;
}

}  // namespace

std::string resource_block_config(const InstanceAddr& addr, const std::string& provider,
                                  const std::string& id, const ResourceSchema& schema,
                                  const Value& state) {
  std::string out = "# __generated__ by fedplan from " + quote(id) + "\n";
  out += "resource " + quote(addr.resource.type) + " " + quote(addr.resource.name) + " {\n";
  if (!provider.empty()) out += "  provider = " + provider + "\n";
  for (const AttributeSchema& a : schema.attributes) {
    const Value* v = state.is_mapping() ? state.get(a.name) : nullptr;
    if (a.read_only || !v || v->is_null()) continue;
    out += "  " + a.name + " = " + hcl_literal(generated_attribute(a, *v), 2) + "\n";
  }
  for (const BlockSchema& b : schema.blocks) {
    const Value* v = state.is_mapping() ? state.get(b.name) : nullptr;
    if (!v || !v->known() || v->is_null()) continue;
    if (v->is_sequence()) {
      for (const Value& e : v->elements()) out += generated_block(b, e);
    } else {
      out += generated_block(b, *v);
    }
  }
  return out + "}\n";
}

GeneratedConfig generate_import_config(const LoadedConfig& cfg, ProviderSet& providers,
                                       const std::vector<std::string>& provider_types,
                                       Diagnostics& diags) {
  GeneratedConfig out;
  const ModuleInstance* root = cfg.instances.root();
  if (!root) return out;
  std::vector<ExpandedImport> imports = expand_import_blocks(cfg, diags);
  ConfigEvaluator e(cfg.config, cfg.inputs, nullptr, cfg.functions);
  e.use_instances(&cfg.instances);
  std::set<ResourceAddr> done;
  std::string blocks;
  for (const ExpandedImport& x : imports) {
    const ResourceAddr& r = x.to.resource;
    // A module's resources are its own to declare: the plan reports one that is missing.
    if (!r.module.root()) continue;
    if (root->module->find_resource(ResourceMode::Managed, r.type, r.name)) continue;
    if (!x.to.key.empty()) {
      diags.error("Cannot generate configuration for an instance with a key",
                  "Configuration generation writes single resources only, as Terraform's: "
                  "write the resource block of " +
                      r.to_string() + " with its count or for_each by hand, or import to " +
                      r.to_string() + " without a key.",
                  x.block->to_span);
      continue;
    }
    if (!done.insert(r).second) continue;  // two blocks, one target: the plan reports it
    std::string ptype = x.block->provider ? x.block->provider->type
                                          : provider_for_resource_type(r.type, provider_types);
    std::string alias = x.block->provider ? x.block->provider->alias : "";
    if (ptype.empty()) {
      diags.error("Invalid resource type",
                  "No provider fedplan has serves the resource type " + quote(r.type) + ".",
                  x.block->to_span);
      continue;
    }
    ProviderAddr paddr{ModulePath{}, ptype, alias, x.provider_key};
    bool named = !alias.empty() || !x.provider_key.empty();
    if (named && !cfg.instances.providers.count(paddr)) {
      diags.error("Provider configuration not present",
                  "The import block names provider " + paddr.to_string() +
                      ", which the root module does not configure.",
                  x.block->provider->span);
      continue;
    }
    Provider* p = providers.configure(paddr, cfg.instances, e, diags);
    if (!p) continue;
    const ResourceSchema* schema = p->schema().resource(r.type);
    if (!schema) {
      diags.error("Invalid resource type",
                  "Provider " + quote(ptype) + " has no resource type " + quote(r.type) + ".",
                  x.block->to_span);
      continue;
    }
    Value state = generated_import_read(*p, x, diags);
    if (state.is_null()) continue;
    blocks +=
        "\n" + resource_block_config(x.to, named ? paddr.to_string() : "", x.id, *schema, state);
    out.resources.push_back(x.to);
  }
  if (blocks.empty()) return out;
  std::string text = kGeneratedHeader + blocks;
  Diagnostics fd;
  std::optional<std::string> formatted = format_source(text, "generated configuration", fd);
  if (!formatted) {
    diags.error("Generated configuration does not parse",
                "This is a bug in fedplan: the configuration written for the imported objects "
                "is not valid. " +
                    (fd.items.empty() ? std::string() : fd.items.front().summary));
    return out;
  }
  out.text = std::move(*formatted);
  return out;
}

}  // namespace fedplan
