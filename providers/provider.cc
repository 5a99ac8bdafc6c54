// Default behaviour of the provider seam: schema lookups, one-by-one bulk reads, no import,
// and the registry of provider types.
#include "providers/provider.h"

namespace fedplan {

const AttributeSchema* ResourceSchema::attribute(const std::string& name) const {
  for (const AttributeSchema& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

const BlockSchema* ResourceSchema::block(const std::string& name) const {
  for (const BlockSchema& b : blocks)
    if (b.name == name) return &b;
  return nullptr;
}

const ResourceSchema* ProviderSchema::resource(const std::string& type) const {
  for (const ResourceSchema& r : resources)
    if (r.type == type) return &r;
  return nullptr;
}

const ResourceSchema* ProviderSchema::data_source(const std::string& type) const {
  for (const ResourceSchema& r : data_sources)
    if (r.type == type) return &r;
  return nullptr;
}

std::vector<ReadResult> Provider::read_many(const std::string& type,
                                            const std::vector<Value>& states) {
  std::vector<ReadResult> out;
  out.reserve(states.size());
  for (const Value& s : states) out.push_back(read(type, s));
  return out;
}

ReadResult Provider::import(const std::string& type, const std::string& id) {
  ReadResult r;
  r.diags.error("Import not supported",
                "Resources of type \"" + type + "\" cannot be imported (id \"" + id + "\").");
  return r;
}

std::unique_ptr<Provider> ProviderRegistry::create(const std::string& name) const {
  auto it = factories.find(name);
  return it == factories.end() ? nullptr : it->second();
}

std::vector<std::string> ProviderRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, f] : factories) out.push_back(name);
  return out;
}

}  // namespace fedplan
