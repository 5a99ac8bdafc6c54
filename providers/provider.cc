// Default behaviour of the provider seam: one-by-one bulk reads, no import, and the registry
// of provider types.
#include "providers/provider.h"

namespace fedplan {

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
