// Schema lookups by name: an attribute or block of a resource, a resource or data source of a
// provider. Schemas are small, so a linear search is the fastest there is.
#include "lang/schema.h"

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

}  // namespace fedplan
