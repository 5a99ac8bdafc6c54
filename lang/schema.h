// Schemas: the arguments, attributes and nested blocks a resource type, data source or
// provider configuration takes, read by the config decoder and written by every provider.
#pragma once

#include <string>
#include <vector>

#include "lang/types.h"

namespace fedplan {

// One argument or result attribute of a resource, data source or provider configuration.
struct AttributeSchema {
  std::string name;
  Type type = Type::any();
  bool required = false;   // the config must set it
  bool computed = false;   // the provider sets it (unknown in a plan until applied)
  bool sensitive = false;  // redacted in every output
  bool force_new = false;  // a change means replace (delete and create)
  std::string description;
  bool read_only = false;  // computed only: the config may not set it
};

// A nested block such as `wait { condition = "Ready" }`. The evaluated config holds it as an
// object (max_items 1) or a list of objects.
struct BlockSchema {
  std::string name;
  std::vector<AttributeSchema> attributes;
  int max_items = 1;  // 0 = unlimited
  std::string description;
};

// The arguments and attributes of one resource type, data source type or provider config.
struct ResourceSchema {
  std::string type;
  std::string description;
  std::vector<AttributeSchema> attributes;
  std::vector<BlockSchema> blocks;

  const AttributeSchema* attribute(const std::string& name) const;
  const BlockSchema* block(const std::string& name) const;
};

// Everything a provider serves.
struct ProviderSchema {
  ResourceSchema config;  // the `provider "TYPE" "NAME" { ... }` block
  std::vector<ResourceSchema> resources;
  std::vector<ResourceSchema> data_sources;

  const ResourceSchema* resource(const std::string& type) const;
  const ResourceSchema* data_source(const std::string& type) const;
};

}  // namespace fedplan
