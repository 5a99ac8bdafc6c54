// Default behaviour of the provider seam: one-by-one bulk reads, no import, identity by the
// force_new attributes and id, and the registry of provider types.
#include "providers/provider.h"

#include "lang/value_equality.h"

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

std::string Provider::attribute_differs(const std::string& name, const Value& recorded,
                                        const Value& live, bool sensitive) {
  const Value* was = recorded.is_mapping() ? recorded.get(name) : nullptr;
  if (!was || was->is_null() || !was->wholly_known()) return "";  // not known: nothing to hold
  const Value* now = live.is_mapping() ? live.get(name) : nullptr;
  Value found = now ? now->unmarked_deep() : Value();
  Value want = was->unmarked_deep();
  if (same_value(want, found)) return "";
  if (sensitive || was->contains_sensitive()) return name + " differs from the record's";
  return name + " is " + to_json(found).dump() + ", but the record's is " + to_json(want).dump();
}

std::string Provider::other_object(const std::string& type, const Value& recorded,
                                   const Value& live) const {
  const ResourceSchema* rs = schema().resource(type);
  if (!rs || live.is_null()) return "";
  for (const AttributeSchema& a : rs->attributes) {
    if (!a.force_new && a.name != "id") continue;
    std::string why = attribute_differs(a.name, recorded, live, a.sensitive);
    if (!why.empty()) return why;
  }
  return "";
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
